import { existsSync } from 'node:fs';
import type { TeamAccount } from '../../../core/team/authorization';
import type { Result } from '../../../core/contract/index';
import { openTeamDatabase, type TeamDatabase } from '../../store/team/database';
import { teamSchemaStatus } from '../../store/team/migrations';
import { createServiceContext, type Actor, type ServiceContext } from '../context';
import { dispatch } from '../dispatch';
import type { ChangeFeed } from '../change-feed';
import { startTeamLive, type TeamLive } from './live';
import { createTeamService, type TeamPolicy, type TeamService } from './service';

/**
 * What the team HTTP server (electron/serve/team-server.ts) runs on: the account service over
 * PostgreSQL, and one service context over the data folder whose SQLite files hold each team
 * workspace's data (named by the team workspace id; the inventory store is not on PostgreSQL
 * yet). Each request gets its own context: the shared workspaces, `team` set to the signed-in
 * account and `actor` to that account, so every history entry names the person.
 */
export type TeamBackend = {
  service: TeamService;
  /** The account of a session token, or null (unknown, expired, revoked). */
  accountOf: (sessionToken: string | null) => Promise<TeamAccount | null>;
  /** One call through the handler table as `account` (null: signed out, refused by dispatch). */
  call: (account: TeamAccount | null, channel: string, input: unknown) => Promise<Result<unknown>>;
  /** Committed changes of every instance on this database (LISTEN/NOTIFY), for the /events/changes streams. */
  changes: ChangeFeed;
  live: TeamLive;
  /** Database reachable and its schema current (the readiness probe). */
  ready: () => Promise<{ ok: true } | { ok: false; reason: string }>;
  close: () => Promise<void>;
};

export type TeamBackendOptions = {
  databaseUrl: string;
  dataDir: string;
  liveFireDist?: string | null;
  policy?: Partial<TeamPolicy>;
  now?: () => Date;
  /** Where problems of the live connection go (the server's log); they never fail a request. */
  onLiveError?: (what: string, err: Error) => void;
};

export const teamActor = (a: TeamAccount): Actor => ({ name: a.name, source: 'team', ...(a.roles[0] ? { role: a.roles.join(', ') } : {}) });

export async function openTeamBackend(opts: TeamBackendOptions): Promise<TeamBackend> {
  const db: TeamDatabase = await openTeamDatabase(opts.databaseUrl);
  const service = createTeamService(db, { ...(opts.now ? { now: opts.now } : {}), ...(opts.policy ? { policy: opts.policy } : {}) });
  const base = createServiceContext({
    dataDir: opts.dataDir,
    mode: 'browser',
    liveFireDist: opts.liveFireDist ?? null,
    actor: { name: 'team server', source: 'system' },
    ...(opts.now ? { now: opts.now } : {}),
  });
  const live = startTeamLive(db, base.changes, opts.onLiveError ? { onError: opts.onLiveError } : {});
  const contextFor = (account: TeamAccount | null): ServiceContext => ({
    ...base,
    team: { account, service },
    actor: account ? teamActor(account) : base.actor,
  });

  /** A workspace the account was invited to gets its SQLite file on first use (made by the first instance that needs it). */
  async function ensureFiles(account: TeamAccount): Promise<void> {
    const missing = account.workspaces.filter((id) => !existsSync(base.workspaces.fileFor(id)));
    if (missing.length === 0) return;
    for (const w of await service.workspaces(account.id))
      if (missing.includes(w.id)) base.workspaces.ensure(w.id, w.name, base.now(), teamActor(account), 'http');
  }

  return {
    service,
    changes: live.feed,
    live,
    accountOf: async (token) => (token ? service.accountOfSession(token) : null),
    async call(account, channel, input) {
      if (account) await ensureFiles(account);
      const ctx = contextFor(account);
      const result = await dispatch(ctx, channel, input);
      // A workspace made through the app (new, or imported from a workspace export, as the desktop's
      // "Move to team server" does) becomes a team workspace: its maker is its first member.
      if (account && (channel === 'workspace:create' || channel === 'import:workspace') && result.ok) {
        const made = result.value as { id: string; name: string };
        await service.createWorkspace(account.id, { id: made.id, name: made.name });
      }
      return result;
    },
    async ready() {
      try {
        const s = await teamSchemaStatus(db.pool);
        if (s.current !== s.expected) return { ok: false, reason: `team schema ${s.current}, expected ${s.expected}` };
        return { ok: true };
      } catch (err) {
        return { ok: false, reason: `database not reachable (${(err as { code?: string }).code ?? 'error'})` };
      }
    },
    async close() {
      await live.close();
      base.close();
      await db.close();
    },
  };
}

/** The account service alone (the CLI's `team admin create` and `team invite`): no workspace files. */
export async function openTeamAccounts(databaseUrl: string): Promise<{ service: TeamService; close: () => Promise<void> }> {
  const db = await openTeamDatabase(databaseUrl, { max: 2 });
  return { service: createTeamService(db), close: () => db.close() };
}
