import { useEffect, useState } from 'react';
import { api, ApiError, errorMessage } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { useQuery } from '../../components/useQuery';
import type { Aar } from '../../../core/drills/model';
import { CorrectionsList } from './CorrectionsList';
import { MeasuresSummary } from './MeasuresSummary';
import './drills.css';
import { showDateTime } from '../../components/time';
import { UserText } from '../../components/UserText';
import { FacilitatorDownloads } from './FacilitatorDownloads';
import { LiveFireVerified } from './LiveFireVerified';
import { GatedButton } from '../team/GatedButton';

/** Issue paths that are shown next to their field (the banner then does not repeat them with raw field names). */
const AT_FIELD = /(correctiveActions\.\d+\.(title|owner|dueDate|controlIds)|signedOffBy)$/;

type ActionDraft = {
  id?: string;
  title: string;
  owner: string;
  dueDate: string;
  controls: string;
  agentId: string;
  status: 'open' | 'closed';
};

const fromAar = (a: Aar | null) => ({
  summary: a?.summary ?? '',
  strengths: a?.strengths.length ? a.strengths : [''],
  improvements: a?.improvements.length ? a.improvements : [''],
  actions: (a?.correctiveActions ?? []).map((c): ActionDraft => ({
    id: c.id,
    title: c.title,
    owner: c.owner,
    dueDate: c.dueDate,
    controls: c.controlIds.join(', '),
    agentId: c.agentId ?? '',
    status: c.status,
  })),
});

