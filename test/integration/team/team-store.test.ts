import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openTeamDatabase } from '../../../electron/store/team/database';
import { TEAM_SCHEMA_VERSION } from '../../../electron/store/team/migrations';
import { dispatch } from '../../../electron/services/dispatch';
import { startPostgres } from '../../support/postgres';
import { makeHarness, removeDir } from '../helpers';
import { ADMIN_PW, ANN_PW, failure, invitedAnn, teamWorlds } from './team-world';

/** The team store itself on a real PostgreSQL: what it keeps, what it refuses, and how dispatch uses its sessions. */
const server = await startPostgres();
const { world, track } = teamWorlds(server);

describe.skipIf(!server.ok)('the team store on PostgreSQL', () => {
  it('a signed-in session drives dispatch: the account reaches only its workspaces, with its roles', async () => {
    const w = await world();
    const h = makeHarness();
    try {
      const mine = await h.call('workspace:create', { name: 'Ann team' });
      const theirs = await h.call('workspace:create', { name: 'Other team' });
      for (const ws of [mine, theirs]) await w.svc.createWorkspace(w.adminId, { id: ws.id, name: ws.name });
      await w.svc
        .invite(w.adminId, { email: 'vic@example.org', roles: ['viewer'], workspaceIds: [mine.id] })
        .then((i) => w.svc.accept({ token: i.token, name: 'Vic', password: 'vic password 12' }));
      const s = await w.svc.signIn({ email: 'vic@example.org', password: 'vic password 12', client: 'x' });
      h.ctx.team = { account: await w.svc.accountOfSession(s.token) };
      const list = await dispatch(h.ctx, 'workspace:list', {});
      expect(list.ok && (list.value as { name: string }[]).map((x) => x.name)).toEqual(['Ann team']);
      expect((await dispatch(h.ctx, 'inventory:overview', { workspaceId: mine.id })).ok).toBe(true);
      expect(await dispatch(h.ctx, 'inventory:overview', { workspaceId: theirs.id })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
      expect(await dispatch(h.ctx, 'agent:create', { workspaceId: mine.id, agent: { name: 'X' } })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', details: { status: 403 } },
      });
      await w.svc.signOut(s.token);
      h.ctx.team = { account: await w.svc.accountOfSession(s.token) };
      expect(await dispatch(h.ctx, 'workspace:list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    } finally {
      h.close();
      removeDir(h.dataDir);
    }
  });

  it('stores no password and no token in plain text anywhere, only scrypt hashes and token digests', async () => {
    const w = await world();
    const { invite, ann } = await invitedAnn(w);
    const session = await w.svc.signIn({ email: 'ann@example.org', password: ANN_PW, client: 'x' });
    await failure(w.svc.signIn({ email: 'ann@example.org', password: 'a wrong password typed', client: 'x' }));
    const reset = await w.svc.issueReset(w.adminId, ann.id);
    const secrets = [ADMIN_PW, ANN_PW, 'a wrong password typed', invite.token, session.token, reset.token];
    const c = new pg.Client({ connectionString: w.url });
    await c.connect();
    try {
      const tables = (await c.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).rows;
      expect(tables.map((r) => r.t)).toEqual(expect.arrayContaining(['team_accounts', 'team_sessions', 'team_invitations', 'team_audit']));
      let rows = 0;
      for (const { t } of tables) {
        const all = (await c.query<{ j: string }>(`SELECT row_to_json(x)::text AS j FROM ${t} x`)).rows;
        rows += all.length;
        for (const { j } of all) for (const s of secrets) expect(j.includes(s), `${t} holds a secret`).toBe(false);
      }
      expect(rows).toBeGreaterThan(10);
      const hashes = (await c.query<{ h: string }>('SELECT password_hash AS h FROM team_accounts')).rows.map((r) => r.h);
      expect(hashes).toHaveLength(2);
      for (const h of hashes) expect(h).toMatch(/^scrypt\$4096\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    } finally {
      await c.end();
    }
  });

  it('records every change in an append-only audit, by who made it', async () => {
    const w = await world();
    await invitedAnn(w);
    const c = new pg.Client({ connectionString: w.url });
    await c.connect();
    try {
      const log = (await c.query<{ actor_name: string; action: string }>('SELECT actor_name, action FROM team_audit ORDER BY seq')).rows;
      expect(log.map((r) => `${r.actor_name}: ${r.action}`)).toEqual([
        'team server: account.create',
        'team server: workspace.create',
        'team server: membership.add',
        'Ada: invitation.create',
        'Ann: invitation.use',
        'Ann: account.create',
        'Ann: membership.add',
      ]);
      await expect(c.query('UPDATE team_audit SET actor_name = $1', ['someone'])).rejects.toThrow(/append-only/);
      await expect(c.query('DELETE FROM team_audit')).rejects.toThrow(/append-only/);
    } finally {
      await c.end();
    }
  });

  it('migrates once across instances opening together, and refuses a database from a newer version', async () => {
    if (!server.ok) return;
    const url = await server.createDatabase();
    (await Promise.all([openTeamDatabase(url), openTeamDatabase(url)])).forEach(track);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    expect((await c.query('SELECT version FROM team_schema')).rows).toEqual([{ version: TEAM_SCHEMA_VERSION }]);
    await c.query('UPDATE team_schema SET version = 99');
    await c.end();
    await expect(openTeamDatabase(url)).rejects.toThrow(/newer Agent Readiness \(schema 99/);
  });
});
