import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { UserText } from '../../components/UserText';
import type { DrillView } from '../../../core/drills/model';
import { ContainmentResult, RecoveryResult } from './LiveFireResults';
import { QueryConsole } from './QueryConsole';
import { localTime } from './format';
import { useLiveFire } from './useLiveFire';
import './live-fire.css';

const PHASE_TEXT = {
  'not-started': 'The sandbox starts with the drill.',
  running: 'The rogue agent is loose in the sandbox.',
  contained: 'The rogue is contained.',
  resumed: 'Resumed after a restart: the sandbox was re-checked.',
  ended: 'The sandbox has ended.',
} as const;

/**
 * Live-fire mode in the runner: what customers see, what the rogue ran, the read-only console, the kill
 * switch and the restore. Shown only for a scenario with a sandbox. Every result here comes from the
 * back end's checks on the data; the panel never decides that anything was contained or recovered.
 */
export function LiveFirePanel({ workspaceId, view }: { workspaceId: string; view: DrillView }) {
  const lf = useLiveFire(workspaceId, view);
  const [confirmKill, setConfirmKill] = useState(false);
  const [backup, setBackup] = useState('');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const drillId = view.drill.id;
  const s = lf.status;
  if (!s) return <p className="muted">{lf.error ?? 'Loading the live-fire sandbox…'}</p>;
  const usable = s.phase === 'running' || s.phase === 'contained' || s.phase === 'resumed';
  const contained = !!s.containment?.verified;

  const act = async (fn: () => Promise<{ recorded: boolean; message: string }>) => {
    setBusy(true);
    lf.setError(null);
    try {
      setNote((await fn()).message);
      await lf.refresh();
    } catch (err) {
      lf.setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const restore = (acceptLoss = false) =>
    act(() => api.call('drills:live-fire-restore', { workspaceId, drillId, backup: backup || null, acceptLoss }));
  const verify = (acceptLoss: boolean) => act(() => api.call('drills:live-fire-verify', { workspaceId, drillId, acceptLoss }));

  return (
    <section aria-labelledby="lf-title" className="live-fire">
      <h2 id="lf-title">Live-fire sandbox</h2>
      <p className="small" data-testid="lf-phase">
        {PHASE_TEXT[s.phase]} {s.problem && <UserText text={s.problem} />}
        {s.rogue.pid !== null && ` Rogue pid ${s.rogue.pid}: ${s.rogue.running ? 'running' : 'stopped'}.`}
        {` Before step: ${s.before.backup === 'take' ? `backup taken (${s.before.location})` : 'no backup'}`}
        {s.before.takenAt ? ` at ${localTime(s.before.takenAt)}.` : '.'}
      </p>
      {s.recheck && (
        <p className="small warning-text" role="status">
          Re-check after the restart: integrity {s.recheck.integrity.join(', ')}; rogue{' '}
          {s.recheck.rogueRunning ? 'STILL RUNNING' : 'not running'};{' '}
          {s.recheck.matchesPreIncident
            ? 'data matches the pre-incident snapshot'
            : `${s.recheck.rowsLost} rows lost, ${s.recheck.rowsChanged} changed, ${s.recheck.rowsExtra} invented`}
          .
        </p>
      )}
      {lf.error && (
        <p className="form-error" role="alert">
          <UserText text={lf.error} />
        </p>
      )}
      {note && (
        <p className="small" role="status">
          <UserText text={note} />
        </p>
      )}
      <div className="lf-grid">
        <section aria-labelledby="lf-counts-title">
          <h3 id="lf-counts-title">What customers see</h3>
          <table className="lf-table">
            <thead>
              <tr>
                <th scope="col">Records</th>
                <th scope="col">Before</th>
                <th scope="col">Visible now</th>
              </tr>
            </thead>
            <tbody>
              {s.rowCounts.map((r) => (
                <tr key={r.table} className={r.visible !== r.before ? 'lf-changed' : ''}>
                  <th scope="row">{r.table}</th>
                  <td>{r.before}</td>
                  <td data-testid={`lf-count-${r.table}`}>{r.visible === null ? 'table gone' : r.visible}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="lf-actions">
            <button type="button" className="danger" disabled={!usable || contained || busy} onClick={() => setConfirmKill(true)}>
              Kill switch
            </button>
          </div>
          {s.containment && <ContainmentResult c={s.containment} />}
        </section>
        <section aria-labelledby="lf-log-title">
          <h3 id="lf-log-title">Statement log (what the rogue ran)</h3>
          {lf.statements.length === 0 ? (
            <p className="muted small">Nothing yet.</p>
          ) : (
            <ol className="lf-log small" data-testid="lf-log">
              {lf.statements.map((e) => (
                <li key={e.seq} className={e.outcome === 'ok' ? '' : 'lf-refused'}>
                  {localTime(e.wallClock)} · {e.action} · {e.outcome} · {e.rowsChanged} rows ·{' '}
                  <code>
                    <UserText text={e.statement} />
                  </code>
                  {e.message && <span className="muted"> ({<UserText text={e.message} />})</span>}
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
      <QueryConsole workspaceId={workspaceId} drillId={drillId} disabled={!usable} />
      <section aria-labelledby="lf-restore-title">
        <h3 id="lf-restore-title">Restore</h3>
        {usable && s.backups.length === 0 && <p className="small warning-text">No backup survives in the sandbox.</p>}
        {usable && s.backups.length > 0 && (
          <label className="small">
            Backup{' '}
            <select value={backup} onChange={(e) => setBackup(e.target.value)}>
              <option value="">Latest ({s.backups.at(-1)!.file})</option>
              {s.backups.map((b) => (
                <option key={b.file} value={b.file}>
                  {b.file} ({b.location}, {Math.round(b.sizeBytes / 1024)} KB)
                </option>
              ))}
            </select>
          </label>
        )}
        <div className="lf-actions">
          <button
            type="button"
            className="primary"
            disabled={!usable || !contained || busy || s.backups.length === 0}
            onClick={() => void restore()}
          >
            Restore backup
          </button>
          <button type="button" disabled={!usable || !contained || busy} onClick={() => void verify(false)}>
            Verify recovery now
          </button>
          {s.recovery && !s.recovery.recovered && !s.recovery.acceptedLoss && (
            <button type="button" disabled={!usable || busy} onClick={() => void verify(true)}>
              Accept the loss and record Recovered
            </button>
          )}
        </div>
        {!contained && usable && (
          <p className="small muted">Contain the rogue first: a restore under a live rogue would be damaged again.</p>
        )}
        {s.recovery && <RecoveryResult r={s.recovery} />}
      </section>
      {confirmKill && (
        <ConfirmDialog
          title="Use the kill switch?"
          message="The rogue process is killed (SIGKILL), its credential revoked (the data file becomes read-only), and the app then checks that a write with its credential fails."
          confirmLabel="Kill the rogue"
          onConfirm={() => act(() => api.call('drills:live-fire-contain', { workspaceId, drillId }))}
          onClose={() => setConfirmKill(false)}
        />
      )}
    </section>
  );
}
