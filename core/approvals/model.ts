/**
 * Grant approvals (issue 11, section 4): who approved which version of a grant, until when.
 * Pure data and rules; the store hashes the subject and keeps the rows append-only.
 */
import { isWildcardScope } from '../inventory/risk';
import type { ApprovalGate, Grant } from '../inventory/model';

/** How long an approval holds when the approver does not say (days). */
export const DEFAULT_APPROVAL_DAYS = 90;
export const MAX_APPROVAL_DAYS = 366;

/** What an approver says yes to: the parts of a grant that decide how much harm it can do. */
export type ApprovalSubject = {
  actions: string[];
  environmentId: string;
  scope: string;
  approvalGate: ApprovalGate;
  expiresAt: string | null;
};

export const approvalSubject = (g: Pick<Grant, 'actions' | 'environmentId' | 'scope' | 'approvalGate' | 'expiresAt'>): ApprovalSubject => ({
  actions: [...g.actions].sort(),
  environmentId: g.environmentId,
  scope: g.scope.trim(),
  approvalGate: g.approvalGate,
  expiresAt: g.expiresAt ?? null,
});

/** Canonical text of a subject (fixed key order, sorted actions): what the store hashes. */
export const canonicalSubject = (s: ApprovalSubject): string =>
  JSON.stringify([[...s.actions].sort(), s.environmentId, s.scope.trim(), s.approvalGate, s.expiresAt ?? null]);

/** A person as the approval rules compare them: the email when both have one, else the name (case and spacing ignored). */
export type Person = { name: string; email?: string | null };
const norm = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase();
export const samePerson = (a: Person, b: Person): boolean =>
  a.email && b.email ? norm(a.email) === norm(b.email) : norm(a.name) === norm(b.name);

/** One stored approval (rows of `grant_approvals`). */
export type GrantApproval = {
  id: string;
  grantId: string;
  approverName: string;
  approverEmail: string | null;
  approvedAt: string;
  /** ISO date-time after which the approval no longer counts. */
  expiresAt: string;
  subjectHash: string;
  subject: ApprovalSubject;
};

/** Who asked for the grant as it stands: the actor who created it or last changed it materially. */
export type GrantRequest = { requestedBy: string; requestedByEmail: string | null; requestedAt: string };

/** One grant's latest request (null for grants made before approvals were tracked, e.g. by an import) and every approval. */
export type GrantApprovalRecord = { request: GrantRequest | null; approvals: GrantApproval[] };
/** By grant id; a plain object so a scoring input stays JSON. */
export type GrantApprovalRecords = Record<string, GrantApprovalRecord>;

const GATE_RANK: Record<ApprovalGate, number> = { none: 0, single: 1, 'two-person': 2 };

/** Is `inner` inside `outer`? "*" holds everything; "invoices/*" holds "invoices/2026/*"; otherwise only itself. */
function scopeWithin(inner: string, outer: string): boolean {
  const i = inner.trim();
  const o = outer.trim();
  if (isWildcardScope(o)) return true;
  if (isWildcardScope(i)) return false;
  if (i === o) return true;
  if (o.endsWith('*')) {
    const prefix = o.slice(0, -1);
    return i.startsWith(prefix);
  }
  return false;
}

/**
 * Why a change from `before` to `after` needs a new approval (empty when it only narrows the grant
 * or changes nothing that matters): wider actions, another environment, a wider scope, a later
 * expiry, or a weaker gate.
 */
export function materialChanges(before: ApprovalSubject, after: ApprovalSubject): string[] {
  const reasons: string[] = [];
  const added = after.actions.filter((a) => !before.actions.includes(a));
  if (added.length) reasons.push(`adds ${added.join(', ')}`);
  if (after.environmentId !== before.environmentId) reasons.push('moves to another environment');
  if (!scopeWithin(after.scope, before.scope)) reasons.push(`widens the scope from "${before.scope || '*'}" to "${after.scope || '*'}"`);
  if (before.expiresAt !== null && (after.expiresAt === null || after.expiresAt > before.expiresAt))
    reasons.push(after.expiresAt === null ? 'removes the expiry date' : `extends the expiry to ${after.expiresAt}`);
  if (GATE_RANK[after.approvalGate] < GATE_RANK[before.approvalGate])
    reasons.push(`weakens the gate from ${before.approvalGate} to ${after.approvalGate}`);
  return reasons;
}

export const isMaterialChange = (before: ApprovalSubject, after: ApprovalSubject): boolean => materialChanges(before, after).length > 0;

/** Approvals a grant's gate asks for: two distinct people for a two-person gate, else one. */
export const approvalsNeeded = (gate: ApprovalGate): number => (gate === 'two-person' ? 2 : 1);
