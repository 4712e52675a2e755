import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { SerializedError } from '../../../core/common/errors';
import type { Result } from '../../../core/contract/index';
import type { TeamAccount } from '../../../core/team/authorization';
import type { OneTimeLink, TeamInvitation, TeamMember } from '../../../core/team/contract';
import { openTeamBackend, type TeamBackend } from '../../../electron/services/team/backend';
import { startPostgres } from '../../support/postgres';
import { makeHarness, removeDir } from '../helpers';
import { ADMIN_PW, FAST, T0 } from './team-world';

/**
 * Team administration through the handler table (issue 14 §3): the Team screen's channels, as
 * the team server calls them (`backend.call(account, channel, input)` -> dispatch, with the
 * account on the context), on a real PostgreSQL. Refusals (not an admin, another workspace, not a
 * member, the last admin, an expired or revoked invitation) and the audit entries naming the admin.
 */
const pgs = await startPostgres();
const PW = 'member password 12';

type World = { b: TeamBackend; admin: TeamAccount; advance: (ms: number) => void; dataDir: string; url: string };
const open: World[] = [];
afterEach(async () => {
  for (const w of open.splice(0)) {
    await w.b.close();
    rmSync(w.dataDir, { recursive: true, force: true });
  }
});
afterAll(async () => {
  if (pgs.ok) await pgs.stop();
});

async function world(): Promise<World> {
  if (!pgs.ok) throw new Error('unreachable');
  const dataDir = mkdtempSync(join(tmpdir(), 'ar-team-admin-'));
  let clock = T0;
  const url = await pgs.createDatabase();
  const b = await openTeamBackend({ databaseUrl: url, dataDir, policy: { scrypt: FAST }, now: () => clock });
  const admin = await b.service.bootstrap({
    email: 'ada@example.org',
    name: 'Ada',
    password: ADMIN_PW,
    workspace: { id: 'ws-a', name: 'Alpha' },
  });
  const w = { b, admin, dataDir, url, advance: (ms: number) => (clock = new Date(clock.getTime() + ms)) };
  open.push(w);
  return w;
}

const value = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};
const error = (r: Result<unknown>): SerializedError => {
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
};
const tokenOf = (l: OneTimeLink, param: string) => new URL(l.link, 'http://x').searchParams.get(param)!;

/** Invites `email` to Alpha with `roles` from the Team screen's channel, and accepts it; returns the new account. */
async function joinAs(w: World, email: string, roles: string[], workflowScope: string[] | null = null): Promise<TeamAccount> {
  const l = value<OneTimeLink>(await w.b.call(w.admin, 'team:invite', { workspaceId: 'ws-a', email, roles, workflowScope }));
  return w.b.service.accept({ token: tokenOf(l, 'invitation'), name: email.split('@')[0]!, password: PW });
}

