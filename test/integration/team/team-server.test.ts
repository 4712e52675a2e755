import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openTeamBackend, type TeamBackend } from '../../../electron/services/team/backend';
import { startTeamServer, type TeamServer } from '../../../electron/serve/team-server';
import { createLogger } from '../../../electron/serve/team-server-log';
import { TEAM_SCHEMA_VERSION } from '../../../electron/store/team/migrations';
import { startPostgres } from '../../support/postgres';
import { ADMIN_PW, FAST } from './team-world';

/**
 * The team server over HTTP (issue 14 §2-3): two instances on one PostgreSQL and one data folder,
 * as a deployment runs them. A session made on one works on the other, a change made through one
 * is read through the other, the history names the signed-in person, CSRF / Origin / roles are
 * enforced, and the log lines carry no secret.
 */
const pgs = await startPostgres();

type Instance = { backend: TeamBackend; server: TeamServer; log: string[] };
type Reply = {
  status: number;
  body: { ok?: boolean; value?: unknown; error?: { code: string; message: string } } & Record<string, unknown>;
  cookie: string | null;
};

describe.skipIf(!pgs.ok)('team server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ar-team-data-'));
  const instances: Instance[] = [];
  afterAll(async () => {
    for (const i of instances) {
      await i.server.close();
      await i.backend.close();
    }
    if (pgs.ok) await pgs.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function instance(url: string): Promise<Instance> {
    const log: string[] = [];
    const backend = await openTeamBackend({ databaseUrl: url, dataDir, policy: { scrypt: FAST } });
    const server = await startTeamServer({
      backend,
      staticDir: join(dataDir, 'no-renderer'),
      host: '127.0.0.1',
      port: 0,
      logger: createLogger((l) => void log.push(l)),
    });
    const i = { backend, server, log };
    instances.push(i);
    return i;
  }

  async function req(
    i: Instance,
    path: string,
    o: { body?: unknown; cookie?: string | null; csrf?: string | null; origin?: string; method?: string } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (o.cookie) headers.cookie = o.cookie;
    if (o.csrf) headers['x-csrf-token'] = o.csrf;
    if (o.origin) headers.origin = o.origin;
    const method = o.method ?? (o.body === undefined ? 'GET' : 'POST');
    const res = await fetch(`${i.server.origin}${path}`, {
      method,
      headers,
      ...(method === 'GET' ? {} : { body: JSON.stringify(o.body ?? {}) }),
    });
    const set = res.headers.get('set-cookie');
    return { status: res.status, body: (await res.json()) as Reply['body'], cookie: set ? set.split(';')[0]! : null };
  }

  async function signIn(i: Instance, email: string, password: string) {
    const r = await req(i, '/team/sign-in', { body: { email, password } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return { cookie: r.cookie!, csrf: (r.body.value as { csrf: string }).csrf };
  }

  it('shares sessions and workspace data across two instances, refuses what the rules refuse, and logs no secret', async () => {
    if (!pgs.ok) return;
    const url = await pgs.createDatabase();
    const a = await instance(url);
    const b = await instance(url);
    expect((await req(a, '/healthz')).body).toEqual({ ok: true });
    expect((await req(b, '/readyz')).body).toEqual({ ok: true });

    await a.backend.service.bootstrap({
      email: 'ada@example.org',
      name: 'Ada Admin',
      password: ADMIN_PW,
      workspace: { id: 'ops-1a2b3c', name: 'Ops' },
    });
    const adminId = (await a.backend.service.idOfEmail('ada@example.org'))!;
    const inv = await a.backend.service.invite(adminId, { email: 'vic@example.org', roles: ['viewer'], workspaceIds: ['ops-1a2b3c'] });
    const accepted = await req(b, '/team/accept-invitation', {
      body: { token: inv.token, name: 'Vic Viewer', password: 'viewer password 1' },
    });
    expect(accepted.status).toBe(200);
    expect(
      (await req(b, '/team/accept-invitation', { body: { token: inv.token, name: 'Again', password: 'viewer password 1' } })).status,
    ).toBe(410);

    // Signed out: the API answers 401, /team/me says team mode with nobody signed in.
    expect((await req(a, '/api/workspace:list', { body: {} })).status).toBe(401);
    expect((await req(a, '/team/me')).body).toMatchObject({ team: true, account: null, csrf: null });
    const wrong = await req(a, '/team/sign-in', { body: { email: 'ada@example.org', password: 'not the password' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error?.message).toBe('Wrong email or password.');

    // A session made on A works on B.
    const ada = await signIn(a, 'ada@example.org', ADMIN_PW);
    const me = await req(b, '/team/me', { cookie: ada.cookie });
    expect(me.body).toMatchObject({
      team: true,
      account: { name: 'Ada Admin', roles: ['admin'], workspaces: ['ops-1a2b3c'] },
      csrf: ada.csrf,
    });

    // The workspace's file is made on first use; a change through A is read through B, attributed to Ada.
    const list = await req(b, '/api/workspace:list', { body: {}, cookie: ada.cookie, csrf: ada.csrf });
    expect((list.body.value as { id: string; name: string }[]).map((w) => [w.id, w.name])).toEqual([['ops-1a2b3c', 'Ops']]);
    const made = await req(a, '/api/workflow:create', {
      body: { workspaceId: 'ops-1a2b3c', workflow: { name: 'Billing', owner: 'Ada' } },
      cookie: ada.cookie,
      csrf: ada.csrf,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    const overview = await req(b, '/api/inventory:overview', { body: { workspaceId: 'ops-1a2b3c' }, cookie: ada.cookie, csrf: ada.csrf });
    expect((overview.body.value as { workflows: { name: string }[] }).workflows.map((w) => w.name)).toEqual(['Billing']);
    const history = await req(b, '/api/history:list', {
      body: { workspaceId: 'ops-1a2b3c', filter: { entity: 'workflow' } },
      cookie: ada.cookie,
      csrf: ada.csrf,
    });
    const entry = (history.body.value as { entries: { actor: { name: string; source: string } }[] }).entries[0]!;
    expect(entry.actor).toMatchObject({ name: 'Ada Admin', source: 'team' });

    // CSRF and Origin on changing requests.
    expect(
      (
        await req(a, '/api/workflow:create', {
          body: { workspaceId: 'ops-1a2b3c', workflow: { name: 'X', owner: 'Y' } },
          cookie: ada.cookie,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await req(a, '/api/workflow:create', {
          body: { workspaceId: 'ops-1a2b3c', workflow: { name: 'X', owner: 'Y' } },
          cookie: ada.cookie,
          csrf: 'x'.repeat(43),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await req(a, '/api/workflow:create', {
          body: { workspaceId: 'ops-1a2b3c', workflow: { name: 'X', owner: 'Y' } },
          cookie: ada.cookie,
          csrf: ada.csrf,
          origin: 'https://evil.example',
        })
      ).status,
    ).toBe(403);

    // A viewer reads but changes nothing.
    const vic = await signIn(b, 'vic@example.org', 'viewer password 1');
    expect((await req(a, '/api/inventory:overview', { body: { workspaceId: 'ops-1a2b3c' }, ...vic })).status).toBe(200);
    const refused = await req(a, '/api/workflow:create', {
      body: { workspaceId: 'ops-1a2b3c', workflow: { name: 'Nope', owner: 'Vic' } },
      ...vic,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.message).toContain('editor');

    // An admin's new workspace becomes a team workspace that only its members see.
    const ws2 = await req(a, '/api/workspace:create', { body: { name: 'Second' }, ...ada });
    expect(ws2.status, JSON.stringify(ws2.body)).toBe(200);
    const names = async (who: { cookie: string; csrf: string }) =>
      ((await req(b, '/api/workspace:list', { body: {}, ...who })).body.value as { name: string }[]).map((w) => w.name);
    expect(await names(ada)).toEqual(['Ops', 'Second']);
    expect(await names(vic)).toEqual(['Ops']);

    // Sign out everywhere ends the session on both instances.
    const ended = await req(b, '/team/sign-out-everywhere', { body: {}, ...ada });
    expect(ended.status).toBe(200);
    expect((await req(a, '/api/workspace:list', { body: {}, ...ada })).status).toBe(401);
    // The browser still holds the dead cookie: signing in again works without a CSRF token (there is no session to protect).
    expect((await req(b, '/team/sign-in', { body: { email: 'ada@example.org', password: ADMIN_PW }, cookie: ada.cookie })).status).toBe(
      200,
    );

    // Readiness follows the database: a schema this version does not know takes the instance out.
    const raw = new pg.Pool({ connectionString: url, max: 1 });
    await raw.query('UPDATE team_schema SET version = version + 1');
    const notReady = await req(a, '/readyz');
    expect(notReady.status).toBe(503);
    expect(notReady.body).toEqual({ ok: false, reason: `team schema ${TEAM_SCHEMA_VERSION + 1}, expected ${TEAM_SCHEMA_VERSION}` });
    await raw.query('UPDATE team_schema SET version = version - 1');
    await raw.end();
    expect((await req(a, '/readyz')).status).toBe(200);
    expect((await req(a, '/healthz')).status).toBe(200);

    // One JSON line per request with method, path, status, ms, account; never a secret.
    const lines = [...a.log, ...b.log].map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.event === 'request');
    expect(requests.length).toBeGreaterThan(15);
    for (const l of requests)
      expect(Object.keys(l).sort()).toEqual(['account', 'event', 'level', 'method', 'ms', 'path', 'status', 'time']);
    expect(requests.some((l) => l.path === '/api/workflow:create' && l.status === 200 && l.account === adminId)).toBe(true);
    const all = [...a.log, ...b.log].join('');
    for (const secret of [
      ADMIN_PW,
      'viewer password 1',
      ada.cookie.split('=')[1]!,
      vic.cookie.split('=')[1]!,
      ada.csrf,
      inv.token,
      url,
      new URL(url).password,
    ])
      expect(all).not.toContain(secret);
  });
});
