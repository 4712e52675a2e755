import { useState } from 'react';
import { ACTION_STATUSES, ACTION_STATUS_LABELS, type ActionRow } from '../../../core/actions/model';
import { api } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { EmptyState } from '../../components/EmptyState';
import { FormDialog } from '../../components/FormDialog';
import { showDate } from '../../components/time';
import { useQuery } from '../../components/useQuery';
import { UserText } from '../../components/UserText';
import { ActionDetail } from './ActionDetail';
import { actionFields, actionInitial, actionInput, PRIORITY_LABELS } from './forms';
import './actions.css';
import { GatedButton } from '../team/GatedButton';

type StatusFilter = '' | 'overdue' | 'active' | (typeof ACTION_STATUSES)[number];

/**
 * The corrective-action tracker (plan of action and milestones): every action from drills' AARs,
 * from assessment findings and added by hand. Overdue actions come first and stand out.
 */
export function ActionsScreen({ id }: { id?: string | undefined }) {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const bump = useAppStore((s) => s.bump);
  const [owner, setOwner] = useState('');
  const [status, setStatus] = useState<StatusFilter>('');
  const [controlId, setControlId] = useState('');
  const [selected, setSelected] = useState<string | null>(id ?? null);
  const [editing, setEditing] = useState<ActionRow | 'new' | null>(null);
  const list = useQuery(
    () => api.call('actions:list', { workspaceId, filter: { owner: owner || null, status: status || null, controlId: controlId || null } }),
    [workspaceId, owner, status, controlId],
  );
  const current = list.data?.actions.find((a) => a.id === selected) ?? null;
  const overdue = list.data?.actions.filter((a) => a.overdue).length ?? 0;
  return (
    <section aria-labelledby="actions-title" className="actions-screen">
      <h1 id="actions-title">Corrective actions</h1>
      <p className="muted">
        From drills, from assessment findings and added by hand. An overdue action on a critical control counts as a finding in the scores.
      </p>
      <div className="filters">
        <div className="field">
          <label htmlFor="actions-owner">Owner</label>
          <select id="actions-owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
            <option value="">Everyone</option>
            {list.data?.owners.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="actions-status">Status</label>
          <select id="actions-status" value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
            <option value="">Any status</option>
            <option value="active">Open or in progress</option>
            <option value="overdue">Overdue</option>
            {ACTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {ACTION_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="actions-control">Control</label>
          <select id="actions-control" value={controlId} onChange={(e) => setControlId(e.target.value)}>
            <option value="">Any control</option>
            {list.data?.controls.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <GatedButton channel="actions:create" onClick={() => setEditing('new')}>
          Add action
        </GatedButton>
      </div>
      {list.error && (
        <p className="form-error" role="alert">
          {list.error}
        </p>
      )}
      {overdue > 0 && (
        <p className="overdue-banner" role="status">
          {overdue} overdue action{overdue > 1 ? 's' : ''}
        </p>
      )}
      {list.data && list.data.actions.length === 0 && (
        <EmptyState title="No corrective actions">
          Actions appear here from after-action reviews, from findings (Open an action) or when you add one.
        </EmptyState>
      )}
      {list.data && list.data.actions.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-label="Corrective actions">
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Owner</th>
                <th scope="col">Due</th>
                <th scope="col">Priority</th>
                <th scope="col">Status</th>
                <th scope="col">Controls</th>
                <th scope="col">From</th>
              </tr>
            </thead>
            <tbody>
              {list.data.actions.map((a) => (
                <tr key={a.id} className={a.overdue ? 'overdue' : undefined} aria-current={a.id === selected ? 'true' : undefined}>
                  <td>
                    <button type="button" className="link" onClick={() => setSelected(a.id)}>
                      <UserText text={a.title} />
                    </button>
                  </td>
                  <td>
                    <UserText text={a.owner} />
                  </td>
                  <td>{showDate(a.dueDate)}</td>
                  <td>{PRIORITY_LABELS[a.priority]}</td>
                  <td>
                    {ACTION_STATUS_LABELS[a.status]}
                    {a.overdue && <span className="pill overdue">Overdue</span>}
                  </td>
                  <td>{a.controlIds.join(', ')}</td>
                  <td>
                    <UserText text={a.sourceTitle} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {current && <ActionDetail action={current} onChanged={bump} onEdit={() => setEditing(current)} />}
      {editing && (
        <FormDialog
          title={editing === 'new' ? 'Add a corrective action' : 'Edit the corrective action'}
          fields={actionFields(workspaceId)}
          initial={actionInitial(editing === 'new' ? undefined : editing)}
          submitLabel={editing === 'new' ? 'Add action' : 'Save'}
          onSubmit={async (v) => {
            const action = actionInput(v);
            const saved =
              editing === 'new'
                ? await api.call('actions:create', { workspaceId, action })
                : await api.call('actions:update', { workspaceId, actionId: editing.id, action });
            setSelected(saved.id);
            bump();
          }}
          onClose={() => setEditing(null)}
        />
      )}
    </section>
  );
}
