/**
 * Support of the rule `destructive-approval-invalid` (issue 11): a grant's approval state from the
 * run's approval records, and the sentence for each state. A grant with no record at all is
 * "missing" without any work, and a workspace without any approval record costs no lookup at all.
 */
import { grantApprovalSummary, type GrantApprovalState } from '../approvals/status';
import type { DataIndex } from './data-index';
import { list } from './rule-support';

export function approvalStateOf(ix: DataIndex, gi: number): GrantApprovalState {
  if (ix.approvals.size === 0) return 'missing';
  const grant = ix.grants[gi]!;
  const rec = ix.approvals.get(grant.id);
  if (!rec || rec.approvals.length === 0) return 'missing';
  // Approvals expire at a time of day; the run knows only its day, so one lasts through the day it ends.
  return grantApprovalSummary(grant, true, rec.request, rec.approvals, ix.asOf).state;
}

export function approvalMessage(ix: DataIndex, gi: number, tag: string, actions: readonly string[]): string {
  const g = ix.grants[gi]!;
  const can = `${ix.where[gi]}: can ${list(g.actions.filter((a) => actions.includes(a)))}`;
  const rec = ix.approvals.get(g.id);
  const requester = rec?.request?.requestedBy;
  switch (tag) {
    case 'self-approved':
      return `${can}, approved only by ${requester ?? 'its requester'}, who requested it; another person must approve.`;
    case 'expired':
      return `${can}; its approval expired. Ask for a new approval.`;
    case 'stale':
      return `${can}; it changed materially after it was approved, so the approval no longer covers it.`;
    case 'incomplete':
      return `${can} behind a two-person gate, but only one person has approved it.`;
    default:
      return `${can} and no named person has approved it.`;
  }
}
