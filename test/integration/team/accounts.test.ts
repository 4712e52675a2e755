import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { SerializedError } from '../../../core/common/errors';
import { openTeamDatabase, type TeamDatabase } from '../../../electron/store/team/database';
import { createTeamService, type TeamService } from '../../../electron/services/team/service';
import { startPostgres } from '../../support/postgres';
import { dispatch } from '../../../electron/services/dispatch';
import { makeHarness, removeDir } from '../helpers';

/** Accounts, invitations, sessions and lockout on a real PostgreSQL (issue 14 §3). */
const server = await startPostgres();

const FAST = { N: 2 ** 12, r: 8, p: 1 }; // the hash format is the same; only the cost is lower
const ADMIN_PW = 'admin password 123';
const ANN_PW = 'ann correct horse 1';
const T0 = new Date('2026-12-03T10:00:00Z');

type World = { db: TeamDatabase; svc: TeamService; url: string; advance: (ms: number) => void; adminId: string };
const open: TeamDatabase[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});
afterAll(async () => {
  if (server.ok) await server.stop();
});

async function world(): Promise<World> {
  if (!server.ok) throw new Error('unreachable');
  const url = await server.createDatabase();
  const db = await openTeamDatabase(url);
  open.push(db);
  let clock = T0;
  const svc = createTeamService(db, { now: () => clock, policy: { scrypt: FAST } });
  const admin = await svc.bootstrap({
    email: 'ada@example.org',
    name: 'Ada',
    password: ADMIN_PW,
    workspace: { id: 'ws-a', name: 'Alpha' },
  });
  return { db, svc, url, adminId: admin.id, advance: (ms) => (clock = new Date(clock.getTime() + ms)) };
}

/** The error a service call fails with (AppError's plain shape). */
async function failure(p: Promise<unknown>): Promise<SerializedError> {
  try {
    await p;
  } catch (err) {
    return (err as { toJSON: () => SerializedError }).toJSON();
  }
  throw new Error('expected the call to fail');
}

async function invitedAnn(w: World, extra: { workspaceIds?: string[] } = {}) {
  const invite = await w.svc.invite(w.adminId, {
    email: 'Ann@Example.org',
    roles: ['editor', 'approver'],
    workspaceIds: ['ws-a'],
    ...extra,
  });
  const ann = await w.svc.accept({ token: invite.token, name: 'Ann', password: ANN_PW });
  return { invite, ann };
}

