/**
 * The scoring engine: pure functions from plain data (checklist, inventory, drill evidence, answers,
 * accepted risks, a date) to plain results. No I/O, so it can be unit-tested and benchmarked alone.
 */
import type { Checklist, Control, ControlArea } from '../checklist/schema';
import type { OpenCorrectiveAction } from '../evidence/drill-evidence';
import { CONTROL_AREAS } from '../checklist/schema';
import type { Agent, Grant } from '../inventory/model';
import { apportionInto } from './apportion';
import { grantBlastRadius } from './blast';
import { applyAcceptance, resolveControl } from './control-result';
import { buildIndex, type DataIndex } from './data-index';
import { evaluateRule, prepareRule } from './rules';
import { rollup, topRisks, workflowRollups } from './rollup';
import type { AcceptedRisk, AgentScore, Answer, AreaScore, ControlResult, ExplanationItem, Finding, ScoringInput, Verdict, WorkspaceScores } from './types';

/** A finding's stable key: the same problem keeps the same key across runs (used for risk acceptance and comparison). */
export const findingKey = (controlId: string, agentId: string, grantId: string | null, tag: string): string =>
  `${controlId}:${agentId}:${grantId ?? 'agent'}:${tag}`;

/** Everything prepared once per run and shared by every agent. */
export type PreparedRun = {
  checklist: Checklist;
  /** Prepared rule per control, aligned with checklist.controls. */
  rules: (ReturnType<typeof prepareRule>)[];
  /** Areas the checklist uses, in canonical order. */
  areas: ControlArea[];
  ix: DataIndex;
  /** agentId -> controlId -> answer. */
  answers: Map<string, Map<string, Answer>>;
  risks: Map<string, AcceptedRisk>;
  /** Agent id -> control ids some accepted risk's key could name (a superset: only these need the risk lookup). */
  riskTargets: Map<string, Set<string>>;
  /** Control index -> index into `areas`. */
  areaOf: Int32Array;
  /** Control id -> rank in `localeCompare` order (equal ids share a rank), for sorting explanation lines. */
  idRank: Map<string, number>;
};

/** Which (agent, control) pairs an accepted risk could apply to: keys are `control:agent:grant:tag`. */
function riskTargetsOf(risks: AcceptedRisk[], checklist: Checklist): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const r of risks) {
    for (const c of checklist.controls) {
      if (!r.findingKey.startsWith(`${c.id}:`)) continue;
      const rest = r.findingKey.slice(c.id.length + 1);
      // Agent ids could contain ':', so try every split.
      for (let i = rest.indexOf(':'); i >= 0; i = rest.indexOf(':', i + 1)) {
        const agentId = rest.slice(0, i);
        const set = out.get(agentId);
        if (set) set.add(c.id);
        else out.set(agentId, new Set([c.id]));
      }
    }
  }
  return out;
}

/** Rank of each id in `localeCompare` order; ids that compare equal share a rank. */
function localeRanks(ids: string[]): Map<string, number> {
  const sorted = [...ids].sort((a, b) => a.localeCompare(b));
  const rank = new Map<string, number>();
  let r = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i - 1]!.localeCompare(sorted[i]!) !== 0) r = i;
    if (!rank.has(sorted[i]!)) rank.set(sorted[i]!, r);
  }
  return rank;
}

/** Build the indexes once: O(grants + answers + risks). */
export function prepareRun(input: ScoringInput): PreparedRun {
  const answers = new Map<string, Map<string, Answer>>();
  for (const a of input.answers) (answers.get(a.agentId) ?? answers.set(a.agentId, new Map()).get(a.agentId)!).set(a.controlId, a);
  const { controls } = input.checklist;
  const areas = CONTROL_AREAS.filter((a) => controls.some((c) => c.area === a));
  const ix = buildIndex(input.inventory, input.drillEvidence, input.asOf);
  return {
    checklist: input.checklist,
    rules: controls.map((c) => prepareRule(c)),
    areas,
    ix,
    answers,
    risks: new Map(input.acceptedRisks.map((r) => [r.findingKey, r])),
    riskTargets: riskTargetsOf(input.acceptedRisks, input.checklist),
    areaOf: Int32Array.from(controls, (c) => areas.indexOf(c.area)),
    idRank: localeRanks(controls.map((c) => c.id)),
  };
}

type AgentCtx = {
  agent: Agent;
  grants: Grant[];
  answers: Map<string, Answer> | undefined;
  corrective: OpenCorrectiveAction[] | undefined;
  /** Controls an accepted risk could cover for this agent. */
  riskControls: Set<string> | undefined;
};

