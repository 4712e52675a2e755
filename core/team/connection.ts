import { z } from 'zod';
import { Id } from '../common/schemas';
import { ROLES } from './rules';

/**
 * The desktop app's connection to a team server (issue 14 §6). The main process holds the
 * session and talks to the server; the renderer keeps its own app:// origin and reaches these
 * operations through named preload functions (window.desktop.team), validated with these
 * schemas on both sides of the IPC. They are not handler-table channels: they exist only in the
 * desktop app (browser mode and the team server have no main process to hold a session).
 */
export const TeamAccountView = z.object({
  id: z.string().max(200),
  name: z.string().max(200),
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
  workflowScope: z.array(z.string().max(200)).max(1000).nullable(),
  workspaces: z.array(z.string().max(200)).max(10_000),
});
export type TeamAccountView = z.infer<typeof TeamAccountView>;

export const ConnectionStatus = z.object({
  /** local: no server; server: a server was checked, nobody signed in; signed-in: calls go to the server. */
  state: z.enum(['local', 'server', 'signed-in']),
  origin: z.string().max(300).nullable(),
  email: z.string().max(320).nullable(),
  account: TeamAccountView.nullable(),
  /** The server offers "Sign in with <name>" in a browser (not built in the desktop app). */
  oidc: z.object({ name: z.string().max(200) }).nullable(),
  /** The session token is kept (encrypted) for the next start; false when the OS offers no encryption. */
  remembered: z.boolean(),
  /** Something the person should read: why they were signed out, why the session is not remembered. */
  notice: z.string().max(1000).nullable(),
});
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

export const OpenServerRequest = z.object({
  url: z.string().trim().min(1, 'Enter the team server address').max(300, 'At most 300 characters'),
});
export const SignInRequest = z.object({
  email: z.string().trim().min(1, 'Enter your email address').max(320),
  password: z.string().min(1, 'Enter your password').max(1000),
});
export const MoveRequest = z.object({ workspaceId: Id });

/** Entry count and head hash of a workspace's change history, as `history:verify` reports them on one side. */
export const HistoryHead = z.object({ intact: z.boolean(), count: z.number().int(), head: z.string().nullable() });
export const MoveResult = z.object({
  workspace: z.object({ id: Id, name: z.string() }),
  /** The side it came from and the side it went to: equal when the move was lossless. */
  source: HistoryHead,
  copy: HistoryHead,
  /** Entries the copy has beyond the source's: the import recording a new name (0 when the name was free). */
  extra: z.number().int(),
  /** The copy verifies and holds the source's history entry for entry (its head at the source's position). */
  same: z.boolean(),
});
export type MoveResult = z.infer<typeof MoveResult>;

export const LocalWorkspace = z.object({ id: Id, name: z.string(), status: z.enum(['ok', 'unavailable']) });

/** The desktop-only operations, by IPC channel name: request and response schemas. */
export const CONNECTION_CHANNELS = {
  'connection:status': { request: z.object({}), response: ConnectionStatus },
  'connection:open': { request: OpenServerRequest, response: ConnectionStatus },
  'connection:sign-in': { request: SignInRequest, response: ConnectionStatus },
  'connection:sign-out': { request: z.object({}), response: ConnectionStatus },
  'connection:local-workspaces': { request: z.object({}), response: z.array(LocalWorkspace) },
  'connection:move-to-server': { request: MoveRequest, response: MoveResult },
  'connection:download': { request: MoveRequest, response: MoveResult },
} as const;
export type ConnectionChannel = keyof typeof CONNECTION_CHANNELS;
export const CONNECTION_CHANNEL_NAMES = Object.keys(CONNECTION_CHANNELS) as ConnectionChannel[];

/** Main -> renderer: the connection changed (signed in, out, or the session ended on the server). */
export const CONNECTION_EVENT = 'connection:changed';
/** Main -> renderer: a committed change (a ChangeNotice, or null: "refetch everything", after a gap). */
export const LIVE_CHANGE_EVENT = 'live:change';
