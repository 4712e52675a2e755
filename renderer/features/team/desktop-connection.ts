import { create } from 'zustand';
import type { ConnectionStatus, MoveResult } from '../../../core/team/connection';
import { desktopTeam, teamCall } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { useTeam } from './team';

/**
 * The desktop app's team server connection as the renderer sees it (issue 14 §6). The main
 * process holds the session and forwards every api call while signed in; this store mirrors its
 * status (from window.desktop.team and its status events) into the team state the rest of the
 * UI reads (`useTeam`, `useCan`), so an account's roles hide what it may not do, exactly as on
 * the team server's own pages. Absent in browser mode: `desktopTeam()` is null there.
 */
type State = { status: ConnectionStatus | null };
export const useDesktopConnection = create<State>(() => ({ status: null }));

const signedIn = (s: ConnectionStatus | null): boolean => s?.state === 'signed-in';

/** Applies a status from the main process; switching between this computer and a server closes the open workspace. */
export function applyStatus(next: ConnectionStatus): void {
  const prev = useDesktopConnection.getState().status;
  useDesktopConnection.setState({ status: next });
  useTeam.setState(
    next.state === 'signed-in' && next.account
      ? { team: true, account: next.account, oidc: null }
      : { team: false, account: null, oidc: null },
  );
  if (prev !== null && signedIn(prev) !== signedIn(next)) {
    // Its id means nothing on the other side: back to the picker, which lists the other side's workspaces.
    useAppStore.getState().closeWorkspace();
    useAppStore.getState().bump();
  }
}

let started = false;
/** Reads the status once and follows its changes (once per window). Does nothing in browser mode. */
export function followDesktopConnection(): void {
  const team = desktopTeam();
  if (!team || started) return;
  started = true;
  team.onStatus(applyStatus);
  void teamCall<ConnectionStatus>(team.status()).then(applyStatus, () => undefined);
}

const need = () => {
  const team = desktopTeam();
  if (!team) throw new Error('Only the desktop app connects to a team server.');
  return team;
};

export const connection = {
  open: async (url: string) => applyStatus(await teamCall<ConnectionStatus>(need().open(url))),
  signIn: async (email: string, password: string) => applyStatus(await teamCall<ConnectionStatus>(need().signIn(email, password))),
  disconnect: async () => applyStatus(await teamCall<ConnectionStatus>(need().signOut())),
  localWorkspaces: () => teamCall<{ id: string; name: string; status: 'ok' | 'unavailable' }[]>(need().localWorkspaces()),
  moveToServer: (workspaceId: string) => teamCall<MoveResult>(need().moveToServer(workspaceId)),
  download: (workspaceId: string) => teamCall<MoveResult>(need().download(workspaceId)),
};

/** What a finished move says: both sides' history, so a person sees it was lossless (or that it was not). */
export function moveSummary(r: MoveResult, direction: 'push' | 'pull'): string {
  const where = direction === 'push' ? 'to the team server' : 'to this computer';
  const head = r.copy.head ? r.copy.head.slice(0, 12) : 'none';
  const sourceHead = r.source.head ? r.source.head.slice(0, 12) : 'none';
  if (r.same && r.extra > 0)
    return `Copied ${where} as "${r.workspace.name}" (the name was taken): the original's ${r.source.count} history entries up to head ${sourceHead}, plus ${r.extra} recording the new name. The original is unchanged.`;
  return r.same
    ? `Copied "${r.workspace.name}" ${where}: ${r.copy.count} history entries, head ${head}, the same on both sides. The original is unchanged.`
    : `Copied "${r.workspace.name}" ${where}, but its history differs (${r.source.count} entries here, ${r.copy.count} there). Check History on both sides before you rely on the copy.`;
}

/** "https://readiness.example.org as Ada (admin)". */
export function connectedAs(s: ConnectionStatus): string {
  const who = s.account ? `${s.account.name} (${s.account.roles.join(', ')})` : (s.email ?? '');
  return `${s.origin ?? ''} as ${who}`;
}
