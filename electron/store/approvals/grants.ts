/**
 * Grant requests and approvals (migration 007): append-only rows, written only inside a
 * `writeTransaction` (the write functions take `tx`). The rules that judge them are pure, in
 * core/approvals.
 */
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import {
  approvalSubject,
  canonicalSubject,
  type ApprovalSubject,
  type GrantApproval,
  type GrantApprovalRecords,
  type GrantRequest,
} from '../../../core/approvals/model';
import type { Grant } from '../../../core/inventory/model';
import { newId } from '../ids';
import type { WriteTx } from '../mutate/index';

type ApprovalRow = {
  id: string;
  grant_id: string;
  approver_name: string;
  approver_email: string | null;
  approved_at: string;
  expires_at: string;
  subject_hash: string;
  subject_json: string;
};
type RequestRow = { grant_id: string; requested_by: string; requested_by_email: string | null; requested_at: string };

/** SHA-256 of the canonical subject: what an approval says yes to. */
export const subjectHash = (s: ApprovalSubject): string => createHash('sha256').update(canonicalSubject(s)).digest('hex');

const toApproval = (r: ApprovalRow): GrantApproval => ({
  id: r.id,
  grantId: r.grant_id,
  approverName: r.approver_name,
  approverEmail: r.approver_email,
  approvedAt: r.approved_at,
  expiresAt: r.expires_at,
  subjectHash: r.subject_hash,
  subject: parseSubject(r.subject_json),
});

/** A garbled subject (a row edited outside the app) approves nothing: it reads as empty terms, so the approval is stale. */
const NOTHING: ApprovalSubject = { actions: [], environmentId: '', scope: '', approvalGate: 'two-person', expiresAt: '' };
function parseSubject(json: string): ApprovalSubject {
  try {
    const s = JSON.parse(json) as Partial<ApprovalSubject> | null;
    const ok =
      s &&
      Array.isArray(s.actions) &&
      s.actions.every((a) => typeof a === 'string') &&
      typeof s.environmentId === 'string' &&
      typeof s.scope === 'string' &&
      (s.approvalGate === 'none' || s.approvalGate === 'single' || s.approvalGate === 'two-person') &&
      (s.expiresAt === null || typeof s.expiresAt === 'string');
    return ok ? (s as ApprovalSubject) : NOTHING;
  } catch {
    return NOTHING;
  }
}
const toRequest = (r: RequestRow): GrantRequest => ({
  requestedBy: r.requested_by,
  requestedByEmail: r.requested_by_email,
  requestedAt: r.requested_at,
});

/** Records the acting user as the grant's requester (on create, and on every material change). */
export function recordGrantRequest(tx: WriteTx, grant: Grant): void {
  tx.db
    .prepare('INSERT INTO grant_requests (grant_id, requested_by, requested_by_email, requested_at, subject_hash) VALUES (?, ?, ?, ?, ?)')
    .run(grant.id, tx.actor.name, tx.actor.email ?? null, tx.now.toISOString(), subjectHash(approvalSubject(grant)));
}

/** The acting user approves the grant's current terms until `expiresAt`. The caller has checked the refusals. */
export function insertGrantApproval(tx: WriteTx, grant: Grant, expiresAt: string): GrantApproval {
  const subject = approvalSubject(grant);
  const row: ApprovalRow = {
    id: newId(),
    grant_id: grant.id,
    approver_name: tx.actor.name,
    approver_email: tx.actor.email ?? null,
    approved_at: tx.now.toISOString(),
    expires_at: expiresAt,
    subject_hash: subjectHash(subject),
    subject_json: JSON.stringify(subject),
  };
  tx.db
    .prepare(
      `INSERT INTO grant_approvals (id, grant_id, approver_name, approver_email, approved_at, expires_at, subject_hash, subject_json)
       VALUES (@id, @grant_id, @approver_name, @approver_email, @approved_at, @expires_at, @subject_hash, @subject_json)`,
    )
    .run(row);
  return toApproval(row);
}

/** The latest request of one grant (null when it predates approvals or came in by import). */
export function latestGrantRequest(db: Database, grantId: string): GrantRequest | null {
  const row = db
    .prepare(
      'SELECT grant_id, requested_by, requested_by_email, requested_at FROM grant_requests WHERE grant_id = ? ORDER BY seq DESC LIMIT 1',
    )
    .get(grantId) as RequestRow | undefined;
  return row ? toRequest(row) : null;
}

export function grantApprovals(db: Database, grantId: string): GrantApproval[] {
  const rows = db.prepare('SELECT * FROM grant_approvals WHERE grant_id = ? ORDER BY approved_at, rowid').all(grantId) as ApprovalRow[];
  return rows.map(toApproval);
}

/** Every grant's latest request and approvals, for the scoring rule (one pass over each table); with `grantId`, that grant's only. */
export function readGrantApprovalRecords(db: Database, grantId?: string): GrantApprovalRecords {
  const out: GrantApprovalRecords = {};
  const entry = (id: string) => (Object.hasOwn(out, id) ? out[id]! : (out[id] = { request: null, approvals: [] }));
  const where = grantId === undefined ? '' : ' WHERE grant_id = ?';
  const args = grantId === undefined ? [] : [grantId];
  const requests = db
    .prepare(`SELECT grant_id, requested_by, requested_by_email, requested_at FROM grant_requests${where} ORDER BY seq`)
    .all(...args) as RequestRow[];
  for (const r of requests) entry(r.grant_id).request = toRequest(r);
  for (const r of db.prepare(`SELECT * FROM grant_approvals${where} ORDER BY approved_at, rowid`).all(...args) as ApprovalRow[])
    entry(r.grant_id).approvals.push(toApproval(r));
  return out;
}
