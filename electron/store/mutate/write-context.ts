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
  source: 'profile' | 'cli-flag' | 'env' | 'os-user';
};

/** Everything a workspace write needs besides its own input: where, who, through which door, and when. */
export type WriteContext = {
  db: Database;
  actor: Actor;
  /** The contract channel (or CLI command) the change came through, e.g. "grant:create". */
  channel: string;
  now: Date;
};

/** One entity change, as the change history (issue 11) will record it. */
export type Change = {
  entity: string;
  id: string;
  action: 'create' | 'update' | 'delete';
  before: unknown;
  after: unknown;
};
