/**
 * Grant approvals by named people (issue 11, section 4). The approver is the acting user of the
 * service context; the requester is whoever created the grant or last changed it materially.
 */
import { AppError } from '../../core/common/errors';
import type { approvalChannels, GrantApprovalsView } from '../../core/approvals/contract';
import { isMaterialChange, approvalSubject } from '../../core/approvals/model';
import { approvalRefusal, grantApprovalSummary, needsApproval } from '../../core/approvals/status';
import type { Grant } from '../../core/inventory/model';
import { grantApprovals, insertGrantApproval, latestGrantRequest, recordGrantRequest } from '../store/approvals/grants';
import { environmentsTable, grantsTable } from '../store/inventory/tables';
import type { WriteTx } from '../store/mutate/index';
import { mutate } from './context';
import type { Handlers } from './handler-types';

type Db = import('better-sqlite3').Database;

function approvalsView(db: Db, grant: Grant, nowIso: string): GrantApprovalsView {
  const request = latestGrantRequest(db, grant.id);
  const tier = environmentsTable.find(db, grant.environmentId)?.tier;
  const summary = grantApprovalSummary(grant, needsApproval(grant, tier), request, grantApprovals(db, grant.id), nowIso);
  return {
    grantId: grant.id,
    state: summary.state,
    needed: summary.needed,
    validApprovers: summary.validApprovers,
    requestedBy: request?.requestedBy ?? null,
    requestedAt: request?.requestedAt ?? null,
    approvals: summary.standings.map(({ approval: a, standing }) => ({
      id: a.id,
      approverName: a.approverName,
      approverEmail: a.approverEmail,
      approvedAt: a.approvedAt,
      expiresAt: a.expiresAt,
      standing,
    })),
  };
}

/**
 * Called by grant:create and grant:update inside their transaction: a new grant, or a change that
 * widens one, makes the acting user its requester, so earlier approvals stop counting.
 */
export function noteGrantRequest(tx: WriteTx, before: Grant | null, after: Grant): void {
  if (!before || isMaterialChange(approvalSubject(before), approvalSubject(after))) recordGrantRequest(tx, after);
}

export const approvalHandlers: Handlers<typeof approvalChannels> = {
  'grant:approvals': (ctx, { workspaceId, id }) => {
    const db = ctx.workspace(workspaceId).db;
    return approvalsView(db, grantsTable.get(db, id), ctx.now().toISOString());
  },
  'grant:approve': (ctx, { workspaceId, id, validDays }) =>
    mutate(ctx, workspaceId, 'grant:approve', (tx) => {
      const grant = grantsTable.get(tx.db, id);
      const nowIso = tx.now.toISOString();
      const refusal = approvalRefusal(grant, latestGrantRequest(tx.db, id), grantApprovals(tx.db, id), tx.actor, nowIso);
      if (refusal) throw new AppError('REFUSED', refusal);
      insertGrantApproval(tx, grant, new Date(tx.now.getTime() + validDays * 86_400_000).toISOString());
      return approvalsView(tx.db, grant, nowIso);
    }),
};