describe.skipIf(!pgs.ok)('team administration channels', () => {
  it('invite returns the link once; open invitations list no token; members show roles, limit, last sign-in', async () => {
    const w = await world();
    const l = value<OneTimeLink>(
      await w.b.call(w.admin, 'team:invite', { workspaceId: 'ws-a', email: 'ed@example.org', roles: ['editor'], workflowScope: ['wf-1'] }),
    );
    expect(l.link).toMatch(/^\/\?invitation=[A-Za-z0-9_-]{40,}$/);
    expect(l.expiresAt).toBe(new Date(T0.getTime() + 7 * 24 * 3600_000).toISOString());
    const invs = value<TeamInvitation[]>(await w.b.call(w.admin, 'team:invitations', { workspaceId: 'ws-a' }));
    expect(invs).toEqual([
      expect.objectContaining({ email: 'ed@example.org', roles: ['editor'], workflowScope: ['wf-1'], invitedBy: 'Ada' }),
    ]);
    expect(JSON.stringify(invs)).not.toContain(tokenOf(l, 'invitation'));

    await w.b.service.accept({ token: tokenOf(l, 'invitation'), name: 'Ed', password: PW });
    expect(value<TeamInvitation[]>(await w.b.call(w.admin, 'team:invitations', { workspaceId: 'ws-a' }))).toEqual([]);
    let members = value<TeamMember[]>(await w.b.call(w.admin, 'team:members', { workspaceId: 'ws-a' }));
    expect(members.map((m) => [m.name, m.email, m.roles, m.workflowScope, m.lastSignInAt])).toEqual([
      ['Ada', 'ada@example.org', ['admin'], null, null],
      ['Ed', 'ed@example.org', ['editor'], ['wf-1'], null],
    ]);
    await w.b.service.signIn({ email: 'ed@example.org', password: PW });
    members = value<TeamMember[]>(await w.b.call(w.admin, 'team:members', { workspaceId: 'ws-a' }));
    expect(members.find((m) => m.name === 'Ed')?.lastSignInAt).toBe(T0.toISOString());
  });

  it('bad input changes nothing and names the field; an existing account cannot be invited again', async () => {
    const w = await world();
    const bad = error(await w.b.call(w.admin, 'team:invite', { workspaceId: 'ws-a', email: 'not an email', roles: [] }));
    expect(bad.code).toBe('VALIDATION');
    expect(bad.issues?.map((i) => i.path).sort()).toEqual(['email', 'roles']);
    const dup = error(await w.b.call(w.admin, 'team:invite', { workspaceId: 'ws-a', email: 'ADA@example.org', roles: ['viewer'] }));
    expect(dup).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'email', message: 'There is already an account with this email.' }] });
    expect(value<TeamInvitation[]>(await w.b.call(w.admin, 'team:invitations', { workspaceId: 'ws-a' }))).toEqual([]);
  });

  it('a revoked invitation link no longer works; an expired one is not listed and says it expired', async () => {
    const w = await world();
    const l = value<OneTimeLink>(
      await w.b.call(w.admin, 'team:invite', { workspaceId: 'ws-a', email: 'rev@example.org', roles: ['viewer'] }),
    );
    const [inv] = value<TeamInvitation[]>(await w.b.call(w.admin, 'team:invitations', { workspaceId: 'ws-a' }));
    expect(value(await w.b.call(w.admin, 'team:revoke-invitation', { workspaceId: 'ws-a', id: inv!.id }))).toEqual({ revoked: true });
    await expect(w.b.service.accept({ token: tokenOf(l, 'invitation'), name: 'Rev', password: PW })).rejects.toThrow(/not valid/);
    const again = error(await w.b.call(w.admin, 'team:revoke-invitation', { workspaceId: 'ws-a', id: inv!.id }));
    expect(again).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no longer open') });

    const late = value<OneTimeLink>(
      await w.b.call(w.admin, 'team:invite', { workspaceId: 'ws-a', email: 'late@example.org', roles: ['viewer'] }),
    );
    w.advance(7 * 24 * 3600_000 + 1);
    expect(value<TeamInvitation[]>(await w.b.call(w.admin, 'team:invitations', { workspaceId: 'ws-a' }))).toEqual([]);
    await expect(w.b.service.accept({ token: tokenOf(late, 'invitation'), name: 'Late', password: PW })).rejects.toThrow(/expired/);
  });

  it('roles and workflow limit change; the last admin can be neither demoted nor removed', async () => {
    const w = await world();
    const ed = await joinAs(w, 'ed@example.org', ['editor']);
    const viewer = value<TeamMember>(
      await w.b.call(w.admin, 'team:set-grants', { workspaceId: 'ws-a', accountId: ed.id, roles: ['viewer'], workflowScope: null }),
    );
    expect(viewer).toMatchObject({ roles: ['viewer'], workflowScope: null });
    expect((await w.b.service.view(ed.id)).roles).toEqual(['viewer']);

    const demote = error(await w.b.call(w.admin, 'team:set-grants', { workspaceId: 'ws-a', accountId: w.admin.id, roles: ['editor'] }));
    expect(demote).toMatchObject({
      code: 'REFUSED',
      message: 'Ada is the last admin of this workspace, so they cannot be demoted. Make someone else an admin first.',
    });
    const remove = error(await w.b.call(w.admin, 'team:remove-member', { workspaceId: 'ws-a', accountId: w.admin.id }));
    expect(remove.message).toContain('last admin');
    expect((await w.b.service.view(w.admin.id)).roles).toEqual(['admin']);

    // Roles are the account's: Ada may not be demoted while she is the only admin of another of her workspaces either.
    await w.b.service.createWorkspace(w.admin.id, { id: 'ws-b', name: 'Beta' });
    value(await w.b.call(w.admin, 'team:set-grants', { workspaceId: 'ws-a', accountId: ed.id, roles: ['admin'] }));
    const elsewhere = error(await w.b.call(w.admin, 'team:set-grants', { workspaceId: 'ws-a', accountId: w.admin.id, roles: ['viewer'] }));
    expect(elsewhere.message).toBe(
      'Ada is the last admin of the workspace "Beta", so they cannot be demoted. Make someone else an admin there first.',
    );
    value(await w.b.call(w.admin, 'team:set-grants', { workspaceId: 'ws-a', accountId: ed.id, roles: ['viewer'] }));

    // With a second admin in each of her workspaces, Ada may step down.
    await w.b.service.setGrants(w.admin.id, ed.id, { roles: ['admin'], workspaceIds: ['ws-b'] });
    value(await w.b.call(w.admin, 'team:set-grants', { workspaceId: 'ws-a', accountId: w.admin.id, roles: ['editor', 'viewer'] }));
    expect((await w.b.service.view(w.admin.id)).roles).toEqual(['editor', 'viewer']);
  });

  it('two admins demoting each other at once: one wins, the workspace keeps an admin', async () => {
    const w = await world();
    const eve = await joinAs(w, 'eve@example.org', ['admin']);
    // Hold the workspace row, so both demotions are under way together before either may count the admins.
    const holder = new pg.Client({ connectionString: w.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query("SELECT id FROM team_workspaces WHERE id = 'ws-a' FOR UPDATE");
      let settled = false;
      const both = Promise.all([
        w.b.call(w.admin, 'team:set-grants', { workspaceId: 'ws-a', accountId: eve.id, roles: ['viewer'] }),
        w.b.call(eve, 'team:set-grants', { workspaceId: 'ws-a', accountId: w.admin.id, roles: ['viewer'] }),
      ]).finally(() => (settled = true));
      // The signal: both transactions wait on the row lock (or, were there no lock, both finished).
      const waiting = async () =>
        (await holder.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'")).rows[0]!.n;
      const deadline = Date.now() + 20_000;
      while (!settled && (await waiting()) < 2 && Date.now() < deadline) await new Promise((r) => setImmediate(r));
      await holder.query('COMMIT');
      const results = await both;
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.message)).toEqual([expect.stringContaining('is the last admin')]);
    } finally {
      await holder.end();
    }
    const roles = [(await w.b.service.view(w.admin.id)).roles, (await w.b.service.view(eve.id)).roles];
    expect(roles.filter((r) => r.includes('admin'))).toHaveLength(1);
  });

  it('removing someone takes the workspace away from them; someone not a member is not found', async () => {
    const w = await world();
    const vic = await joinAs(w, 'vic@example.org', ['viewer']);
    expect(value(await w.b.call(w.admin, 'team:remove-member', { workspaceId: 'ws-a', accountId: vic.id }))).toEqual({ removed: true });
    const gone = await w.b.service.view(vic.id);
    expect(gone.workspaces).toEqual([]);
    expect(error(await w.b.call(gone, 'inventory:overview', { workspaceId: 'ws-a' }))).toMatchObject({ code: 'FORBIDDEN' });
    for (const channel of ['team:remove-member', 'team:reset-link', 'team:sign-out-everywhere'])
      expect(error(await w.b.call(w.admin, channel, { workspaceId: 'ws-a', accountId: vic.id }))).toMatchObject({
        code: 'NOT_FOUND',
        message: expect.stringContaining('not a member of this workspace'),
      });
  });

  it('a reset link sets a new password once and ends the sessions; sign out everywhere ends every session', async () => {
    const w = await world();
    const ed = await joinAs(w, 'ed@example.org', ['editor']);
    const s1 = await w.b.service.signIn({ email: 'ed@example.org', password: PW });
    const s2 = await w.b.service.signIn({ email: 'ed@example.org', password: PW });
    const out = value<{ signedOut: number }>(
      await w.b.call(w.admin, 'team:sign-out-everywhere', { workspaceId: 'ws-a', accountId: ed.id }),
    );
    expect(out.signedOut).toBe(2);
    expect(await w.b.accountOf(s1.token)).toBeNull();
    expect(await w.b.accountOf(s2.token)).toBeNull();

    const s3 = await w.b.service.signIn({ email: 'ed@example.org', password: PW });
    const reset = value<OneTimeLink>(await w.b.call(w.admin, 'team:reset-link', { workspaceId: 'ws-a', accountId: ed.id }));
    expect(reset.link).toMatch(/^\/\?reset=/);
    await w.b.service.resetPassword({ token: tokenOf(reset, 'reset'), password: 'a brand new password' });
    expect(await w.b.accountOf(s3.token)).toBeNull();
    await expect(w.b.service.signIn({ email: 'ed@example.org', password: PW })).rejects.toThrow(/Wrong email or password/);
    await expect(w.b.service.resetPassword({ token: tokenOf(reset, 'reset'), password: 'another password 1' })).rejects.toThrow(
      /already used/,
    );
  });

  it('only admins of the workspace may: an editor gets 403, another workspace 403, signed out 401', async () => {
    const w = await world();
    const ed = await joinAs(w, 'ed@example.org', ['editor']);
    for (const [channel, input] of [
      ['team:members', {}],
      ['team:invite', { email: 'x@example.org', roles: ['viewer'] }],
      ['team:set-grants', { accountId: ed.id, roles: ['admin'] }],
    ] as const) {
      expect(error(await w.b.call(ed, channel, { workspaceId: 'ws-a', ...input }))).toMatchObject({
        code: 'FORBIDDEN',
        details: { status: 403 },
        message: `"${channel}" needs the admin role.`,
      });
      expect(error(await w.b.call(null, channel, { workspaceId: 'ws-a', ...input }))).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    expect((await w.b.service.view(ed.id)).roles).toEqual(['editor']);
    await w.b.service.createWorkspace(w.admin.id, { id: 'ws-b', name: 'Beta' });
    const other = { ...w.admin, workspaces: ['ws-b'] }; // an admin of Beta only
    expect(error(await w.b.call(other, 'team:members', { workspaceId: 'ws-a' }))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('every admin action is in the team audit log with the acting admin', async () => {
    const w = await world();
    const ed = await joinAs(w, 'ed@example.org', ['editor']);
    await w.b.call(w.admin, 'team:set-grants', { workspaceId: 'ws-a', accountId: ed.id, roles: ['viewer'] });
    await w.b.call(w.admin, 'team:reset-link', { workspaceId: 'ws-a', accountId: ed.id });
    await w.b.call(w.admin, 'team:sign-out-everywhere', { workspaceId: 'ws-a', accountId: ed.id });
    await w.b.call(w.admin, 'team:invite', { workspaceId: 'ws-a', email: 'rev@example.org', roles: ['viewer'] });
    const [inv] = value<TeamInvitation[]>(await w.b.call(w.admin, 'team:invitations', { workspaceId: 'ws-a' }));
    await w.b.call(w.admin, 'team:revoke-invitation', { workspaceId: 'ws-a', id: inv!.id });
    await w.b.call(w.admin, 'team:remove-member', { workspaceId: 'ws-a', accountId: ed.id });
    const rows = await auditOf(w);
    const byAda = rows.filter((r) => r.actor_id === w.admin.id && r.actor_name === 'Ada').map((r) => r.action);
    expect(byAda).toEqual(
      expect.arrayContaining([
        'invitation.create',
        'account.roles',
        'reset.create',
        'session.end-all',
        'invitation.revoke',
        'membership.remove',
      ]),
    );
    expect(JSON.stringify(rows)).not.toMatch(/scrypt\$/);
  });
});

async function auditOf(w: World): Promise<{ actor_id: string | null; actor_name: string; action: string }[]> {
  // Read straight from the table: what an auditor with database access sees.
  const c = new pg.Client({ connectionString: w.url });
  await c.connect();
  try {
    return (await c.query('SELECT actor_id, actor_name, action FROM team_audit ORDER BY seq')).rows;
  } finally {
    await c.end();
  }
}

describe('team administration without a team server', () => {
  it('desktop and loopback browser mode answer "only on a team server" and change nothing', async () => {
    const h = makeHarness();
    try {
      const ws = await h.call('workspace:create', { name: 'Local' });
      const r = await h.fail('team:members', { workspaceId: ws.id });
      expect(r).toMatchObject({ code: 'REFUSED', message: expect.stringContaining('only on a team server') });
      const i = await h.fail('team:invite', { workspaceId: ws.id, email: 'x@example.org', roles: ['viewer'] });
      expect(i.code).toBe('REFUSED');
    } finally {
      h.close();
      removeDir(h.dataDir);
    }
  });
});
