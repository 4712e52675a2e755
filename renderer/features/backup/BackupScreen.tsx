import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { useQuery } from '../../components/useQuery';
import { readFileBase64 } from '../reports/files';
import { showDateTime } from '../../components/time';
import { RetainedFiles, size } from './RetainedFiles';

const REASON: Record<string, string> = {
  auto: 'Automatic',
  manual: 'Made by hand',
  'pre-migration': 'Before an upgrade',
  'pre-restore': 'Before a restore',
};
const when = (iso: string) => showDateTime(iso);

/** Verified backups of this workspace: make one now, restore one, or restore from a file. */
export function BackupScreen() {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const bump = useAppStore((s) => s.bump);
  const list = useQuery(() => api.call('backup:list', { workspaceId }), [workspaceId]);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<{ id: string; createdAt: string } | null>(null);
  const [pendingFile, setPendingFile] = useState<File | null>(null);

  const run = async (label: string, fn: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setStatus(`${label}…`);
    try {
      setStatus(await fn());
      list.reload();
    } catch (err) {
      setError(errorMessage(err));
      setStatus('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="backup-title">
      <header className="page-header">
        <h1 id="backup-title">Backups</h1>
      </header>
      <div className="card">
        <p className="muted">
          Backups are consistent copies made with SQLite's online backup API and checked before they are kept, together with every evidence
          file and a list of their SHA-256 hashes that a restore checks first. One is made automatically while you work, before every
          upgrade and before every restore.
        </p>
        <RetainedFiles workspaceId={workspaceId} refresh={list.data} onStatus={setStatus} />
        <div className="toolbar">
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() =>
              void run('Backing up', async () => `Backup made: ${when((await api.call('backup:create', { workspaceId })).createdAt)}`)
            }
          >
            Back up now
          </button>
          <label className="field" htmlFor="restore-file">
            Restore from a file
            <input
              id="restore-file"
              type="file"
              accept=".sqlite,.db"
              disabled={busy}
              onChange={(e) => {
                setPendingFile(e.target.files?.[0] ?? null);
                e.target.value = '';
              }}
            />
          </label>
        </div>
        <p role="status" aria-live="polite" className="muted">
          {status}
        </p>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="card">
        <h2>Available backups</h2>
        {list.data && list.data.length === 0 ? (
          <EmptyState title="No backups yet">Make one with "Back up now"; automatic backups appear here as you work.</EmptyState>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Made</th>
                <th scope="col">Why</th>
                <th scope="col">Evidence files</th>
                <th scope="col">Size</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(list.data ?? []).map((b) => (
                <tr key={b.id}>
                  <td>{when(b.createdAt)}</td>
                  <td>{REASON[b.reason] ?? b.reason}</td>
                  <td>{b.evidenceFiles}</td>
                  <td>{size(b.totalBytes)}</td>
                  <td>
                    <button type="button" disabled={busy} onClick={() => setConfirm(b)}>
                      Restore…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {pendingFile && (
        <ConfirmDialog
          title="Restore from this file?"
          confirmLabel="Check and restore"
          message={`${pendingFile.name} is checked first (integrity, schema, version); if it passes, it replaces this workspace. The current state is backed up first, so you can undo this.`}
          onClose={() => setPendingFile(null)}
          onConfirm={async () => {
            const f = pendingFile;
            await api.call('backup:restoreFile', { workspaceId, contentBase64: await readFileBase64(f, () => undefined) });
            bump();
            list.reload();
            setStatus(`Restored from ${f.name}. The previous state was backed up first.`);
          }}
        />
      )}
      {confirm && (
        <ConfirmDialog
          title="Restore this backup?"
          confirmLabel="Restore"
          message={`The workspace goes back to how it was on ${when(confirm.createdAt)}. The current state is backed up first, so you can undo this.`}
          onClose={() => setConfirm(null)}
          onConfirm={async () => {
            await api.call('backup:restore', { workspaceId, backupId: confirm.id });
            bump();
            list.reload();
            setStatus(`Restored the backup from ${when(confirm.createdAt)}. The state before the restore was backed up.`);
          }}
        />
      )}
    </section>
  );
}
