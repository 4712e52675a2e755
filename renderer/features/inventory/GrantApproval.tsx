import { useState, type ReactNode } from 'react';
import { APPROVAL_STATE_LABELS } from '../../../core/approvals/status';
import type { Grant } from '../../../core/inventory/model';
import { api } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { UserText } from '../../components/UserText';
import { useQuery } from '../../components/useQuery';
import { useCan } from '../team/team';

const SHORT: Record<string, string> = {
  'not-required': 'Not required',
  approved: 'Approved',
  missing: 'Not approved',
  stale: 'Stale',
  'self-approved': 'Self-approved',
  expired: 'Expired',
  incomplete: '1 of 2 approvers',
};

/**
 * A grant's approval by named people (issue 11): its state, who approved it until when, and an
 * Approve action for the acting user. Refusals (self-approval, the same approver twice) come from
 * the back end and show in the confirmation dialog.
 */
export function GrantApprovalCell({ grant, where }: { grant: Grant; where: string }) {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const { bump, notify } = useAppStore.getState();
  const q = useQuery(() => api.call('grant:approvals', { workspaceId, id: grant.id }), [workspaceId, grant.id, grant.updatedAt]);
  const [confirm, setConfirm] = useState<ReactNode>(null);
  const can = useCan();
  const v = q.data;
  if (!v) return <span aria-busy={q.loading}>{q.error ?? '…'}</span>;
  const valid = v.approvals.filter((a) => a.standing === 'valid');
  const warn = v.state !== 'approved' && v.state !== 'not-required';
  return (
    <span className="grant-approval">
      <span className={warn ? 'warning-text' : undefined} title={APPROVAL_STATE_LABELS[v.state]}>
        {SHORT[v.state]}
      </span>
      {valid.length > 0 && (
        <span className="muted">
          {' '}
          by{' '}
          {valid.map((a, i) => (
            <span key={a.id}>
              {i > 0 ? ', ' : ''}
              <UserText text={a.approverName} /> until {a.expiresAt.slice(0, 10)}
            </span>
          ))}
        </span>
      )}
      {v.state !== 'approved' && can('grant:approve') && (
        <button
          type="button"
          aria-label={`Approve grant on ${where}`}
          onClick={() =>
            setConfirm(
              <ConfirmDialog
                title="Approve this grant?"
                message={`You approve ${grant.actions.join(', ')} on ${where} (scope "${grant.scope || '*'}", ${grant.approvalGate} gate) for 90 days. ${
                  v.requestedBy ? `Requested by ${v.requestedBy}. ` : ''
                }${v.needed > 1 ? 'A two-person gate needs a second, different approver too. ' : ''}A later change that widens it removes this approval.`}
                confirmLabel="Approve"
                onClose={() => setConfirm(null)}
                onConfirm={async () => {
                  const r = await api.call('grant:approve', { workspaceId, id: grant.id });
                  notify(`Grant on ${where}: ${APPROVAL_STATE_LABELS[r.state]}.`);
                  bump();
                }}
              />,
            )
          }
        >
          Approve
        </button>
      )}
      {confirm}
    </span>
  );
}
