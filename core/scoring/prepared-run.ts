/** Everything the engine prepares once per scoring run and shares across agents. */
import type { Checklist, Control, ControlArea } from '../checklist/schema';
import { applyDecay } from './control-result';
import { CONTROL_AREAS } from '../checklist/schema';
import { buildIndex, type AgentData, type DataIndex } from './data-index';
import { prepareRule, type PreparedRule } from './rules';
import type { AcceptedRisk, Answer, AnswerValue, ScoringInput } from './types';
import type { GrantApprovalRecord } from '../approvals/model';

export type PreparedRun = {
  checklist: Checklist;
  /** Prepared rule per control, aligned with checklist.controls. */
  rules: (PreparedRule | null)[];
  /** Areas the checklist uses, in canonical order. */
  areas: ControlArea[];
  /** Per agent: grants, facts, drill evidence, answers (aligned with the controls) and the controls an accepted risk could cover. */
  ix: DataIndex;
  risks: Map<string, AcceptedRisk>;
  /** Control index -> index into `areas`. */
  areaOf: Int32Array;
  /** Control id -> rank in `localeCompare` order (equal ids share a rank), for sorting explanation lines. */
  idRank: Map<string, number>;
};

/** Which (agent, control) pairs an accepted risk could apply to (a superset: only these need the risk lookup). Keys are `control:agent:grant:tag`. */
function markRiskTargets(risks: AcceptedRisk[], checklist: Checklist, ix: DataIndex): void {
  for (const r of risks) {
    for (const c of checklist.controls) {
      if (!r.findingKey.startsWith(`${c.id}:`)) continue;
      const rest = r.findingKey.slice(c.id.length + 1);
      // Agent ids could contain ':', so try every split.
      for (let i = rest.indexOf(':'); i >= 0; i = rest.indexOf(':', i + 1)) {
        const d = ix.byAgent.get(rest.slice(0, i));
        if (d) (d.riskControls ??= new Set()).add(c.id);
      }
    }
  }
}

/** An answer as a number (0 = unanswered): its value's position in ANSWER_CODES, plus NA_WITH_REASON. */
export const ANSWER_CODES: readonly (AnswerValue | null)[] = [null, 'yes', 'partial', 'no', 'na'];
export const NA_WITH_REASON = 8;
/** A "yes" whose newest evidence is missing or older than the control's review period (it counts as partial). */
export const YES_DECAYED = 16;
const answerCode = (a: Answer, control: Control, asOfDay: number): number => {
  const v = ANSWER_CODES.indexOf(a.value);
  if (v === 4) return a.naReason.trim() ? v | NA_WITH_REASON : v;
  if (v === 1) return applyDecay(a, control, asOfDay).decayed ? v | YES_DECAYED : v;
  return Math.max(v, 0);
};

/** Each agent's answers, in its row of `ix.answers` (one slot per control; the last answer to a control wins). */
function placeAnswers(answers: Answer[], checklist: Checklist, ix: DataIndex): void {
  const n = checklist.controls.length;
  const controlIndex = new Map(checklist.controls.map((c, i) => [c.id, i]));
  const rows = new Array<Answer | undefined>(ix.agentList.length * n).fill(undefined);
  const codes = new Uint8Array(ix.agentList.length * n);
  let current: AgentData | undefined;
  let currentId = '';
  for (const a of answers) {
    const k = controlIndex.get(a.controlId);
    if (k === undefined) continue;
    // Answers usually arrive grouped by agent: reuse the last record instead of looking it up.
    if (!current || a.agentId !== currentId) {
      current = ix.byAgent.get(a.agentId);
      currentId = a.agentId;
    }
    if (current && current.slot >= 0) {
      rows[current.slot * n + k] = a;
      codes[current.slot * n + k] = answerCode(a, checklist.controls[k]!, ix.asOfDay);
    }
  }
  ix.answers = rows;
  ix.answerCodes = codes;
}

/** Rank of each id in `localeCompare` order; ids that compare equal share a rank. */
export function localeRanks(ids: string[]): Map<string, number> {
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
  const { controls } = input.checklist;
  const areas = CONTROL_AREAS.filter((a) => controls.some((c) => c.area === a));
  const ix = buildIndex(input.inventory, input.drillEvidence, input.asOf, input.behaviourFindings);
  if (input.grantApprovals) {
    const byGrant = new Map<string, GrantApprovalRecord>();
    for (const id in input.grantApprovals) if (Object.hasOwn(input.grantApprovals, id)) byGrant.set(id, input.grantApprovals[id]!);
    if (byGrant.size > 0) ix.approvals = byGrant;
  }
  ix.discovery = input.discovery;
  placeAnswers(input.answers, input.checklist, ix);
  markRiskTargets(input.acceptedRisks, input.checklist, ix);
  return {
    checklist: input.checklist,
    rules: controls.map((c) => prepareRule(c)),
    areas,
    ix,
    risks: new Map(input.acceptedRisks.map((r) => [r.findingKey, r])),
    areaOf: Int32Array.from(controls, (c) => areas.indexOf(c.area)),
    idRank: localeRanks(controls.map((c) => c.id)),
  };
}
