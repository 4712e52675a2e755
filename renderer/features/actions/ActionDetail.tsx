import { HistoryPanel } from '../history/HistoryPanel';
import { useState } from 'react';
import { ACTION_STATUS_LABELS, NEXT_STATUSES, type ActionRow, type ActionStatus } from '../../../core/actions/model';
import type { Request } from '../../../core/contract/index';
import { api, errorMessage } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { FormDialog, type FieldSpec, type FormValues } from '../../components/FormDialog';
import { showDate } from '../../components/time';
import { UserText } from '../../components/UserText';
import { PRIORITY_LABELS } from './forms';
import { GatedButton } from '../team/GatedButton';

type Change = Request<'actions:set-status'>['change'];

/** What each status asks for before it is recorded. */
const STATUS_FORMS: Partial<Record<ActionStatus, { fields: FieldSpec[]; toChange: (v: FormValues) => Change }>> = {
  done: {
    fields: [{ name: 'note', label: 'What was done', kind: 'textarea', maxLength: 1000 }],
    toChange: (v) => ({ status: 'done', note: String(v.note ?? '') }),
  },
  verified: {
    fields: [
      { name: 'verifiedBy', label: 'Verified by', kind: 'text', required: true, hint: 'Someone other than the owner', maxLength: 120 },
      { name: 'note', label: 'How it was checked', kind: 'textarea', maxLength: 1000 },
    ],
    toChange: (v) => ({ status: 'verified', verifiedBy: String(v.verifiedBy ?? ''), note: String(v.note ?? '') }),
  },
  'wont-fix': {
    fields: [
      { name: 'reason', label: "Why it won't be fixed", kind: 'textarea', required: true, maxLength: 2000 },
      { name: 'approver', label: 'Approved by', kind: 'text', required: true, hint: 'Neither the owner nor you', maxLength: 120 },
    ],
    toChange: (v) => ({ status: 'wont-fix', reason: String(v.reason ?? ''), approver: String(v.approver ?? '') }),
  },
};

const VERB: Record<ActionStatus, string> = {
  open: 'Reopen',
  'in-progress': 'Start work',
  done: 'Mark done',
  verified: 'Verify…',
  'wont-fix': "Won't fix…",
};

/** One action: what it says, its status trail and the moves it allows; the History panel goes below. */
export function ActionDetail({ action, onChanged, onEdit }: { action: ActionRow; onChanged: () => void; onEdit: () => void }) {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const [asking, setAsking] = useState<ActionStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const move = async (change: Change) => {
    await api.call('actions:set-status', { workspaceId, actionId: action.id, change });
    onChanged();
  };
  const form = asking ? STATUS_FORMS[asking] : undefined;
  const active = action.status === 'open' || action.status === 'in-progress';
  return (
    <section className="action-detail" aria-labelledby="action-detail-title">
      <h2 id="action-detail-title">
        <UserText text={action.title} />
      </h2>
      <dl className="action-facts">
        <dt>Status</dt>
        <dd>
          {ACTION_STATUS_LABELS[action.status]}
          {action.overdue && <span className="pill overdue"> Overdue</span>}
        </dd>
        <dt>Owner</dt>
        <dd>
          <UserText text={action.owner} />
        </dd>
        <dt>Due</dt>
        <dd>{showDate(action.dueDate)}</dd>
        <dt>Priority</dt>
        <dd>{PRIORITY_LABELS[action.priority]}</dd>
        <dt>From</dt>
        <dd>
          <UserText text={action.sourceTitle} />
        </dd>
        <dt>Controls</dt>
        <dd>{action.controlIds.join(', ') || 'None'}</dd>
        {action.description && (
          <>
            <dt>Details</dt>
            <dd>
              <UserText text={action.description} />
            </dd>
          </>
        )}
        {action.doneBy && (
          <>
            <dt>Done</dt>
            <dd>
              by <UserText text={action.doneBy} /> {action.closingNote && <UserText text={`: ${action.closingNote}`} />}
            </dd>
          </>
        )}
        {action.verifiedBy && (
          <>
            <dt>Verified by</dt>
            <dd>
              <UserText text={action.verifiedBy} />
            </dd>
          </>
        )}
        {action.status === 'wont-fix' && (
          <>
            <dt>Won&apos;t fix</dt>
            <dd>
              <UserText text={action.wontFixReason} /> (approved by <UserText text={action.wontFixApprover} />)
            </dd>
          </>
        )}
      </dl>
      <div className="action-moves">
        {active && (
          <GatedButton channel="actions:update" onClick={onEdit}>
            Edit
          </GatedButton>
        )}
        {NEXT_STATUSES[action.status].map((s) => (
          <button
            key={s}
            type="button"
            onClick={() => {
              setError(null);
              if (STATUS_FORMS[s]) setAsking(s);
              else void move({ status: s } as Change).catch((err: unknown) => setError(errorMessage(err)));
            }}
          >
            {VERB[s]}
          </button>
        ))}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {/* By id alone: entries written before the tracker's table had an entity name (and the AAR's copy of the
          action under the same id) belong to this action's history too. */}
      <HistoryPanel entity={null} entityId={action.id} title="History of this action" />
      {asking && form && (
        <FormDialog
          title={`${VERB[asking].replace('…', '')}: ${action.title}`}
          fields={form.fields}
          initial={{}}
          submitLabel={ACTION_STATUS_LABELS[asking]}
          onSubmit={(v) => move(form.toChange(v))}
          onClose={() => setAsking(null)}
        />
      )}
    </section>
  );
}
