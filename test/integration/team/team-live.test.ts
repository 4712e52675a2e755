import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openTeamBackend, type TeamBackend } from '../../../electron/services/team/backend';
import { startTeamServer, type TeamServer } from '../../../electron/serve/team-server';
import { createLogger } from '../../../electron/serve/team-server-log';
import { startPostgres } from '../../support/postgres';
import { openStream, type Stream } from '../live/sse-client';
import { ADMIN_PW, FAST } from './team-world';

/**
 * Live changes on the team server across instances (issue 14 §5): two instances on one
 * PostgreSQL. A change made through A reaches a browser streaming from B within a second
 * (NOTIFY ar_changes, LISTEN on B), once; A's own streams hear it once too (A skips its echo); an
 * account hears only of its workspaces; signed out is 401; a lost LISTEN connection comes back.
 */
const pgs = await startPostgres();

type Instance = { backend: TeamBackend; server: TeamServer; log: string[] };
type Who = { cookie: string; csrf: string };

describe.skipIf(!pgs.ok)('team server live changes', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ar-team-live-'));
  const instances: Instance[] = [];
  const streams: Stream[] = [];
  afterAll(async () => {
    for (const s of streams) s.close();
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
    await backend.live.listening.ready;
    const server = await startTeamServer({
      backend,
      staticDir: join(dataDir, 'no-renderer'),
      host: '127.0.0.1',
      port: 0,
      streamRecheckMs: 100,
      logger: createLogger((l) => void log.push(l)),
    });
    const i = { backend, server, log };
    instances.push(i);
    return i;
  }

  async function api(i: Instance, channel: string, body: unknown, who: Who) {
    const res = await fetch(`${i.server.origin}/api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: who.cookie, 'x-csrf-token': who.csrf },
      body: JSON.stringify(body),
    });
    const reply = (await res.json()) as { ok: boolean };
    expect(res.status, JSON.stringify(reply)).toBe(200);
    return reply;
  }

  async function signIn(i: Instance, email: string, password: string): Promise<Who> {
    const res = await fetch(`${i.server.origin}/team/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { value: { csrf: string } };
    return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: body.value.csrf };
  }

  async function stream(i: Instance, headers: Record<string, string> = {}): Promise<Stream> {
    const s = await openStream(`${i.server.origin}/events/changes`, headers);
    streams.push(s);
    await s.ready;
    return s;
  }

  const workflow = (workspaceId: string, name: string) => ({ workspaceId, workflow: { name, owner: 'Ada' } });

  it('streams a change made on one instance to the members on the other within a second, once, and to nobody else', async () => {
    if (!pgs.ok) return;
    const url = await pgs.createDatabase();
    const a = await instance(url);
    const b = await instance(url);
    const svc = a.backend.service;
    await svc.bootstrap({ email: 'ada@example.org', name: 'Ada', password: ADMIN_PW, workspace: { id: 'ops-1a2b3c', name: 'Ops' } });
    const adminId = (await svc.idOfEmail('ada@example.org'))!;
    await svc.createWorkspace(adminId, { id: 'lab-4d5e6f', name: 'Lab' });
    const inv = await svc.invite(adminId, { email: 'olu@example.org', roles: ['viewer'], workspaceIds: ['lab-4d5e6f'] });
    await svc.accept({ token: inv.token, name: 'Olu', password: 'viewer password 1' });
    const ada = await signIn(a, 'ada@example.org', ADMIN_PW);
    const olu = await signIn(b, 'olu@example.org', 'viewer password 1');

    // Signed out: 401 before any stream opens; another site's page: 403.
    const anonymous = await openStream(`${b.server.origin}/events/changes`, {});
    expect(anonymous.status).toBe(401);
    const evil = await openStream(`${b.server.origin}/events/changes`, { cookie: ada.cookie, origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    const crossSite = await openStream(`${b.server.origin}/events/changes`, { cookie: ada.cookie, 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(b.server.openStreams).toBe(0);

    const adaOnB = await stream(b, { cookie: ada.cookie });
    expect(adaOnB.status).toBe(200);
    expect(adaOnB.contentType).toBe('text/event-stream; charset=utf-8');
    const adaOnA = await stream(a, { cookie: ada.cookie });
    const oluOnB = await stream(b, { cookie: olu.cookie });
    expect(b.server.openStreams).toBe(2);

    // A change through A's /api/ reaches B's stream within a second.
    const t0 = performance.now();
    await api(a, 'workflow:create', workflow('ops-1a2b3c', 'Billing'), ada);
    const first = await adaOnB.next((n) => n.workspaceId === 'ops-1a2b3c' && n.channel === 'workflow:create', 1000);
    const latency = performance.now() - t0;
    console.log(`[team-live] A -> B notice latency: ${latency.toFixed(1)} ms (request + commit + NOTIFY + LISTEN + SSE)`);
    expect(latency).toBeLessThan(1000);
    expect(Object.keys(first).sort()).toEqual(['at', 'channel', 'serial', 'workspaceId']);

    // A change through B (another channel) reaches A. By then A's echo of its own NOTIFY has come
    // and gone (NOTIFYs are delivered in commit order): each stream holds each change exactly once.
    await api(b, 'system:create', { workspaceId: 'ops-1a2b3c', system: { name: 'Orders DB', kind: 'database' } }, ada);
    await adaOnA.next((n) => n.channel === 'system:create', 1000);
    await adaOnB.next((n) => n.channel === 'system:create', 1000);
    for (const s of [adaOnA, adaOnB])
      expect(s.seen.map((n) => [n.workspaceId, n.channel, n.serial])).toEqual([
        ['ops-1a2b3c', 'workflow:create', 1],
        ['ops-1a2b3c', 'system:create', 2],
      ]);

    // Olu, not a member of Ops, heard nothing of it; a change to Lab, Olu's workspace, reaches Olu.
    await api(a, 'workflow:create', workflow('lab-4d5e6f', 'Experiments'), ada);
    const lab = await oluOnB.next((n) => n.workspaceId === 'lab-4d5e6f', 1000);
    expect(lab.channel).toBe('workflow:create');
    expect(oluOnB.seen.map((n) => n.workspaceId)).toEqual(['lab-4d5e6f']);

    // The LISTEN connections are cut (database restart, failover): each instance reconnects and
    // ends its streams so browsers reconnect and refetch; changes flow again.
    const raw = new pg.Pool({ connectionString: url, max: 1 });
    const cut = await raw.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN ar_changes'");
    expect(cut.rowCount).toBe(2);
    await raw.end();
    await vi.waitFor(() => expect(b.backend.live.listening.connects).toBe(2), { timeout: 5000, interval: 20 });
    await vi.waitFor(() => expect(a.backend.live.listening.connects).toBe(2), { timeout: 5000, interval: 20 });
    expect(b.server.openStreams).toBe(0);
    const again = await stream(b, { cookie: ada.cookie });
    await api(a, 'workflow:create', workflow('ops-1a2b3c', 'Audit'), ada);
    expect((await again.next((n) => n.workspaceId === 'ops-1a2b3c', 1000)).channel).toBe('workflow:create');

    // Signing out ends the account's open streams on every instance (the session is re-checked).
    await fetch(`${a.server.origin}/team/sign-out`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: ada.cookie, 'x-csrf-token': ada.csrf },
      body: '{}',
    });
    await vi.waitFor(() => expect(b.server.openStreams).toBe(1), { timeout: 5000, interval: 20 }); // Olu's stays
    expect((await openStream(`${b.server.origin}/events/changes`, { cookie: ada.cookie })).status).toBe(401);
    expect([...a.log, ...b.log].join('')).not.toContain('"level":"error"');
  });
});
