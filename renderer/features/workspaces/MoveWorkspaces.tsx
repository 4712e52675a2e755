import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { UserText } from '../../components/UserText';
import { useQuery } from '../../components/useQuery';
import { connection, moveSummary } from '../team/desktop-connection';
import { useCan } from '../team/team';

/** What the last move said, for the picker's live region (one line; errors in an alert). */
export type MoveOutcome = { ok: boolean; text: string } | null;

/**
 * While the desktop is connected: this computer's workspaces, each with "Move to team server"
 * (a copy with its history and evidence files goes into a new team workspace; admins only, the
 * server checks). The originals stay here until their owner deletes them.
 */
export function LocalWorkspacesToMove({ onOutcome }: { onOutcome: (o: MoveOutcome) => void }) {
  const local = useQuery(() => connection.localWorkspaces(), []);
  const can = useCan();
  const [busy, setBusy] = useState<string | null>(null);
  const move = async (id: string) => {
    setBusy(id);
    onOutcome(null);
    try {
      const r = await connection.moveToServer(id);
      onOutcome({ ok: r.same, text: moveSummary(r, 'push') });
      useAppStore.getState().bump(); // the server's list now has it
    } catch (err) {
      onOutcome({ ok: false, text: `Not moved: ${errorMessage(err)}` });
    } finally {
      setBusy(null);
    }
  };
  const list = (local.data ?? []).filter((w) => w.status === 'ok');
  return (
    <section aria-labelledby="local-title">
      <h2 id="local-title">On this computer</h2>
      {list.length === 0 ? (
        <p className="muted">No workspaces on this computer.</p>
      ) : (
        <ul className="workspace-list">
          {list.map((w) => (
            <li key={w.id}>
              <UserText text={w.name} />{' '}
              {can('import:workspace') ? (
                <button type="button" disabled={busy !== null} onClick={() => void move(w.id)} aria-label={`Move ${w.name} to team server`}>
                  {busy === w.id ? 'Moving…' : 'Move to team server'}
                </button>
              ) : (
                <span className="muted small">Only an admin of the server can move a workspace to it.</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** "Download a local copy" of a team workspace: a new workspace on this computer with the same history. */
export function DownloadCopyButton({ id, name, onOutcome }: { id: string; name: string; onOutcome: (o: MoveOutcome) => void }) {
  const [busy, setBusy] = useState(false);
  const pull = async () => {
    setBusy(true);
    onOutcome(null);
    try {
      onOutcome({ ok: true, text: moveSummary(await connection.download(id), 'pull') });
      useAppStore.getState().bump();
    } catch (err) {
      onOutcome({ ok: false, text: `Not downloaded: ${errorMessage(err)}` });
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" disabled={busy} onClick={() => void pull()} aria-label={`Download a local copy of ${name}`}>
      {busy ? 'Downloading…' : 'Download a local copy'}
    </button>
  );
}