/** After-action review: strengths, areas for improvement, corrective actions with owner and due date; sign-off. */
export function AarScreen({ id }: { id: string }) {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const navigate = useAppStore((s) => s.navigate);
  const q = useQuery(() => api.call('drills:get', { workspaceId, drillId: id }), [workspaceId, id]);
  const [form, setForm] = useState(fromAar(null));
  const [error, setError] = useState<ApiError | string | null>(null);
  const [status, setStatus] = useState('');
  const [signer, setSigner] = useState('');
  useEffect(() => setForm(fromAar(q.data?.aar ?? null)), [q.data]);
  if (!q.data)
    return (
      <p className="loading" role="status">
        {q.error ?? 'Loading…'}
      </p>
    );
  const v = q.data;
  if (v.drill.status !== 'completed')
    return (
      <p>
        This drill is not completed yet.{' '}
        <button type="button" onClick={() => navigate('drill-run', { id })}>
          Back to the runner
        </button>
      </p>
    );
  const signed = !!v.aar?.signedOffAt;
  const issue = (path: string) => (error instanceof ApiError ? error.issues.find((i) => i.path.endsWith(path))?.message : undefined);

  const save = async (): Promise<boolean> => {
    setError(null);
    try {
      await api.call('drills:aar-save', {
        workspaceId,
        drillId: id,
        aar: {
          summary: form.summary,
          strengths: form.strengths.map((s) => s.trim()).filter(Boolean),
          improvements: form.improvements.map((s) => s.trim()).filter(Boolean),
          correctiveActions: form.actions.map((a) => ({
            ...(a.id ? { id: a.id } : {}),
            title: a.title,
            owner: a.owner,
            dueDate: a.dueDate,
            controlIds: a.controls
              .split(/[\s,]+/)
              .map((c) => c.trim().toUpperCase())
              .filter(Boolean),
            agentId: a.agentId || null,
          })),
        },
      });
      setStatus('After-action review saved.');
      q.reload();
      return true;
    } catch (err) {
      setError(err instanceof ApiError ? err : errorMessage(err));
      return false;
    }
  };
  // Sign-off first saves what is on screen, so edits made after the last save are not silently dropped.
  const signOff = async () => {
    if (!(await save())) return;
    try {
      await api.call('drills:aar-signoff', { workspaceId, drillId: id, signedOffBy: signer });
      setStatus('Signed off.');
      q.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err : errorMessage(err));
    }
  };

  const list = (key: 'strengths' | 'improvements', label: string) => (
    <fieldset className="card list-editor">
      <legend>{label}</legend>
      <ul style={{ listStyle: 'none', padding: 0 }}>
        {form[key].map((s, i) => (
          <li key={i}>
            <label className="sr-only" htmlFor={`${key}-${i}`}>{`${label} ${i + 1}`}</label>
            <input
              id={`${key}-${i}`}
              value={s}
              disabled={signed}
              onChange={(e) => setForm((f) => ({ ...f, [key]: f[key].map((x, j) => (j === i ? e.target.value : x)) }))}
            />
            {!signed && (
              <button
                type="button"
                aria-label={`Remove ${label.toLowerCase()} ${i + 1}`}
                onClick={() => setForm((f) => ({ ...f, [key]: f[key].filter((_, j) => j !== i) }))}
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {!signed && (
        <button type="button" onClick={() => setForm((f) => ({ ...f, [key]: [...f[key], ''] }))}>
          Add
        </button>
      )}
    </fieldset>
  );

  return (
    <section aria-labelledby="aar-title">
      <h1 id="aar-title">
        After-action review: <UserText text={v.scenario.title} />
      </h1>
      <p className="muted">
        Target: <UserText text={v.drill.agents.map((a) => a.name).join(', ')} /> · completed {showDateTime(v.drill.completedAt)}
      </p>
      <MeasuresSummary view={v} />
      {v.scenario.sandbox && <LiveFireVerified workspaceId={workspaceId} view={v} />}
      <FacilitatorDownloads kind="aar-ip" workspaceId={workspaceId} drillId={id} />
      <CorrectionsList view={v} />
      <h2>Review</h2>
      {signed && (
        <p className="strong">
          Signed off by <UserText text={v.aar?.signedOffBy} /> on {showDateTime(v.aar?.signedOffAt)}. The review is read-only; corrective
          actions can still be marked done.
        </p>
      )}
      <div className="field">
        <label htmlFor="aar-summary">Summary</label>
        <textarea
          id="aar-summary"
          rows={3}
          value={form.summary}
          disabled={signed}
          onChange={(e) => setForm((f) => ({ ...f, summary: e.target.value }))}
        />
      </div>
      {list('strengths', 'Strengths')}
      {list('improvements', 'Areas for improvement')}
      <fieldset className="card" style={{ marginTop: '1rem' }}>
        <legend>Corrective actions (each re-opens the checklist controls it names until it is closed)</legend>
        {form.actions.map((a, i) => {
          const set = (patch: Partial<ActionDraft>) =>
            setForm((f) => ({ ...f, actions: f.actions.map((x, j) => (j === i ? { ...x, ...patch } : x)) }));
          const locked = signed || a.status === 'closed';
          return (
            <div className="action-row" key={a.id ?? `new-${i}`}>
              <div className="field">
                <label htmlFor={`ca-title-${i}`}>Action</label>
                <input id={`ca-title-${i}`} value={a.title} disabled={locked} onChange={(e) => set({ title: e.target.value })} />
                {issue(`correctiveActions.${i}.title`) && <span className="field-error">{issue(`correctiveActions.${i}.title`)}</span>}
              </div>
              <div className="field">
                <label htmlFor={`ca-owner-${i}`}>Owner</label>
                <input id={`ca-owner-${i}`} value={a.owner} disabled={locked} onChange={(e) => set({ owner: e.target.value })} />
                {issue(`correctiveActions.${i}.owner`) && <span className="field-error">{issue(`correctiveActions.${i}.owner`)}</span>}
              </div>
              <div className="field">
                <label htmlFor={`ca-due-${i}`}>Due date</label>
                <input
                  id={`ca-due-${i}`}
                  type="date"
                  value={a.dueDate}
                  disabled={locked}
                  onChange={(e) => set({ dueDate: e.target.value })}
                />
                {issue(`correctiveActions.${i}.dueDate`) && <span className="field-error">{issue(`correctiveActions.${i}.dueDate`)}</span>}
              </div>
              <div className="field">
                <label htmlFor={`ca-controls-${i}`}>Controls</label>
                <input
                  id={`ca-controls-${i}`}
                  value={a.controls}
                  placeholder="ENV-3, APR-2"
                  disabled={locked}
                  onChange={(e) => set({ controls: e.target.value })}
                />
                {issue(`correctiveActions.${i}.controlIds`) && (
                  <span className="field-error">{issue(`correctiveActions.${i}.controlIds`)}</span>
                )}
              </div>
              <div className="field">
                <label htmlFor={`ca-agent-${i}`}>Agent</label>
                <select id={`ca-agent-${i}`} value={a.agentId} disabled={locked} onChange={(e) => set({ agentId: e.target.value })}>
                  <option value="">All targeted agents</option>
                  {v.drill.agents.map((ag) => (
                    <option key={ag.id} value={ag.id}>
                      {ag.name}
                    </option>
                  ))}
                </select>
              </div>
              <div style={{ marginBottom: '0.75rem' }}>
                {a.status === 'closed' ? (
                  <span className="pill">done</span>
                ) : a.id ? (
                  <button
                    type="button"
                    onClick={() => {
                      const by = signer.trim() || a.owner;
                      void api.call('drills:action-close', { workspaceId, actionId: a.id!, closedBy: by, note: '' }).then(
                        () => {
                          setStatus(`Marked done: ${a.title}`);
                          q.reload();
                        },
                        (err: unknown) => setError(errorMessage(err)),
                      );
                    }}
                    aria-label={`Mark action done: ${a.title}`}
                  >
                    Mark action done
                  </button>
                ) : (
                  !signed && (
                    <button type="button" onClick={() => setForm((f) => ({ ...f, actions: f.actions.filter((_, j) => j !== i) }))}>
                      Remove
                    </button>
                  )
                )}
              </div>
            </div>
          );
        })}
        {!signed && (
          <button
            type="button"
            onClick={() =>
              setForm((f) => ({
                ...f,
                actions: [
                  ...f.actions,
                  { title: '', owner: '', dueDate: '', controls: v.scenario.controls.slice(0, 1).join(', '), agentId: '', status: 'open' },
                ],
              }))
            }
          >
            Add corrective action
          </button>
        )}{' '}
        {!signed && v.measures.decisions.some((d) => d.outcome === 'missed' || d.outcome === 'late') && (
          <button
            type="button"
            onClick={() =>
              setForm((f) => ({
                ...f,
                actions: [
                  ...f.actions,
                  ...v.measures.decisions
                    .filter((d) => (d.outcome === 'missed' || d.outcome === 'late') && !f.actions.some((a) => a.title.endsWith(d.text)))
                    .map((d): ActionDraft => ({
                      title: `${d.outcome === 'missed' ? 'Missed' : 'Late'} in the drill: ${d.text}`,
                      owner: '',
                      dueDate: '',
                      controls: d.controls.join(', '),
                      agentId: '',
                      status: 'open',
                    })),
                ],
              }))
            }
          >
            Add actions for missed and late decisions
          </button>
        )}
      </fieldset>
      <div aria-live="polite">
        {typeof error === 'string' && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {error instanceof ApiError && (
          <p className="form-error" role="alert">
            {error.issues.length > 0 && error.issues.every((i) => AT_FIELD.test(i.path))
              ? 'Check the fields marked in red.'
              : error.message}
          </p>
        )}
        {status && <p role="status">{status}</p>}
      </div>
      {!signed && (
        <GatedButton channel="drills:aar-save" className="primary" onClick={() => void save()}>
          Save review
        </GatedButton>
      )}
      {!signed && !v.aar && <p className="small muted">Save the review first; it can then be signed off.</p>}
      {(signed || v.aar) && (
        <div className="field" style={{ maxWidth: 360, marginTop: '1rem' }}>
          <label htmlFor="aar-signer">{signed ? 'Your name (for closing actions)' : 'Signed off by'}</label>
          <input
            id="aar-signer"
            value={signer}
            aria-invalid={!!issue('signedOffBy')}
            aria-describedby={issue('signedOffBy') ? 'aar-signer-error' : undefined}
            onChange={(e) => setSigner(e.target.value)}
          />
          {issue('signedOffBy') && (
            <span id="aar-signer-error" className="field-error">
              {issue('signedOffBy')}
            </span>
          )}
        </div>
      )}
      {!signed && v.aar && (
        <>
          <p className="small muted">Signing off saves the review and makes it read-only; corrective actions can still be marked done.</p>
          <GatedButton channel="drills:aar-signoff" onClick={() => void signOff()}>
            Sign off the review
          </GatedButton>
        </>
      )}{' '}
      <button type="button" onClick={() => navigate('drill-history')}>
        Drill history
      </button>{' '}
      <button type="button" onClick={() => navigate('drill-run', { id })}>
        Drill record
      </button>
    </section>
  );
}
