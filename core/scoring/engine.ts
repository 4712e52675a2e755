/**
 * The scoring engine: pure functions from plain data (checklist, inventory, drill evidence, answers,
 * accepted risks, a date) to plain results. No I/O, so it can be unit-tested and benchmarked alone.
 */
import type { Checklist, Control, ControlArea } from '../checklist/schema';
import type { OpenCorrectiveAction } from '../evidence/drill-evidence';
import { CONTROL_AREAS } from '../checklist/schema';
import type { Agent, Grant } from '../inventory/model';
import { apportion } from './apportion';
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
};

/** Build the indexes once: O(grants + answers + risks). */
export function prepareRun(input: ScoringInput): PreparedRun {
  const answers = new Map<string, Map<string, Answer>>();
  for (const a of input.answers) (answers.get(a.agentId) ?? answers.set(a.agentId, new Map()).get(a.agentId)!).set(a.controlId, a);
  return {
    checklist: input.checklist,
    rules: input.checklist.controls.map((c) => prepareRule(c)),
    areas: CONTROL_AREAS.filter((a) => input.checklist.controls.some((c) => c.area === a)),
    ix: buildIndex(input.inventory, input.drillEvidence, input.asOf),
    answers,
    risks: new Map(input.acceptedRisks.map((r) => [r.findingKey, r])),
  };
}

type AgentCtx = { agent: Agent; grants: Grant[]; answers: Map<string, Answer> | undefined; corrective: OpenCorrectiveAction[] | undefined };

function controlFor(run: PreparedRun, a: AgentCtx, control: Control, rule: ReturnType<typeof prepareRule>): ControlResult {
  const { agent } = a;
  const outcome = rule ? evaluateRule(rule, control, agent, a.grants, run.ix) : null;
  const findings: Finding[] = [];
  if (outcome) {
    for (const f of outcome.findings) {
      findings.push({
        key: findingKey(control.id, agent.id, f.grantId, f.tag),
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
  if (findings.length > 0 && run.risks.size > 0) applyAcceptance(findings, run.risks, run.ix.asOf, notes);
  return resolveControl({ control, answer: a.answers?.get(control.id), outcome, findings, notes, asOfDay: run.ix.asOfDay });
}

/** Verdict band for a score under the checklist's bands. */
export const band = (score: number, bands: Checklist['bands']): Verdict =>
  score >= bands.ready ? 'ready' : score >= bands.conditional ? 'conditional' : 'not-ready';

/** Explanation lines whose points sum exactly to `score` and whose lost points sum to 100 - score. */
export function explain(controls: ControlResult[], score: number): ExplanationItem[] {
  const scored = controls.filter((c) => c.points !== null);
  const earnedTenths = apportion(scored.map((c) => c.weight * (c.points ?? 0)), score * 10);
  const lostTenths = apportion(scored.map((c) => c.weight * (2 - (c.points ?? 0))), (100 - score) * 10);
  const items: ExplanationItem[] = scored.map((c, i) => ({
    controlId: c.controlId,
    title: c.title,
    effective: c.effective,
    points: earnedTenths[i]! / 10,
    lost: lostTenths[i]! / 10,
    reasons: [...c.findings.filter((f) => f.status === 'open').map((f) => f.message), ...c.notes],
  }));
  items.sort((a, b) => b.lost - a.lost || a.controlId.localeCompare(b.controlId));
  for (const c of controls) if (c.points === null) items.push({ controlId: c.controlId, title: c.title, effective: 'na', points: 0, lost: 0, reasons: ['Excluded from the score (n/a).', ...c.notes] });
  return items;
}

/**
 * Score one agent against every control.
 * Score = sum(weight x points) / sum(weight x 2) x 100 over applicable controls, rounded to an integer.
 * Any critical control at "no" or with an open finding caps the verdict at Not ready.
 */
export function scoreAgent(run: PreparedRun, agent: Agent): AgentScore {
  const ctx: AgentCtx = { agent, grants: run.ix.grantsByAgent.get(agent.id) ?? [], answers: run.answers.get(agent.id), corrective: run.ix.correctiveByAgent.get(agent.id) };
  const controls = run.checklist.controls.map((c, i) => controlFor(run, ctx, c, run.rules[i]!));
  let earned = 0;
  let possible = 0;
  const areaAcc = new Map<string, { earned: number; possible: number; applicable: number }>();
  for (const c of controls) {
    if (c.points === null) continue;
    earned += c.weight * c.points;
    possible += c.weight * 2;
    const a = areaAcc.get(c.area) ?? { earned: 0, possible: 0, applicable: 0 };
    a.earned += c.weight * c.points;
    a.possible += c.weight * 2;
    a.applicable += 1;
    areaAcc.set(c.area, a);
  }
  const score = possible > 0 ? Math.round((earned * 100) / possible) : 0;
  const capReasons: string[] = [];
  if (possible === 0) capReasons.push('No control applies to this agent, so there is nothing to vouch for it.');
  // Most telling first: what the data proves (open findings), then answers of no, then gaps in answering.
  const byFinding: string[] = [];
  const byNo: string[] = [];
  const byUnanswered: string[] = [];
  for (const c of controls) {
    if (!c.critical) continue;
    const open = c.findings.filter((f) => f.status === 'open');
    if (open.length > 0) byFinding.push(`${c.controlId} ${c.title}: ${open.length} open finding${open.length > 1 ? 's' : ''} (${open[0]!.message}${open.length > 1 ? ' …' : ''})`);
    else if (c.effective === 'no') (c.source === 'unanswered' ? byUnanswered : byNo).push(`${c.controlId} ${c.title}: ${c.source === 'unanswered' ? 'not answered yet' : 'answered no'}.`);
  }
  capReasons.push(...byFinding, ...byNo, ...byUnanswered);
  const bandVerdict = band(score, run.checklist.bands);
  const areas: AreaScore[] = run.areas.map((area) => {
    const a = areaAcc.get(area);
    return { area, score: a && a.possible > 0 ? Math.round((a.earned * 100) / a.possible) : null, applicable: a?.applicable ?? 0, earned: a?.earned ?? 0, possible: a?.possible ?? 0 };
  });
  const grants = ctx.grants;
  let openFindings = 0;
  let acceptedFindings = 0;
  for (const c of controls) {
    for (const f of c.findings) {
      if (f.status === 'open') openFindings++;
      else acceptedFindings++;
    }
  }
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
    explanation: explain(controls, score),
    blastRadius: grants.reduce((m, g) => Math.max(m, grantBlastRadius(g, run.ix)), 0),
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
