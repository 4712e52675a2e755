/**
 * The numbers of one agent without the text: scores, verdict, cap reasons and finding counts.
 * Scoring every agent of a workspace runs this; the per-control detail (finding messages, notes,
 * explanation lines) is built from the same rules only when someone reads it (see engine.ts).
 */
import type { Agent } from '../inventory/model';
import { controlFor, correctiveApplies, correctiveMessage, tallyControl } from './agent-detail';
import { behaviourMessage } from './behaviour';
import { agentTotals, type AgentTotals, type Tallies } from './agent-totals';
import type { AreaTable } from './area-table';
import { decideControl, pointsOf, type ControlFacts, type Decision } from './control-result';
import { ANSWER_CODES, NA_WITH_REASON, YES_DECAYED, type PreparedRun } from './prepared-run';
import { grantAt, type AgentData } from './data-index';
import { ruleMessage, scanRule, type FindingSink } from './rules';

/** Counts what a rule scan reports, remembers the first finding, and counts open findings per grant. */
class Tally implements FindingSink {
  count = 0;
  firstIdx = -1;
  firstTag = '';
  constructor(
    private readonly perGrant: Int32Array,
    public offset = 0,
  ) {}
  add(grantIdx: number, tag: string): void {
    if (this.count === 0) {
      this.firstIdx = grantIdx;
      this.firstTag = tag;
    }
    this.count++;
    if (grantIdx >= 0) this.perGrant[this.offset + grantIdx]!++;
  }
}

/**
 * The numbers-only pass over every agent of a run: call it with an agent, its record and its row
 * in `areas` (where its area sums go).
 * `openByGrant` receives the open findings per grant (at the records' grant offsets).
 */
export function makeSummariser(
  run: PreparedRun,
  tallies: Tallies,
  openByGrant: Int32Array,
  areas: AreaTable,
): (agent: Agent, d: AgentData, row: number) => AgentTotals {
  const tally = new Tally(openByGrant);
  const decision: Decision = { effective: 'no', source: 'unanswered', decayed: false };
  // One facts object refilled per control: 280k short-lived objects per run at 10k agents otherwise.
  const facts: ControlFacts = {
    control: run.checklist.controls[0]!,
    answer: undefined,
    value: null,
    naReasonGiven: false,
    yesDecayed: null,
    ruleApplies: null,
    notApplicableReason: undefined,
    open: 0,
    accepted: 0,
    asOfDay: run.ix.asOfDay,
  };
  const controls = run.checklist.controls;
  const { ix } = run;
  return (agent, d, row) => {
    const { start, corrective, behaviour, riskControls } = d;
    const answerRow = d.slot >= 0 ? d.slot * controls.length : -1;
    tally.offset = start;
    for (let i = 0; i < controls.length; i++) {
      const control = controls[i]!;
      const rule = run.rules[i]!;
      if (riskControls?.has(control.id)) {
        // An accepted risk may cover one of these findings: its key and status need the full result.
        const c = controlFor(run, agent, d, i);
        tallyControl(tallies, i, c);
        for (const f of c.findings) {
          if (f.status !== 'open' || f.grantId === null) continue;
          for (let k = 0; k < d.count; k++) if (ix.grants[grantAt(ix, d, k)]!.id === f.grantId) openByGrant[start + k]!++;
        }
        continue;
      }
      tally.count = 0;
      const code = answerRow >= 0 ? ix.answerCodes[answerRow + i]! : 0;
      const reason = rule ? scanRule(rule, control, agent, d, ix, tally) : null;
      let open = tally.count;
      let firstCorrective = null;
      if (corrective) {
        for (const ca of corrective) {
          if (!correctiveApplies(ca, control, ix.asOfDay)) continue;
          firstCorrective ??= ca;
          open++;
        }
      }
      let firstBehaviour = null;
      if (behaviour) {
        for (const b of behaviour) {
          if (!b.controlIds.includes(control.id)) continue;
          firstBehaviour ??= b;
          open++;
        }
      }
      facts.control = control;
      facts.answer = answerRow >= 0 ? ix.answers[answerRow + i] : undefined;
      facts.value = ANSWER_CODES[code & 7]!;
      facts.naReasonGiven = (code & NA_WITH_REASON) !== 0;
      facts.yesDecayed = (code & YES_DECAYED) !== 0;
      facts.ruleApplies = rule ? reason === null : null;
      facts.notApplicableReason = reason ?? undefined;
      facts.open = open;
      const dec = decideControl(facts, null, decision);
      tallies.points[i] = pointsOf(dec.effective) ?? -1;
      tallies.effective[i] = dec.effective;
      tallies.source[i] = dec.source;
      tallies.open[i] = open;
      tallies.accepted[i] = 0;
      // Only a critical control's first open finding is quoted (in the cap reason): build that one sentence.
      tallies.firstOpen[i] =
        control.critical && open > 0
          ? tally.count > 0
            ? ruleMessage(rule!, control, agent, d, ix, tally.firstIdx, tally.firstTag)
            : firstCorrective
              ? correctiveMessage(firstCorrective)
              : behaviourMessage(firstBehaviour!)
          : null;
    }
    return agentTotals(run, d, tallies, areas, row);
  };
}
