import { HistoryPanel } from '../history/HistoryPanel';
import { useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import type { Verdict } from '../../../core/scoring/types';
import { DataTable, type Column } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { useQuery } from '../../components/useQuery';
import { ChecklistPanel } from './ChecklistPanel';
import { useUserName, VerdictBadge } from './common';
import { CompareView } from './CompareView';
import { TrendChart } from './TrendChart';
import { showDateTime } from '../../components/time';
import { BackLink } from '../../components/BackLink';
import { UserText } from '../../components/UserText';
import { useCan } from '../team/team';

/** Finalise assessments (immutable snapshots), browse history and trends, compare any two. */
export function AssessmentsScreen({ id }: { id?: string }) {
  const can = useCan(); // only approvers finalise (issue 14 §3); everyone reads the list
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const navigate = useAppStore((s) => s.navigate);
  const bump = useAppStore((s) => s.bump);
  const list = useQuery(() => api.call('assessment:list', { workspaceId }), [workspaceId]);
  const trends = useQuery(() => api.call('assessment:trends', { workspaceId }), [workspaceId]);
  const checklist = useQuery(() => api.call('checklist:get', { workspaceId }), [workspaceId]);
  const checklists = useQuery(() => api.call('checklist:list', { workspaceId }), [workspaceId]);
  const checklistTitle = (cid: string) => checklists.data?.find((c) => c.id === cid)?.title ?? cid;
  const [userName, setUserName] = useUserName();
  const [title, setTitle] = useState(() => `Assessment ${new Date().toISOString().slice(0, 10)}`);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);

  if (id) return <AssessmentDetail workspaceId={workspaceId} id={id} onBack={() => navigate('assessments')} />;

  const askFinalise = (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setStatus('');
    const local: Record<string, string> = {};
    if (!title.trim()) local.title = 'Required';
    if (!userName.trim()) local.finalisedBy = 'Required';
    if (Object.keys(local).length) return setErrors(local);
    setConfirming(true);
  };

  /** Field problems go next to the fields (and close the dialog); anything else stays in the dialog. */
  const finalise = async () => {
    if (!checklist.data) return;
    setBusy(true);
    try {
      const a = await api.call('assessment:finalise', {
        workspaceId,
        title,
        finalisedBy: userName,
        checklistId: checklist.data.checklist.id,
        checklistVersion: checklist.data.checklist.version,
      });
      setStatus(`Finalised “${a.title}”: average ${a.meanScore ?? '—'}. It can no longer change.`);
      setTitle(''); // the next snapshot needs its own title, not a second copy of this one
      bump();
    } catch (err) {
      if (err instanceof ApiError && (err.issueFor('title') || err.issueFor('finalisedBy'))) {
        setErrors({ title: err.issueFor('title') ?? '', finalisedBy: err.issueFor('finalisedBy') ?? '' });
      } else {
        throw new Error(errorMessage(err));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="assessments-title">
      <h1 id="assessments-title">Assessments</h1>
      {can('assessment:finalise') && (
        <form className="card" onSubmit={askFinalise} noValidate aria-labelledby="finalise-title">
          <h2 id="finalise-title">Finalise the current assessment</h2>
          <p className="small">
            Takes a snapshot of every answer, finding and score, with checklist{' '}
            {checklist.data ? `${checklist.data.checklist.title} v${checklist.data.checklist.version}` : '…'}. A finalised assessment never
            changes; keep working on the next one.
          </p>
          <div className={`field${errors.title ? ' field-invalid' : ''}`}>
            <label htmlFor="fin-title">Title</label>
            <input
              id="fin-title"
              type="text"
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              aria-invalid={errors.title ? true : undefined}
              aria-describedby={errors.title ? 'fin-title-error' : undefined}
            />
            {errors.title && (
              <p className="field-error" id="fin-title-error">
                {errors.title}
              </p>
            )}
          </div>
          <div className={`field${errors.finalisedBy ? ' field-invalid' : ''}`}>
            <label htmlFor="fin-by">Finalised by</label>
            <input
              id="fin-by"
              type="text"
              value={userName}
              onChange={(e) => setUserName(e.target.value)}
              aria-invalid={errors.finalisedBy ? true : undefined}
              aria-describedby={errors.finalisedBy ? 'fin-by-error' : undefined}
            />
            {errors.finalisedBy && (
              <p className="field-error" id="fin-by-error">
                {errors.finalisedBy}
              </p>
            )}
          </div>
          {errors.form && (
            <p className="form-error" role="alert">
              {errors.form}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy || !checklist.data}>
            Finalise assessment
          </button>
          <p role="status" aria-live="polite">
            {status}
          </p>
        </form>
      )}

      <h2>History</h2>
      {list.error && (
        <p className="form-error" role="alert">
          {list.error}
        </p>
      )}
      {list.data && list.data.length === 0 && (
        <EmptyState title="No finalised assessments yet">Finalise one above to start the history.</EmptyState>
      )}
      {list.data && list.data.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="assessment-history">
            <caption className="sr-only">Finalised assessments, newest first</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Title</th>
                <th scope="col">Finalised</th>
                <th scope="col">By</th>
                <th scope="col">Checklist</th>
                <th scope="col">Average</th>
                <th scope="col">Ready / Cond. / Not ready</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((a) => (
                <tr key={a.id}>
                  <td>{a.seq}</td>
                  <td>
                    <button type="button" className="link-button" onClick={() => navigate('assessments', { id: a.id })}>
                      <UserText text={a.title} />
                    </button>
                  </td>
                  <td>{showDateTime(a.finalisedAt)}</td>
                  <td>
                    <UserText text={a.finalisedBy} />
                  </td>
                  <td title={a.checklistId}>
                    {checklistTitle(a.checklistId)} v{a.checklistVersion}
                  </td>
                  <td>{a.meanScore ?? '—'}</td>
                  <td>
                    {a.verdicts.ready} / {a.verdicts.conditional} / {a.verdicts['not-ready']}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {trends.data && trends.data.length > 1 && <TrendChart points={trends.data} />}
      {list.data && <CompareView workspaceId={workspaceId} assessments={list.data} />}
      <ChecklistPanel workspaceId={workspaceId} userName={userName} />
      {confirming && (
        <ConfirmDialog
          title="Finalise this assessment?"
          message={`“${title}” will record every answer, finding and score as they are now, signed by ${userName}. A finalised assessment can never be edited or deleted.`}
          confirmLabel="Finalise"
          onConfirm={finalise}
          onClose={() => setConfirming(false)}
        />
      )}
    </section>
  );
}

function AssessmentDetail({ workspaceId, id, onBack }: { workspaceId: string; id: string; onBack: () => void }) {
  const q = useQuery(() => api.call('assessment:get', { workspaceId, id }), [workspaceId, id]);
  const checklists = useQuery(() => api.call('checklist:list', { workspaceId }), [workspaceId]);
  if (q.error)
    return (
      <p className="form-error" role="alert">
        {q.error}{' '}
        <button type="button" onClick={onBack}>
          Back
        </button>
      </p>
    );
  if (!q.data) return <p aria-busy="true">Loading…</p>;
  const { summary, agents } = q.data;
  return (
    <article aria-labelledby="assessment-title">
      <p>
        <BackLink fallback={{ id: 'assessments', params: {} }} />
      </p>
      <h1 id="assessment-title">
        <UserText text={summary.title} />
      </h1>
      <p>
        Finalised by <UserText text={summary.finalisedBy} /> on {showDateTime(summary.finalisedAt)} with checklist{' '}
        {checklists.data?.find((c) => c.id === summary.checklistId)?.title ?? summary.checklistId} v{summary.checklistVersion}. Average{' '}
        {summary.meanScore ?? '—'}; {summary.openFindings} open findings. This snapshot is read-only.
      </p>
      <AssessmentAgentsTable rows={agents} />
      <HistoryPanel entity="assessment" entityId={id} title="History of this assessment" />
    </article>
  );
}

type Row = { agentId: string; agentName: string; score: number; verdict: Verdict; capReasons: string[]; openFindings: number };
function AssessmentAgentsTable({ rows }: { rows: Row[] }) {
  const columns: Column<Row>[] = [
    { key: 'name', label: 'Agent', sortValue: (r) => r.agentName, render: (r) => r.agentName },
    { key: 'score', label: 'Score', sortValue: (r) => r.score, render: (r) => r.score },
    { key: 'verdict', label: 'Verdict', sortValue: (r) => r.verdict, render: (r) => <VerdictBadge verdict={r.verdict} /> },
    { key: 'findings', label: 'Open findings', sortValue: (r) => r.openFindings, render: (r) => r.openFindings },
    { key: 'reason', label: 'Main reason', render: (r) => <span className="small">{r.capReasons[0] ?? ''}</span> },
  ];
  return (
    <DataTable rows={rows} columns={columns} rowKey={(r) => r.agentId} caption="Agent scores in this assessment" initialSort="score" />
  );
}
