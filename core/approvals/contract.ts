import { z } from 'zod';
import { defineChannels } from '../contract/channel';
import { Id, WorkspaceScoped } from '../common/schemas';
import { DEFAULT_APPROVAL_DAYS, MAX_APPROVAL_DAYS } from './model';

const State = z.enum(['not-required', 'approved', 'missing', 'stale', 'self-approved', 'expired', 'incomplete']);

export const GrantApprovalView = z.object({
  id: z.string(),
  approverName: z.string(),
  approverEmail: z.string().nullable(),
  approvedAt: z.string(),
  expiresAt: z.string(),
  standing: z.enum(['valid', 'stale', 'expired', 'self-approved']),
});
export type GrantApprovalView = z.output<typeof GrantApprovalView>;

export const GrantApprovalsView = z.object({
  grantId: z.string(),
  state: State,
  /** Approvals the gate asks for (2 for a two-person gate). */
  needed: z.number().int(),
  validApprovers: z.array(z.string()),
  requestedBy: z.string().nullable(),
  requestedAt: z.string().nullable(),
  approvals: z.array(GrantApprovalView),
});
export type GrantApprovalsView = z.output<typeof GrantApprovalsView>;

const GrantRef = WorkspaceScoped.extend({ id: Id });

export const approvalChannels = defineChannels({
  /** The acting user approves the grant as it stands. REFUSED for self-approval and for approving twice. */
  'grant:approve': {
    request: GrantRef.extend({
      validDays: z
        .number()
        .int('Whole days')
        .min(1, 'At least 1 day')
        .max(MAX_APPROVAL_DAYS, `At most ${MAX_APPROVAL_DAYS} days`)
        .default(DEFAULT_APPROVAL_DAYS),
    }),
    response: GrantApprovalsView,
  },
  'grant:approvals': { request: GrantRef, response: GrantApprovalsView },
});