describe.skipIf(!server.ok)('team accounts on PostgreSQL', () => {
  it('the first admin is made once; later people come by invitation, whose link works once', async () => {
    const w = await world();
    const again = await failure(
      w.svc.bootstrap({ email: 'eve@example.org', name: 'Eve', password: 'x'.repeat(12), workspace: { id: 'ws-b', name: 'B' } }),
    );
    expect(again).toMatchObject({ code: 'REFUSED', details: { status: 409 } });

    const { invite, ann } = await invitedAnn(w);
    expect(ann).toMatchObject({ name: 'Ann', roles: ['approver', 'editor'], workflowScope: null, workspaces: ['ws-a'] });
    const twice = await failure(w.svc.accept({ token: invite.token, name: 'Mallory', password: 'mallory password' }));
    expect(twice).toMatchObject({ code: 'REFUSED', message: expect.stringContaining('already used') });
    const forged = await failure(w.svc.accept({ token: 'A'.repeat(43), name: 'Mallory', password: 'mallory password' }));
    expect(forged).toMatchObject({ code: 'REFUSED', message: expect.stringContaining('not valid') });
    // a non-admin cannot invite
    expect(await failure(w.svc.invite(ann.id, { email: 'bob@example.org', roles: ['admin'] }))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('an invitation link expires, and two people racing with one link cannot both join', async () => {
    const w = await world();
    const late = await w.svc.invite(w.adminId, { email: 'late@example.org', roles: ['viewer'] });
    w.advance(7 * 24 * 3600_000 + 1);
    expect(await failure(w.svc.accept({ token: late.token, name: 'Late', password: 'late password 1' }))).toMatchObject({
      message: expect.stringContaining('expired'),
    });
    const race = await w.svc.invite(w.adminId, { email: 'race@example.org', roles: ['viewer'] });
    const results = await Promise.allSettled(
      ['One', 'Two', 'Three'].map((name) => w.svc.accept({ token: race.token, name, password: 'race password 1' })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('signs in with the right password only, and the session names the account, its roles and workspaces', async () => {
    const w = await world();
    await invitedAnn(w);
    const s = await w.svc.signIn({ email: 'ann@example.org', password: ANN_PW, client: '10.0.0.1' });
    expect(s.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await w.svc.accountOfSession(s.token)).toMatchObject({ name: 'Ann', roles: ['approver', 'editor'], workspaces: ['ws-a'] });
    const wrong = await failure(w.svc.signIn({ email: 'ann@example.org', password: 'not it at all', client: '10.0.0.1' }));
    const nobody = await failure(w.svc.signIn({ email: 'nobody@example.org', password: 'not it at all', client: '10.0.0.1' }));
    expect(wrong).toEqual({ code: 'UNAUTHENTICATED', message: 'Wrong email or password.', details: { status: 401 } });
    expect(nobody).toEqual(wrong); // an unknown email is not told apart
    expect(await w.svc.accountOfSession('A'.repeat(43))).toBeNull();
  });

  it('locks an account after 5 wrong passwords in a row, even against the right one, until the lock ends', async () => {
    const w = await world();
    await invitedAnn(w);
    const attempt = (password: string) => w.svc.signIn({ email: 'ann@example.org', password, client: `c-${Math.random()}` });
    for (let i = 1; i <= 4; i++) expect(await failure(attempt(`wrong guess ${i}`))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await failure(attempt('wrong guess 5'))).toMatchObject({ code: 'REFUSED', details: { status: 423 } });
    expect(await failure(attempt(ANN_PW))).toMatchObject({
      code: 'REFUSED',
      details: { status: 423 },
      message: expect.stringContaining('locked'),
    });
    w.advance(15 * 60_000 + 1);
    expect((await attempt(ANN_PW)).account.name).toBe('Ann');
    // the count starts again after a success
    for (let i = 1; i <= 4; i++) expect(await failure(attempt(`again ${i}`))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('rate-limits sign-in from one client, whatever the accounts tried, counted in the database', async () => {
    const w = await world();
    await invitedAnn(w);
    for (let i = 0; i < 30; i++)
      await failure(w.svc.signIn({ email: `guess${i}@example.org`, password: 'guessing', client: '203.0.113.9' }));
    // a second server instance on the same database sees the same count
    const other = await openTeamDatabase(w.url);
    open.push(other);
    const svc2 = createTeamService(other, { now: () => T0, policy: { scrypt: FAST } });
    const limited = await failure(svc2.signIn({ email: 'ann@example.org', password: ANN_PW, client: '203.0.113.9' }));
    expect(limited).toMatchObject({ code: 'REFUSED', details: { status: 429 } });
    expect((await svc2.signIn({ email: 'ann@example.org', password: ANN_PW, client: '198.51.100.7' })).account.name).toBe('Ann');
  });

  it('sessions expire, sign-out ends one, and sign-out everywhere ends them all', async () => {
    const w = await world();
    await invitedAnn(w);
    const signIn = (client: string) => w.svc.signIn({ email: 'ann@example.org', password: ANN_PW, client });
    const early = await signIn('laptop');
    w.advance(12 * 3600_000 + 1);
    expect(await w.svc.accountOfSession(early.token)).toBeNull();

    const [laptop, phone, tablet] = [await signIn('laptop'), await signIn('phone'), await signIn('tablet')];
    await w.svc.signOut(tablet.token);
    expect(await w.svc.accountOfSession(tablet.token)).toBeNull();
    expect(await w.svc.accountOfSession(phone.token)).not.toBeNull();
    expect(await w.svc.signOutEverywhere(laptop.token)).toBe(2);
    expect(await w.svc.accountOfSession(laptop.token)).toBeNull();
    expect(await w.svc.accountOfSession(phone.token)).toBeNull();
    expect(await w.svc.accountOfSession((await signIn('laptop')).token)).not.toBeNull();
  });

  it('an admin resets a password: the one-time link sets a new one, ends every session and lifts a lockout', async () => {
    const w = await world();
    const { ann } = await invitedAnn(w);
    const before = await w.svc.signIn({ email: 'ann@example.org', password: ANN_PW, client: 'x' });
    for (let i = 0; i < 5; i++) await failure(w.svc.signIn({ email: 'ann@example.org', password: `nope ${i}`, client: 'x' }));
    expect(await failure(w.svc.issueReset(ann.id, w.adminId))).toMatchObject({ code: 'FORBIDDEN' });
    const reset = await w.svc.issueReset(w.adminId, ann.id);
    await w.svc.resetPassword({ token: reset.token, password: 'ann new password 2' });
    expect(await failure(w.svc.resetPassword({ token: reset.token, password: 'ann third password' }))).toMatchObject({
      message: expect.stringContaining('already used'),
    });
    expect(await w.svc.accountOfSession(before.token)).toBeNull();
    expect(await failure(w.svc.signIn({ email: 'ann@example.org', password: ANN_PW, client: 'x' }))).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect((await w.svc.signIn({ email: 'ann@example.org', password: 'ann new password 2', client: 'x' })).account.id).toBe(ann.id);
  });

  it('workspaces are isolated: an account sees only those it was invited to', async () => {
    const w = await world();
    await w.svc.createWorkspace(w.adminId, { id: 'ws-b', name: 'Bravo' });
    const { ann } = await invitedAnn(w, { workspaceIds: ['ws-b'] });
    expect((await w.svc.workspaces(ann.id)).map((x) => x.name)).toEqual(['Bravo']);
    expect((await w.svc.workspaces(w.adminId)).map((x) => x.name)).toEqual(['Alpha', 'Bravo']);
    const s = await w.svc.signIn({ email: 'ann@example.org', password: ANN_PW, client: 'x' });
    expect((await w.svc.accountOfSession(s.token))?.workspaces).toEqual(['ws-b']);
    // an admin can only invite to workspaces it belongs to
    const dave = await w.svc.invite(w.adminId, { email: 'dave@example.org', roles: ['admin'] });
    const daveId = (await w.svc.accept({ token: dave.token, name: 'Dave', password: 'dave password 1' })).id;
    expect(await failure(w.svc.invite(daveId, { email: 'x@example.org', roles: ['viewer'], workspaceIds: ['ws-a'] }))).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

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
    const both = await Promise.all([openTeamDatabase(url), openTeamDatabase(url)]);
    open.push(...both);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    expect((await c.query('SELECT version FROM team_schema')).rows).toEqual([{ version: 1 }]);
    await c.query('UPDATE team_schema SET version = 99');
    await c.end();
    await expect(openTeamDatabase(url)).rejects.toThrow(/newer Agent Readiness \(schema 99/);
  });
});
