import { useState } from 'react';
import { api, ApiError, errorMessage } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { useQuery } from '../../components/useQuery';
import { EXAMPLE_WORKSPACE_NAME } from '../../../core/inventory/example-workspace';
import { RestoreOffer } from '../backup/RestoreOffer';
import { UserText } from '../../components/UserText';
import { useCan, useTeam } from '../team/team';
import { TeamBar } from '../team/TeamBar';
import { DesktopConnect } from '../team/DesktopConnect';
import { useDesktopConnection } from '../team/desktop-connection';
import { DownloadCopyButton, LocalWorkspacesToMove, type MoveOutcome } from './MoveWorkspaces';

/** First run and workspace switching: open the example, create an empty one, or pick an existing one. */
export function WorkspacePicker({ notice }: { notice?: string | null }) {
  // Desktop: while connected to a team server the calls go there, so the list is the server's.
  const connected = useDesktopConnection((s) => s.status?.state === 'signed-in');
  const workspaces = useQuery(() => api.call('workspace:list', {}), [connected]);
  const [moved, setMoved] = useState<MoveOutcome>(null);
  const openWorkspace = useAppStore((s) => s.openWorkspace);
  const navigate = useAppStore((s) => s.navigate);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(notice ?? null);
  const [busy, setBusy] = useState(false);
  const can = useCan();
  const team = useTeam((s) => s.team);

  const enter = (id: string, wsName: string) => {
    openWorkspace(id, wsName);
    navigate('dashboard');
  };

  const open = async (id: string) => {
    setError(null);
    try {
      const ws = await api.call('workspace:open', { workspaceId: id });
      enter(ws.id, ws.name);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const create = async (example: boolean) => {
    setBusy(true);
    setError(null);
    setNameError(null);
    try {
      const existing = workspaces.data?.find((w) => example && w.status === 'ok' && w.name === EXAMPLE_WORKSPACE_NAME);
      const ws = existing ?? (await api.call('workspace:create', { name: example ? EXAMPLE_WORKSPACE_NAME : name, example }));
      enter(ws.id, ws.name);
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.issueFor('name')) setNameError(err.issueFor('name') ?? null);
      else setError(errorMessage(err));
    }
  };

  const list = workspaces.data ?? [];
  return (
    <main className="picker" aria-labelledby="picker-title">
      <h1 id="picker-title">Agent Readiness</h1>
      <p className="lede">
        Know which AI agents can change your live systems, whether each one is ready for production, and how your team responds when one
        destroys something.
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {team && !connected && <TeamBar />}
      <DesktopConnect />
      <p aria-live="polite" className={moved && !moved.ok ? 'form-error' : 'notice'}>
        {moved?.text}
      </p>
      {can('workspace:create') && (
        <section className="picker-start" aria-label="Start">
          <div className="card">
            <h2>See it with sample data</h2>
            <p>
              A realistic organisation with 8 agents across 5 workflows: some well controlled, some one prompt away from deleting
              production.
            </p>
            <button type="button" className="primary" disabled={busy} onClick={() => void create(true)}>
              Open example workspace
            </button>
          </div>
          <form
            className="card"
            onSubmit={(e) => {
              e.preventDefault();
              void create(false);
            }}
            noValidate
          >
            <h2>Start your own</h2>
            <div className={`field${nameError ? ' field-invalid' : ''}`}>
              <label htmlFor="new-workspace-name">Workspace name</label>
              <input
                id="new-workspace-name"
                value={name}
                maxLength={200}
                aria-invalid={nameError ? true : undefined}
                aria-describedby={nameError ? 'new-workspace-error' : undefined}
                onChange={(e) => setName(e.target.value)}
                placeholder="e.g. Payments team"
              />
              {nameError && (
                <p className="field-error" id="new-workspace-error" role="alert">
                  {nameError}
                </p>
              )}
            </div>
            <button type="submit" disabled={busy}>
              Create empty workspace
            </button>
          </form>
        </section>
      )}
      <section aria-labelledby="existing-title">
        <h2 id="existing-title">{connected ? 'On the team server' : 'Your workspaces'}</h2>
        {workspaces.loading && !workspaces.data ? (
          <p>Loading…</p>
        ) : list.length === 0 ? (
          <p className="muted">
            {team
              ? 'You were not invited to any workspace yet. Ask an admin of this server.'
              : 'No workspaces yet. Each workspace is one file on this computer; nothing is sent anywhere.'}
          </p>
        ) : (
          <ul className="workspace-list">
            {list.map((w) => (
              <li key={w.id} className={w.status === 'ok' ? '' : 'unavailable'}>
                {w.status === 'ok' ? (
                  <button type="button" className="link-button" onClick={() => void open(w.id)}>
                    <UserText text={w.name} />
                  </button>
                ) : (
                  <div role="alert">
                    <strong>
                      <UserText text={w.name} />
                    </strong>{' '}
                    could not be opened. {w.error?.message}
                    <RestoreOffer workspaceId={w.id} onRestored={() => workspaces.reload()} />
                  </div>
                )}
                {!team && (
                  <span className="muted small">
                    <UserText text={w.file} />
                  </span>
                )}
                {connected && w.status === 'ok' && <DownloadCopyButton id={w.id} name={w.name} onOutcome={setMoved} />}
              </li>
            ))}
          </ul>
        )}
      </section>
      {connected && <LocalWorkspacesToMove onOutcome={setMoved} />}
    </main>
  );
}
