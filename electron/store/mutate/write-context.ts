import type { Database } from 'better-sqlite3';

/**
 * Who made a change, and how we know. One value per service context, so issue 11's change
 * history can record it without asking each caller: a desktop profile, a CLI flag, an
 * environment variable, or (when nothing else says) the operating-system user.
 */
export type Actor = {
  name: string;
  email?: string;
  role?: string;
  source: 'profile' | 'cli-flag' | 'env' | 'os-user' | 'system' | 'team';
};

/** Everything a workspace write needs besides its own input: where, who, through which door, and when. */
export type WriteContext = {
  db: Database;
  actor: Actor;
  /** The contract channel (or CLI command) the change came through, e.g. "grant:create". */
  channel: string;
  now: Date;
  /** The door: desktop window (ipc), browser mode (http), CLI, or the app itself. Defaults to "system". */
  door?: 'ipc' | 'http' | 'cli' | 'system';
  /** Why, when the user said (recorded on every history entry of the change). */
  reason?: string | null;
};

/** An event for the history with no table row behind it (e.g. "profile changed"); row changes are captured without asking. */
export type Change = {
  entity: string;
  id: string;
  action: 'create' | 'update' | 'delete';
  before: unknown;
  after: unknown;
};
