/** Everything the engine prepares once per scoring run and shares across agents. */
import type { Checklist, ControlArea } from '../checklist/schema';
import { CONTROL_AREAS } from '../checklist/schema';
import { buildIndex, type DataIndex } from './data-index';
import { prepareRule, type PreparedRule } from './rules';
import type { AcceptedRisk, Answer, ScoringInput } from './types';

export type PreparedRun = {
  checklist: Checklist;
  /** Prepared rule per control, aligned with checklist.controls. */
  rules: (PreparedRule | null)[];
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
  const answers = new Map<string, Map<string, Answer>>();
  for (const a of input.answers) (answers.get(a.agentId) ?? answers.set(a.agentId, new Map()).get(a.agentId)!).set(a.controlId, a);
  const { controls } = input.checklist;
  const areas = CONTROL_AREAS.filter((a) => controls.some((c) => c.area === a));
  return {
    checklist: input.checklist,
    rules: controls.map((c) => prepareRule(c)),
    areas,
    ix: buildIndex(input.inventory, input.drillEvidence, input.asOf),
    answers,
    risks: new Map(input.acceptedRisks.map((r) => [r.findingKey, r])),
    riskTargets: riskTargetsOf(input.acceptedRisks, input.checklist),
    areaOf: Int32Array.from(controls, (c) => areas.indexOf(c.area)),
    idRank: localeRanks(controls.map((c) => c.id)),
  };
}
