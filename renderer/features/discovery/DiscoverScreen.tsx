import { useEffect, useState } from 'react';
import type { Response } from '../../../core/contract/index';
import type { SourceFormat } from '../../../core/discovery/types';
import { api, errorMessage } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { EmptyState } from '../../components/EmptyState';
import { showDateTime } from '../../components/time';
import { UserText } from '../../components/UserText';
import { useQuery } from '../../components/useQuery';
import { readFileBase64 } from '../reports/files';
import {
  dropContents,
  droppedFiles,
  FORMAT_OPTIONS,
  MAX_DISCOVERY_BYTES,
  MAX_DISCOVERY_FILES,
  pickedOf,
  type PickedFile,
} from './picked-files';
import { PolicyPanel } from './PolicyPanel';
import { ReviewList, type Edit } from './ReviewList';
import { RunHistory } from './RunHistory';
import { SourcesTable } from './SourcesTable';

type View = NonNullable<Response<'discovery:get'>>;

/**
 * Discover: choose or drop agent configs and permission exports, see what was read and skipped, and
 * review how reality differs from the inventory. Nothing is written until an item is accepted.
 */
export function DiscoverScreen() {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const bump = useAppStore((s) => s.bump);
  const latest = useQuery(() => api.call('discovery:get', { workspaceId, runId: null }), [workspaceId]);
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [view, setView] = useState<View | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const shown = view ?? latest.data ?? null;

  const add = (picked: PickedFile[]) => {
    setError(null);
    const tooBig = picked.find((f) => f.size > MAX_DISCOVERY_BYTES);
    if (tooBig) setError(`${tooBig.name} is larger than 32 MB; it is left out.`);
    setFiles((cur) => [...cur, ...picked.filter((f) => f.size <= MAX_DISCOVERY_BYTES)].slice(0, MAX_DISCOVERY_FILES));
  };

  // Files can be dropped anywhere on the window while this screen is open.
  useEffect(() => {
    const over = (e: DragEvent) => e.preventDefault();
    const drop = (e: DragEvent) => {
      e.preventDefault();
      if (e.dataTransfer) void droppedFiles(dropContents(e.dataTransfer)).then(add, (err: unknown) => setError(errorMessage(err)));
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);

  const run = async () => {
    setBusy(true);
    setError(null);
    setStatus(`Reading ${files.length} file(s)…`);
    try {
      const payload = await Promise.all(
        files.map(async (f) => ({
          fileName: f.name,
          contentBase64: await readFileBase64(f.file, () => undefined),
          ...(f.format ? { format: f.format } : {}),
        })),
      );
      const v = await api.call('discovery:run', { workspaceId, files: payload });
      setView(v);
      setFiles([]);
      bump(); // the run list and the inventory's "last seen" dates changed
      setStatus(
        v.pending === 0 ? 'Nothing new: the inventory already declares everything these files grant.' : `${v.pending} item(s) to review.`,
      );
    } catch (err) {
      setError(errorMessage(err));
      setStatus('');
    } finally {
      setBusy(false);
    }
  };

  const accept = async (all: boolean, items: Edit[] = []) => {
    if (!shown) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.call('discovery:accept', { workspaceId, runId: shown.run.id, all, items });
      setView(r.view);
      const c = r.created;
      setStatus(
        `Accepted: ${c.agents} agent(s), ${c.systems} system(s), ${c.environments} environment(s), ${c.grants} grant(s) created, ${r.updated} updated.`,
      );
      bump();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="discover-title">
      <header className="page-header">
        <h1 id="discover-title">Discover</h1>
      </header>
      <div className="card">
        <h2>1. Choose or drop files</h2>
        <p className="muted">
          Agent and MCP client configs (Claude Desktop, Claude Code, Cursor, VS Code, Windsurf, Gemini CLI, Codex CLI, Continue), scanner
          output, AWS IAM, Kubernetes RBAC, PostgreSQL grants, GitHub permissions. They are read, never changed; secrets in them are kept
          only as fingerprints. Nothing is added to the inventory until you accept it.
        </p>
        <div className="toolbar">
          <label className="field">
            Files
            <input
              type="file"
              multiple
              onChange={(e) => add([...(e.target.files ?? [])].map((f) => pickedOf(f)))}
              aria-label="Choose files"
            />
          </label>
          <label className="field">
            A folder
            <input
              type="file"
              multiple
              aria-label="Choose a folder"
              ref={(el) => el?.setAttribute('webkitdirectory', '')}
              onChange={(e) => add([...(e.target.files ?? [])].map((f) => pickedOf(f)))}
            />
          </label>
        </div>
        {files.length > 0 && (
          <>
            <ul className="plain-list" aria-label="Files to read">
              {files.map((f) => (
                <li key={f.id}>
                  <UserText text={f.name} /> ({Math.ceil(f.size / 1024)} KB){' '}
                  <label>
                    Read as{' '}
                    <select
                      value={f.format}
                      onChange={(e) =>
                        setFiles((cur) => cur.map((x) => (x.id === f.id ? { ...x, format: e.target.value as SourceFormat | '' } : x)))
                      }
                    >
                      <option value="">Detect from name and content</option>
                      {FORMAT_OPTIONS.map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </select>
                  </label>{' '}
                  <button type="button" className="link-button" onClick={() => setFiles((cur) => cur.filter((x) => x.id !== f.id))}>
                    Remove
                  </button>
                </li>
              ))}
            </ul>
            <button type="button" className="primary" disabled={busy} onClick={() => void run()}>
              Read {files.length} file(s)
            </button>
          </>
        )}
        <p role="status" aria-live="polite" className="muted" data-testid="discovery-status">
          {status}
        </p>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </div>
      {!shown && !latest.loading && files.length === 0 && (
        <EmptyState title="No discovery run yet">
          Drop a claude_desktop_config.json, a .cursor/mcp.json or an IAM export on this window, or choose files or a folder above. You will
          see what each file lets an agent do, with the reason, before anything is added.
        </EmptyState>
      )}
      {shown && (
        <>
          <div className="card">
            <h2>2. What was read</h2>
            <p className="small muted">
              Run of {showDateTime(shown.run.at)} by <UserText text={shown.run.actor} />: {shown.run.read} file(s) read, {shown.run.skipped}{' '}
              skipped.
            </p>
            <SourcesTable view={shown} />
          </div>
          <div className="card">
            <h2>3. How reality differs from the inventory</h2>
            {shown.findings.length > 0 && (
              <ul aria-label="Drift findings">
                {shown.findings.map((f, i) => (
                  <li key={i} data-testid="drift-finding">
                    <span className={`pill risk-${f.severity}`}>{f.kind}</span> <UserText text={f.subject} />: <UserText text={f.reason} />
                  </li>
                ))}
              </ul>
            )}
            {shown.pending === 0 ? (
              <p data-testid="discovery-nothing-new">
                Nothing new to accept: the inventory declares everything these files grant ({shown.unchanged} unchanged).
              </p>
            ) : (
              <button type="button" className="primary" disabled={busy} onClick={() => void accept(true)}>
                Accept all {shown.pending}
              </button>
            )}
            <ReviewList items={shown.items} busy={busy} onAccept={(e) => void accept(false, [e])} />
          </div>
        </>
      )}
      <RunHistory
        workspaceId={workspaceId}
        onOpen={(runId) =>
          void api.call('discovery:get', { workspaceId, runId }).then(
            (v) => {
              setView(v);
              setStatus('');
            },
            (err: unknown) => setError(errorMessage(err)),
          )
        }
      />
      <PolicyPanel workspaceId={workspaceId} />
    </section>
  );
}
