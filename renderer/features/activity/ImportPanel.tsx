import { useEffect, useRef, useState } from 'react';
import type { Response } from '../../../core/contract/index';
import { api, errorMessage } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { UserText } from '../../components/UserText';
import { readFileBase64 } from '../reports/files';

type Result = Response<'activity:import-files'>;
type Progress = Response<'activity:progress'>;
/** How often the progress bar asks how far the import is (the import itself answers only at the end). */
const PROGRESS_POLL_MS = 250;
const MAX_UPLOAD_BYTES = 40 * 1024 * 1024;
/** A folder picker: the attribute is not in React's types. */
const folderPicker = { webkitdirectory: '', directory: '' } as Record<string, string>;

/** Import by file, by folder, or by dropping them here; a progress bar that can be cancelled. */
export function ImportPanel({ workspaceId }: { workspaceId: string }) {
  const bump = useAppStore((s) => s.bump);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const reading = useRef<AbortController | null>(null);

  useEffect(() => {
    if (!busy) return;
    const t = setInterval(() => {
      void api.call('activity:progress', { workspaceId }).then(setProgress, () => undefined);
    }, PROGRESS_POLL_MS);
    return () => clearInterval(t);
  }, [busy, workspaceId]);

  const start = async (list: FileList | File[]) => {
    const files = [...list];
    if (files.length === 0) return;
    const size = files.reduce((n, f) => n + f.size, 0);
    if (size > MAX_UPLOAD_BYTES) {
      setError(
        `These files are ${Math.round(size / 1e6)} MB together; the browser sends at most 40 MB. Import larger logs with "agent-readiness activity import".`,
      );
      return;
    }
    setBusy(true);
    setError(null);
    setResult(null);
    setProgress(null);
    const ctl = new AbortController();
    reading.current = ctl;
    try {
      const payload = [];
      for (const f of files)
        payload.push({ fileName: f.webkitRelativePath || f.name, contentBase64: await readFileBase64(f, () => undefined, ctl.signal) });
      reading.current = null;
      setResult(await api.call('activity:import-files', { workspaceId, files: payload }));
    } catch (err) {
      setError(err instanceof DOMException && err.name === 'AbortError' ? 'Cancelled: nothing was sent.' : errorMessage(err));
    } finally {
      setBusy(false);
      bump();
    }
  };
  const cancel = () => {
    reading.current?.abort();
    void api.call('activity:cancel', { workspaceId });
  };
  const fraction = progress && progress.totalBytes > 0 ? progress.bytesRead / progress.totalBytes : 0;

  return (
    <section
      aria-labelledby="activity-import-title"
      className={over ? 'drop-zone drop-over' : 'drop-zone'}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void start(e.dataTransfer.files);
      }}
      data-testid="activity-drop"
    >
      <h2 id="activity-import-title">Import activity logs</h2>
      <p className="muted">
        CloudTrail, Kubernetes audit, PostgreSQL, OpenTelemetry, Claude Code, Codex or GitHub audit logs. Choose files or a folder, or drop
        them here. Only what a finding needs is kept: no payloads, no secrets.
      </p>
      <div className="toolbar">
        <label className="button">
          Choose files
          <input type="file" multiple className="sr-only" disabled={busy} onChange={(e) => e.target.files && void start(e.target.files)} />
        </label>
        <label className="button">
          Choose a folder
          <input
            type="file"
            multiple
            className="sr-only"
            disabled={busy}
            {...folderPicker}
            onChange={(e) => e.target.files && void start(e.target.files)}
          />
        </label>
      </div>
      {busy && (
        <div role="status" aria-live="polite">
          <progress max={1} value={fraction} aria-label="Import progress" />{' '}
          {progress?.file ? (
            <>
              Reading <UserText text={progress.file} /> ({progress.filesDone + 1} of {progress.filesTotal}), {progress.events} events
            </>
          ) : (
            'Sending the files…'
          )}{' '}
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div role="status" data-testid="activity-import-result">
          <p>
            Imported {result.events} events from {result.sources.length} file(s)
            {result.issueCount > 0 ? `; ${result.issueCount} line(s) could not be read` : ''}.
          </p>
          <ul>
            {result.sources.map((s) => (
              <li key={s.id}>
                <UserText text={s.path} />: {s.format}, {s.eventCount} events
              </li>
            ))}
            {result.skipped.map((s) => (
              <li key={s.path}>
                Skipped <UserText text={s.path} />: <UserText text={s.reason} />
              </li>
            ))}
            {result.issues.slice(0, 10).map((i) => (
              <li key={`${i.file}:${i.line}:${i.record ?? ''}`}>
                <UserText text={`${i.file}:${i.line}: ${i.message}`} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