function controlFor(run: PreparedRun, a: AgentCtx, control: Control, rule: ReturnType<typeof prepareRule>): ControlResult {
  const { agent } = a;
  const outcome = rule ? evaluateRule(rule, control, agent, a.grants, run.ix) : null;
  const findings: Finding[] = [];
  if (outcome && outcome.findings.length > 0) {
    // findingKey, with the control:agent: prefix built once for all of this control's findings.
    const prefix = `${control.id}:${agent.id}:`;
    for (const f of outcome.findings) {
      findings.push({
        key: `${prefix}${f.grantId ?? 'agent'}:${f.tag}`,
        source: 'rule',
        ruleId: rule?.id ?? '',
        controlId: control.id,
        agentId: agent.id,
        grantId: f.grantId,
        message: f.message,
        status: 'open',
        acceptance: null,
      });
    }
  }
  if (a.corrective) {
    for (const ca of a.corrective) {
      if (!ca.controlIds.includes(control.id)) continue;
      findings.push({
        key: findingKey(control.id, agent.id, null, `ca-${ca.correctiveActionId}`),
        source: 'drill',
        ruleId: 'drill-corrective-action',
        controlId: control.id,
        agentId: agent.id,
        grantId: null,
        message: `Open corrective action from a drill: "${ca.title}" (owner ${ca.owner || 'unassigned'}, due ${ca.dueDate}).`,
        status: 'open',
        acceptance: null,
      });
    }
  }
  const notes: string[] = [];
  if (findings.length > 0 && a.riskControls?.has(control.id)) applyAcceptance(findings, run.risks, run.ix.asOf, notes);
  return resolveControl({ control, answer: a.answers?.get(control.id), outcome, findings, notes, asOfDay: run.ix.asOfDay });
}

/** Verdict band for a score under the checklist's bands. */
export const band = (score: number, bands: Checklist['bands']): Verdict =>
  score >= bands.ready ? 'ready' : score >= bands.conditional ? 'conditional' : 'not-ready';

/** Explanation lines whose points sum exactly to `score` and whose lost points sum to 100 - score. */
export function explain(controls: ControlResult[], score: number): ExplanationItem[] {
  return explainRanked(controls, score, localeRanks(controls.map((c) => c.controlId)));
}

const earnedBuf: number[] = [];
const lostBuf: number[] = [];
const earnedTenths: number[] = [];
const lostTenths: number[] = [];
const rankBuf: number[] = [];

/** `explain`, with the controls' `localeCompare` ranks computed once per run. */
function explainRanked(controls: ControlResult[], score: number, idRank: Map<string, number>): ExplanationItem[] {
  let n = 0;
  for (const c of controls) {
    if (c.points === null) continue;
    earnedBuf[n] = c.weight * c.points;
    lostBuf[n] = c.weight * (2 - c.points);
    n++;
  }
  for (let i = 0; i < n; i++) earnedTenths[i] = lostTenths[i] = 0;
  apportionInto(earnedBuf, n, score * 10, earnedTenths);
  apportionInto(lostBuf, n, (100 - score) * 10, lostTenths);
  const items: ExplanationItem[] = [];
  let i = 0;
  for (const c of controls) {
    if (c.points === null) continue;
    // The open findings' messages, then the notes; the notes array itself when nothing is open (never mutated after scoring).
    let reasons = c.notes;
    for (const f of c.findings) {
      if (f.status !== 'open') continue;
      if (reasons === c.notes) reasons = [];
      reasons.push(f.message);
    }
    if (reasons !== c.notes) for (const note of c.notes) reasons.push(note);
    const item: ExplanationItem = { controlId: c.controlId, title: c.title, effective: c.effective, points: earnedTenths[i]! / 10, lost: lostTenths[i]! / 10, reasons };
    // Insertion sort, stable: most points lost first, then by control id in localeCompare order.
    const rank = idRank.get(c.controlId) ?? 0;
    let k = i;
    while (k > 0) {
      const prev = items[k - 1]!;
      const d = item.lost - prev.lost;
      if (d < 0 || (d === 0 && rankBuf[k - 1]! <= rank)) break;
      items[k] = prev;
      rankBuf[k] = rankBuf[k - 1]!;
      k--;
    }
    items[k] = item;
    rankBuf[k] = rank;
    i++;
  }
  const sorted = items;
  for (const c of controls) {
    if (c.points !== null) continue;
    const reasons = ['Excluded from the score (n/a).'];
    for (const note of c.notes) reasons.push(note);
    sorted.push({ controlId: c.controlId, title: c.title, effective: 'na', points: 0, lost: 0, reasons });
  }
  return sorted;
}

/**
 * Score one agent against every control.
 * Score = sum(weight x points) / sum(weight x 2) x 100 over applicable controls, rounded to an integer.
 * Any critical control at "no" or with an open finding caps the verdict at Not ready.
 */
