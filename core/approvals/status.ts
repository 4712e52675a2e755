/**
 * Whether a grant's approval holds today, and if not, why. Used by the approvals screen, the
 * approve action's refusals and the computed rule `destructive-approval-invalid`.
 */
import { isDestructive, type ActionClass, type EnvironmentTier, type Grant } from '../inventory/model';
import {
  approvalSubject,
  approvalsNeeded,
  canonicalSubject,
  isMaterialChange,
  samePerson,
  type GrantApproval,
  type GrantRequest,
  type Person,
} from './model';

/** What became of one approval: it counts, or why it does not. */
export type ApprovalStanding = 'valid' | 'stale' | 'expired' | 'self-approved';

/** The grant's state: approved, or the reason it is not (the first that applies, most serious first). */
export type GrantApprovalState = 'not-required' | 'approved' | 'missing' | 'stale' | 'self-approved' | 'expired' | 'incomplete';

export const APPROVAL_STATE_LABELS: Record<GrantApprovalState, string> = {
  'not-required': 'No approval required',
  approved: 'Approved',
  missing: 'Not approved',
  stale: 'Approval stale: the grant changed after it was approved',
  'self-approved': 'Approved only by the person who requested it',
  expired: 'Approval expired',
  incomplete: 'Two-person gate: a second, different approver is needed',
};

/** Destructive actions in production: the grants whose approval the rule and the screen insist on. */
export const needsApproval = (g: Pick<Grant, 'actions'>, tier: EnvironmentTier | undefined): boolean =>
  tier === 'production' && g.actions.some((a) => isDestructive(a as ActionClass));

const requester = (r: GrantRequest | null): Person | null => (r ? { name: r.requestedBy, email: r.requestedByEmail } : null);

/** One approval against the grant as it stands now (`nowIso`: an ISO date or date-time). */
export function approvalStanding(grant: Grant, request: GrantRequest | null, a: GrantApproval, nowIso: string): ApprovalStanding {
  const current = approvalSubject(grant);
  // Anything approved before the latest material change no longer speaks for the grant, and neither
  // does an approval of other terms (e.g. the row was changed behind the app's back).
  if (request && a.approvedAt < request.requestedAt) return 'stale';
  if (canonicalSubject(a.subject) !== canonicalSubject(current) && isMaterialChange(a.subject, current)) return 'stale';
  const who = requester(request);
  if (who && samePerson(who, { name: a.approverName, email: a.approverEmail })) return 'self-approved';
  if (a.expiresAt < nowIso) return 'expired';
  return 'valid';
}

export type GrantApprovalSummary = {
  state: GrantApprovalState;
  needed: number;
  /** Distinct people whose approval counts now. */
  validApprovers: string[];
  standings: { approval: GrantApproval; standing: ApprovalStanding }[];
};

/** `required`: whether the grant must be approved at all (see `needsApproval`); the scoring rule decides that by its params. */
export function grantApprovalSummary(
  grant: Grant,
  required: boolean,
  request: GrantRequest | null,
  approvals: readonly GrantApproval[],
  nowIso: string,
): GrantApprovalSummary {
  const needed = approvalsNeeded(grant.approvalGate);
  const standings = approvals.map((approval) => ({ approval, standing: approvalStanding(grant, request, approval, nowIso) }));
  const valid: Person[] = [];
  for (const s of standings) {
    const p = { name: s.approval.approverName, email: s.approval.approverEmail };
    if (s.standing === 'valid' && !valid.some((v) => samePerson(v, p))) valid.push(p);
  }
  const base = { needed, validApprovers: valid.map((p) => p.name), standings };
  if (valid.length >= needed) return { ...base, state: 'approved' };
  if (!required) return { ...base, state: 'not-required' };
  const has = (st: ApprovalStanding) => standings.some((s) => s.standing === st);
  const state: GrantApprovalState =
    valid.length > 0
      ? 'incomplete'
      : has('self-approved')
        ? 'self-approved'
        : has('expired')
          ? 'expired'
          : has('stale')
            ? 'stale'
            : 'missing';
  return { ...base, state };
}

/**
 * Why `approver` may not approve the grant now (null when they may): the requester cannot approve
 * their own grant, and nobody counts twice (a two-person gate needs two different people).
 */
export function approvalRefusal(
  grant: Grant,
  request: GrantRequest | null,
  approvals: readonly GrantApproval[],
  approver: Person,
  nowIso: string,
): string | null {
  const who = requester(request);
  if (who && samePerson(who, approver))
    return `${approver.name} requested this grant (created it or last widened it), so cannot also approve it. Ask another person to approve.`;
  const already = approvals.some(
    (a) =>
      approvalStanding(grant, request, a, nowIso) === 'valid' && samePerson({ name: a.approverName, email: a.approverEmail }, approver),
  );
  if (already)
    return grant.approvalGate === 'two-person'
      ? `${approver.name} has already approved this grant. A two-person gate needs a second, different approver.`
      : `${approver.name} has already approved this grant as it stands.`;
  return null;
}
