/**
 * The full result of one agent: every control with its findings (messages included), notes and
 * the explanation lines. What an agent's page, an assessment snapshot and the reports show.
 */
import type { OpenCorrectiveAction } from '../evidence/drill-evidence';
import { behaviourMessage } from './behaviour';
import type { Agent } from '../inventory/model';
import { agentTotals, newTallies, type Tallies } from './agent-totals';
import { apportionInto } from './apportion';
import { AreaTable } from './area-table';
import { applyAcceptance, resolveControl } from './control-result';
import type { PreparedRun } from './prepared-run';
import { agentData, type AgentData } from './data-index';
import { dayNumber } from './dates';
import { evaluateRule } from './rules';
import type { AgentScore, Answer, ControlResult, ExplanationItem, Finding } from './types';

/** A finding's stable key: the same problem keeps the same key across runs (used for risk acceptance and comparison). */
export const findingKey = (controlId: string, agentId: string, grantId: string | null, tag: string): string =>
  `${controlId}:${agentId}:${grantId ?? 'agent'}:${tag}`;

export const correctiveMessage = (ca: OpenCorrectiveAction): string =>
  ca.origin
    ? `Overdue corrective action on a critical control: "${ca.title}" (owner ${ca.owner || 'unassigned'}, due ${ca.dueDate}).`
    : `Open corrective action from a drill: "${ca.title}" (owner ${ca.owner || 'unassigned'}, due ${ca.dueDate}).`;

/**
 * Whether a corrective action is an open finding on this control: a drill's action re-opens every
 * control it names; any other action only a critical control, and only once past its due date.
 * The numbers-only pass (agent-summary) and the full result both ask this, so they agree.
 */
export const correctiveApplies = (ca: OpenCorrectiveAction, control: { id: string; critical: boolean }, asOfDay: number): boolean =>
  ca.controlIds.includes(control.id) && (!ca.origin || (control.critical && dayNumber(ca.dueDate) < asOfDay));

/** The agent's answer to the i-th control of the checklist. */
export const answerOf = (run: PreparedRun, d: AgentData, i: number): Answer | undefined =>
  d.slot >= 0 ? run.ix.answers[d.slot * run.checklist.controls.length + i] : undefined;

const answerFacts = (answer: Answer | undefined) => ({
  answer,
  value: answer?.value ?? null,
  naReasonGiven: Boolean(answer?.naReason.trim()),
  yesDecayed: null,
});

/** One control's full result: `i` is its position in the checklist. */
export function controlFor(run: PreparedRun, agent: Agent, a: AgentData, i: number): ControlResult {
  const control = run.checklist.controls[i]!;
  const rule = run.rules[i]!;
  const outcome = rule ? evaluateRule(rule, control, agent, a, run.ix) : null;
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
      if (!correctiveApplies(ca, control, run.ix.asOfDay)) continue;
      findings.push({
        key: findingKey(control.id, agent.id, null, `ca-${ca.correctiveActionId}`),
        source: ca.origin ? 'rule' : 'drill',
        ruleId: ca.origin ? 'overdue-corrective-action' : 'drill-corrective-action',
        controlId: control.id,
        agentId: agent.id,
        grantId: null,
        message: correctiveMessage(ca),
        status: 'open',
        acceptance: null,
      });
    }
  }
  for (const b of a.behaviour ?? []) {
    if (!b.controlIds.includes(control.id)) continue;
    findings.push({
      key: findingKey(control.id, agent.id, null, `activity-${b.ruleId}`),
      source: 'activity',
      ruleId: b.ruleId,
      controlId: control.id,
      agentId: agent.id,
      grantId: null,
      message: behaviourMessage(b),
      status: 'open',
      acceptance: null,
    });
  }
  const notes: string[] = [];
  if (findings.length > 0 && a.riskControls?.has(control.id)) applyAcceptance(findings, run.risks, run.ix.asOf, notes);
  let open = 0;
  for (const f of findings) if (f.status === 'open') open++;
  return resolveControl(
    {
      control,
      ...answerFacts(answerOf(run, a, i)),
      ruleApplies: outcome ? outcome.applicable : null,
      notApplicableReason: outcome?.notApplicableReason,
      open,
      accepted: findings.length - open,
      asOfDay: run.ix.asOfDay,
    },
    findings,
    notes,
  );
}

/** Copy one full control result into the tallies the totals are computed from. */
export function tallyControl(t: Tallies, i: number, c: ControlResult): void {
  let open = 0;
  let first: Finding | null = null;
  for (const f of c.findings) {
    if (f.status !== 'open') continue;
    open++;
    first ??= f;
  }
  t.points[i] = c.points ?? -1;
  t.effective[i] = c.effective;
  t.source[i] = c.source;
  t.open[i] = open;
  t.accepted[i] = c.findings.length - open;
  t.firstOpen[i] = c.critical && first ? first.message : null;
}

const earnedBuf: number[] = [];
const lostBuf: number[] = [];
const earnedTenths: number[] = [];
const lostTenths: number[] = [];
const rankBuf: number[] = [];

/** Explanation lines whose points sum exactly to `score` and whose lost points sum to 100 - score. `idRank`: the controls' `localeCompare` ranks. */
export function explainRanked(controls: ControlResult[], score: number, idRank: Map<string, number>): ExplanationItem[] {
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
    const item: ExplanationItem = {
      controlId: c.controlId,
      title: c.title,
      effective: c.effective,
      points: earnedTenths[i]! / 10,
      lost: lostTenths[i]! / 10,
      reasons,
    };
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
  for (const c of controls) {
    if (c.points !== null) continue;
    const reasons = ['Excluded from the score (n/a).'];
    for (const note of c.notes) reasons.push(note);
    items.push({ controlId: c.controlId, title: c.title, effective: 'na', points: 0, lost: 0, reasons });
  }
  return items;
}

let detailTallies: Tallies | null = null;

/** Score one agent against every control, with the full detail (findings, notes, explanation). */
export function scoreAgent(run: PreparedRun, agent: Agent): AgentScore {
  const data = agentData(run.ix, agent.id);
  const n = run.checklist.controls.length;
  if (!detailTallies || detailTallies.points.length !== n) detailTallies = newTallies(n);
  const t = detailTallies;
  const controls: ControlResult[] = new Array<ControlResult>(n);
  for (let i = 0; i < n; i++) {
    controls[i] = controlFor(run, agent, data, i);
    tallyControl(t, i, controls[i]!);
  }
  const table = new AreaTable(run.areas, 1);
  const totals = agentTotals(run, data, t, table, 0);
  return {
    agentId: agent.id,
    agentName: agent.name,
    lifecycle: agent.lifecycle,
    workflowIds: agent.workflowIds,
    score: totals.score,
    verdict: totals.verdict,
    bandVerdict: totals.bandVerdict,
    capReasons: totals.capReasons,
    areas: table.objects(0),
    controls,
    openFindings: totals.openFindings,
    acceptedFindings: totals.acceptedFindings,
    explanation: explainRanked(controls, totals.score, run.idRank),
    blastRadius: totals.blastRadius,
  };
}
