/**
 * Human approvals recorded in the app (issue 13, section 2): a person says "I approved this delete of
 * orders-prod/snapshots/x at 02:10", and the logged action that matches it by time and target counts as
 * approved by a human. Pure: the store reads the records, the services apply them when findings,
 * summaries, timelines and scores are computed (never written into the events, so a later record counts).
 */
import type { AnalysedEvent } from './analyse';
import type { Approval } from './model';

export type AppApproval = {
  id: string;
  /** null: any agent acting on the target. */
  agentId: string | null;
  /** The target as the log names it; a trailing `*` approves every target that starts with the rest. */
  target: string;
  approvedBy: string;
  /** When the person approved (UTC ISO). The approval covers actions from then for `validMinutes`. */
  approvedAt: string;
  validMinutes: number;
  note: string;
  /** Set on a record that withdraws an earlier approval (which then matches nothing). */
  withdraws: string | null;
  recordedAt: string;
  recordedBy: string;
};

/** What the match needs of an event, from the analysed form or the timeline's row alike. */
export type MatchableEvent = { agentId: string | null; time: string | null; target: string | null; outcome: string };

export const targetMatches = (approved: string, target: string): boolean =>
  approved.endsWith('*') ? target.startsWith(approved.slice(0, -1)) : approved === target;

/** The approvals still in force: a withdrawal record removes the one it names, and matches nothing itself. */
export function inForce(records: readonly AppApproval[]): AppApproval[] {
  const withdrawn = new Set(records.map((r) => r.withdraws).filter((x): x is string => x !== null));
  return records.filter((r) => r.withdraws === null && !withdrawn.has(r.id));
}

/** The first approval (earliest) that covers the event: same agent (or any), same target, at or before the action, within its window. */
export function matchAppApproval(e: MatchableEvent, approvals: readonly AppApproval[]): AppApproval | null {
  if (e.time === null || e.target === null || e.outcome === 'denied') return null;
  const t = Date.parse(e.time);
  let best: AppApproval | null = null;
  for (const a of approvals) {
    if (a.agentId !== null && a.agentId !== e.agentId) continue;
    if (!targetMatches(a.target, e.target)) continue;
    const from = Date.parse(a.approvedAt);
    if (t < from || t > from + a.validMinutes * 60_000) continue;
    if (best === null || a.approvedAt < best.approvedAt) best = a;
  }
  return best;
}

export const appApprovalOf = (a: AppApproval): Approval => ({
  decision: 'approved',
  by: 'human',
  source: `approved by ${a.approvedBy} at ${a.approvedAt}, recorded in the app by ${a.recordedBy} (${a.target}${a.note ? `: ${a.note}` : ''})`,
});

/** A person's own decision in the log (approve or reject) stands; a platform's, a rule's or none is where the app's record counts. */
const needsMatch = (approval: { by: string } | null): boolean => approval?.by !== 'human';

/** Analysed events with the app's approvals applied where the log itself records no human approval. */
export function withAppApprovals(analysed: AnalysedEvent[], records: readonly AppApproval[]): AnalysedEvent[] {
  const approvals = inForce(records);
  if (approvals.length === 0) return analysed;
  return analysed.map((a) => {
    if (!needsMatch(a.event.approval)) return a;
    const m = matchAppApproval(
      { agentId: a.attribution.agentId, time: a.event.time, target: a.event.target, outcome: a.event.outcome },
      approvals,
    );
    return m === null ? a : { ...a, event: { ...a.event, approval: appApprovalOf(m) } };
  });
}

/** The same for rows shaped like the timeline's (approval as plain strings). */
export function rowsWithAppApprovals<T extends MatchableEvent & { approval: { decision: string; by: string; source: string } | null }>(
  rows: T[],
  records: readonly AppApproval[],
): T[] {
  const approvals = inForce(records);
  if (approvals.length === 0) return rows;
  return rows.map((r) => {
    if (!needsMatch(r.approval)) return r;
    const m = matchAppApproval(r, approvals);
    return m === null ? r : { ...r, approval: appApprovalOf(m) };
  });
}