export function scoreAgent(run: PreparedRun, agent: Agent): AgentScore {
  const ctx: AgentCtx = {
    agent,
    grants: run.ix.grantsByAgent.get(agent.id) ?? [],
    answers: run.answers.get(agent.id),
    corrective: run.ix.correctiveByAgent.get(agent.id),
    riskControls: run.riskTargets.size > 0 ? run.riskTargets.get(agent.id) : undefined,
  };
  const checklistControls = run.checklist.controls;
  const controls: ControlResult[] = new Array<ControlResult>(checklistControls.length);
  for (let i = 0; i < checklistControls.length; i++) controls[i] = controlFor(run, ctx, checklistControls[i]!, run.rules[i]!);
  const nAreas = run.areas.length;
  const areaEarned = new Float64Array(nAreas);
  const areaPossible = new Float64Array(nAreas);
  const areaApplicable = new Int32Array(nAreas);
  let earned = 0;
  let possible = 0;
  for (let i = 0; i < controls.length; i++) {
    const c = controls[i]!;
    if (c.points === null) continue;
    earned += c.weight * c.points;
    possible += c.weight * 2;
    const k = run.areaOf[i]!;
    areaEarned[k]! += c.weight * c.points;
    areaPossible[k]! += c.weight * 2;
    areaApplicable[k]! += 1;
  }
  const score = possible > 0 ? Math.round((earned * 100) / possible) : 0;
  const capReasons: string[] = [];
  if (possible === 0) capReasons.push('No control applies to this agent, so there is nothing to vouch for it.');
  // Most telling first: what the data proves (open findings), then answers of no, then gaps in answering.
  let byNo: string[] | null = null;
  let byUnanswered: string[] | null = null;
  let openFindings = 0;
  let acceptedFindings = 0;
  for (const c of controls) {
    let open = 0;
    let first: Finding | null = null;
    for (const f of c.findings) {
      if (f.status === 'open') {
        open++;
        if (!first) first = f;
      } else acceptedFindings++;
    }
    openFindings += open;
    if (!c.critical) continue;
    if (open > 0) capReasons.push(`${c.controlId} ${c.title}: ${open} open finding${open > 1 ? 's' : ''} (${first!.message}${open > 1 ? ' …' : ''})`);
    else if (c.effective === 'no') {
      if (c.source === 'unanswered') (byUnanswered ??= []).push(`${c.controlId} ${c.title}: not answered yet.`);
      else (byNo ??= []).push(`${c.controlId} ${c.title}: answered no.`);
    }
  }
  if (byNo) for (const r of byNo) capReasons.push(r);
  if (byUnanswered) for (const r of byUnanswered) capReasons.push(r);
  const bandVerdict = band(score, run.checklist.bands);
  const areas: AreaScore[] = new Array<AreaScore>(nAreas);
  for (let k = 0; k < nAreas; k++) {
    const p = areaPossible[k]!;
    areas[k] = { area: run.areas[k]!, score: areaApplicable[k]! > 0 && p > 0 ? Math.round((areaEarned[k]! * 100) / p) : null, applicable: areaApplicable[k]!, earned: areaEarned[k]!, possible: p };
  }
  let blastRadius = 0;
  const facts = run.ix.factsByAgent.get(agent.id);
  if (facts && facts.length === ctx.grants.length) for (const f of facts) blastRadius = Math.max(blastRadius, f.blast);
  else for (const g of ctx.grants) blastRadius = Math.max(blastRadius, grantBlastRadius(g, run.ix));
  return {
    agentId: agent.id,
    agentName: agent.name,
    lifecycle: agent.lifecycle,
    workflowIds: agent.workflowIds,
    score,
    verdict: capReasons.length > 0 ? 'not-ready' : bandVerdict,
    bandVerdict,
    capReasons,
    areas,
    controls,
    openFindings,
    acceptedFindings,
    explanation: explainRanked(controls, score, run.idRank),
    blastRadius,
  };
}

/**
 * Score every agent of a workspace, with roll-ups per workflow and for the workspace, and the top
 * risks (blast radius x readiness gap). This is what dashboards, assessments and reports consume.
 */
export function scoreWorkspace(input: ScoringInput, opts: { topRisks?: number } = {}): WorkspaceScores {
  const run = prepareRun(input);
  const agents = input.inventory.agents.map((a) => scoreAgent(run, a));
  const inService = agents.filter((a) => a.lifecycle !== 'retired');
  const { checklist } = input;
  return {
    checklist: { id: checklist.id, version: checklist.version, title: checklist.title },
    asOf: input.asOf,
    agents,
    // Retired agents are listed (and their leftover access ranks in top risks) but do not count in roll-ups.
    workspace: rollup(inService),
    workflows: workflowRollups(inService, input.inventory.workflows),
    topRisks: topRisks(agents, run.ix, opts.topRisks ?? 10),
  };
}
