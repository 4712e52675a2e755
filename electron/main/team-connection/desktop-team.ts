import { join } from 'node:path';
import type { ChangeNotice } from '../../../core/live/changes';
import { CONNECTION_EVENT, LIVE_CHANGE_EVENT, type ConnectionStatus } from '../../../core/team/connection';
import type { WorkspaceInfo } from '../../../core/workspace/model';
import type { ServiceContext } from '../../services/context';
import { dispatch } from '../../services/dispatch';
import type { ConnectionHandlers } from '../ipc';
import { createTeamConnection, type TeamConnection } from './connection';
import { downloadLocalCopy, moveToServer } from './move-workspace';
import { createTokenStore, type Encryptor } from './token-store';

/**
 * The desktop's team side, put together for main.ts (which passes Electron's safeStorage as the
 * encryptor and the window's webContents.send): the connection, the handlers of its IPC
 * channels, and the relay of committed changes to the window (the server's while signed in,
 * this computer's otherwise). Plain Node, so the integration tests run it as it runs in the app.
 */
export type DesktopTeamOptions = {
  userData: string;
  encryptor: Encryptor;
  getContext: () => ServiceContext;
  /** To the app window (main -> renderer events); dropped while no window is open. */
  send: (channel: string, payload: unknown) => void;
  fetch?: typeof fetch;
};

export type DesktopTeam = { connection: TeamConnection; handlers: ConnectionHandlers; relayLocalChanges: () => () => void };

export const SESSION_FILE = 'team-session.json';

export function createDesktopTeam(opts: DesktopTeamOptions): DesktopTeam {
  const store = createTokenStore(join(opts.userData, SESSION_FILE), opts.encryptor);
  const connection = createTeamConnection({
    store,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    onStatus: (s: ConnectionStatus) => opts.send(CONNECTION_EVENT, s),
    onChange: (n: ChangeNotice | null) => opts.send(LIVE_CHANGE_EVENT, n),
  });
  const handlers: ConnectionHandlers = {
    'connection:status': () => Promise.resolve(connection.status()),
    'connection:open': ({ url }: { url: string }) => connection.open(url),
    'connection:sign-in': ({ email, password }: { email: string; password: string }) => connection.signIn(email, password),
    'connection:sign-out': () => connection.signOut(),
    'connection:local-workspaces': async () => {
      const r = await dispatch(opts.getContext(), 'workspace:list', {});
      if (!r.ok) return [];
      return (r.value as WorkspaceInfo[]).map((w) => ({ id: w.id, name: w.name, status: w.status }));
    },
    'connection:move-to-server': ({ workspaceId }: { workspaceId: string }) => moveToServer(opts.getContext(), connection, workspaceId),
    'connection:download': ({ workspaceId }: { workspaceId: string }) => downloadLocalCopy(opts.getContext(), connection, workspaceId),
  };
  return {
    connection,
    handlers,
    // This computer's own changes reach the window as the server's do, so a second view (or a CLI run) shows up live.
    relayLocalChanges: () =>
      opts.getContext().changes.subscribe((n) => {
        if (!connection.signedIn) opts.send(LIVE_CHANGE_EVENT, n);
      }),
  };
}
