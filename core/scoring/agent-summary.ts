/**
 * The numbers of one agent without the text: scores, verdict, cap reasons and finding counts.
 * Scoring every agent of a workspace runs this; the per-control detail (finding messages, notes,
 * explanation lines) is built from the same rules only when someone reads it (see engine.ts).
 */
import type { Agent } from '../inventory/model';
import { agentCtx, controlFor, correctiveMessage, tallyControl } from './agent-detail';
import { agentTotals, type AgentTotals, type Tallies } from './agent-totals';
import { decideControl, pointsOf, type Decision } from './control-result';
import type { PreparedRun } from './prepared-run';
import { ruleMessage, scanRule, type FindingSink } from './rules';
import { factsFor } from './rule-support';

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

/** The numbers-only pass over every agent of a run. `openByGrant` receives the open findings per grant (at the index's grant offsets). */
export function makeSummariser(run: PreparedRun, tallies: Tallies, openByGrant: Int32Array): (agent: Agent) => AgentTotals {
  const tally = new Tally(openByGrant);
  const decision: Decision = { effective: 'no', source: 'unanswered', decayed: false };
  const controls = run.checklist.controls;
  const { ix } = run;
  return (agent) => {
    const ctx = agentCtx(run, agent);
    const { grants } = ctx;
    const facts = factsFor(ix, agent.id, grants);
    const offset = ix.grantOffset.get(agent.id) ?? 0;
    tally.offset = offset;
    for (let i = 0; i < controls.length; i++) {
      const control = controls[i]!;
      const rule = run.rules[i]!;
      if (ctx.riskControls?.has(control.id)) {
        // An accepted risk may cover one of these findings: its key and status need the full result.
        const c = controlFor(run, ctx, control, rule);
        tallyControl(tallies, i, c);
        for (const f of c.findings) {
          if (f.status !== 'open' || f.grantId === null) continue;
          const g = grants.findIndex((x) => x.id === f.grantId);
          if (g >= 0) openByGrant[offset + g]!++;
        }
        continue;
      }
      tally.count = 0;
      const reason = rule ? scanRule(rule, control, agent, grants, facts, ix, tally) : null;
      let open = tally.count;
      let firstCorrective = null;
      if (ctx.corrective) {
        for (const ca of ctx.corrective) {
          if (!ca.controlIds.includes(control.id)) continue;
          firstCorrective ??= ca;
          open++;
        }
      }
      const d = decideControl(
        { control, answer: ctx.answers?.get(control.id), ruleApplies: rule ? reason === null : null, notApplicableReason: reason ?? undefined, open, accepted: 0, asOfDay: ix.asOfDay },
        null,
        decision,
      );
      tallies.points[i] = pointsOf(d.effective) ?? -1;
      tallies.effective[i] = d.effective;
      tallies.source[i] = d.source;
      tallies.open[i] = open;
      tallies.accepted[i] = 0;
      // Only a critical control's first open finding is quoted (in the cap reason): build that one sentence.
      tallies.firstOpen[i] =
        control.critical && open > 0
          ? tally.count > 0
            ? ruleMessage(rule!, control, agent, grants, facts, ix, tally.firstIdx, tally.firstTag)
            : correctiveMessage(firstCorrective!)
          : null;
    }
    return agentTotals(run, agent, tallies);
  };
}
