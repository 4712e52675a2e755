import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeNotice } from '../../../core/live/changes';
import { CONNECTION_EVENT, LIVE_CHANGE_EVENT, type ConnectionStatus } from '../../../core/team/connection';
import { createDesktopTeam, SESSION_FILE, type DesktopTeam } from '../../../electron/main/team-connection/desktop-team';
import { startTeamServer, type TeamServer } from '../../../electron/serve/team-server';
import { createLogger } from '../../../electron/serve/team-server-log';
import { createServiceContext, type ServiceContext } from '../../../electron/services/context';
import { dispatch } from '../../../electron/services/dispatch';
import { openTeamBackend, type TeamBackend } from '../../../electron/services/team/backend';
import { aesEncryptor } from '../../support/aes-encryptor';
import { startPostgres } from '../../support/postgres';
import { createTokenStore } from '../../../electron/main/team-connection/token-store';
import { freePort, waitFor, type Sent } from './desktop-world';
import { ADMIN_PW, FAST } from './team-world';

const OTHER_PW = 'another long password 9';

/**
 * The desktop app connected to a team server (issue 14 §6), run as the app runs it (the main
 * process's modules under Node; only Electron's safeStorage is swapped for a real AES-GCM key)
 * against a real team server on a real PostgreSQL: sign-in, calls through the connection, a
 * live change, a session that ended on the server, the token sealed on disk, and a workspace
 * moved to the server and back with its history and evidence file.
 */
const pgs = await startPostgres();

describe.skipIf(!pgs.ok)('desktop connection to a team server', () => {
  const root = mkdtempSync(join(tmpdir(), 'ar-desktop-team-'));
  let backend: TeamBackend;
  let server: TeamServer;
  let local: ServiceContext;
  const made: { team: DesktopTeam; ctx?: ServiceContext }[] = [];

  beforeAll(async () => {
    if (!pgs.ok) return;
    backend = await openTeamBackend({
      databaseUrl: pgs.url,
      dataDir: join(root, 'server'),
      policy: { scrypt: FAST, lockAfter: 3, rateLimit: { windowMs: 15 * 60_000, perClient: 100, perEmail: 30 } },
    });
    const ada = await backend.service.bootstrap({
      email: 'ada@example.org',
      name: 'Ada',
      password: ADMIN_PW,
      workspace: { id: 'ws-a', name: 'Alpha' },
    });
    // Ed edits Alpha (not an admin: may not move workspaces in); Lou is the one who gets locked out.
    for (const [email, name] of [
      ['ed@example.org', 'Ed'],
      ['lou@example.org', 'Lou'],
    ] as const) {
      const invite = await backend.service.invite(ada.id, { email, roles: ['editor'], workspaceIds: ['ws-a'] });
      await backend.service.accept({ token: invite.token, name, password: OTHER_PW });
    }
    await backend.live.listening.ready;
    const quiet = createLogger(() => undefined);
    server = await startTeamServer({
      backend,
      staticDir: join(root, 'none'),
      host: '127.0.0.1',
      port: 0,
      streamRecheckMs: 100,
      logger: quiet,
    });
    local = createServiceContext({ dataDir: join(root, 'laptop'), mode: 'desktop' });
  });
  afterAll(async () => {
    for (const m of made) {
      m.team.connection.close();
      m.ctx?.close();
    }
    local?.close();
    await server?.close();
    await backend?.close();
    if (pgs.ok) await pgs.stop();
    rmSync(root, { recursive: true, force: true });
  });

  /** A desktop app: its own userData folder (where the session file goes), its local workspaces, what it sent its window. */
  function desktop(name: string, opts: { ctx?: ServiceContext; encryptor?: ReturnType<typeof aesEncryptor> } = {}) {
    const userData = mkdtempSync(join(root, `${name}-`));
    const sent: Sent = [];
    const ctx = opts.ctx ?? local;
    const team = createDesktopTeam({
      userData,
      encryptor: opts.encryptor ?? aesEncryptor(),
      getContext: () => ctx,
      send: (channel, payload) => void sent.push({ channel, payload }),
    });
    made.push({ team });
    return { team, sent, userData, conn: team.connection };
  }

  it('refuses a plain http address off this computer, and says when nothing answers', async () => {
    const { conn } = desktop('refuse');
    await expect(conn.open('http://readiness.example.org')).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('Only https://'),
    });
    const port = await freePort();
    await expect(conn.open(`http://127.0.0.1:${port}`)).rejects.toMatchObject({
      message: expect.stringContaining('cannot be reached (ECONNREFUSED)'),
      details: { reason: 'UNREACHABLE' },
    });
    expect(conn.status().state).toBe('local');
  });

  it('signs in, calls channels through the connection, hears a live change, and keeps the token only sealed', async () => {
    const encryptor = aesEncryptor();
    const { conn, sent, userData } = desktop('ada', { encryptor });
    const opened = await conn.open(server.origin);
    expect(opened).toMatchObject({ state: 'server', origin: server.origin, account: null });
    await expect(conn.signIn('ada@example.org', 'not the password')).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      issues: [{ path: 'password' }],
    });
    const signed = await conn.signIn('ada@example.org', ADMIN_PW);
    expect(signed).toMatchObject({
      state: 'signed-in',
      email: 'ada@example.org',
      remembered: true,
      account: { name: 'Ada', roles: ['admin'] },
    });
    expect(sent.some((s) => s.channel === CONNECTION_EVENT && (s.payload as ConnectionStatus).state === 'signed-in')).toBe(true);

    const list = await conn.call('workspace:list', {});
    expect(list.ok && (list.value as { id: string; name: string }[]).map((w) => w.name)).toEqual(['Alpha']);
    // Validated here before anything is sent, like dispatch would.
    const bad = await conn.call('system:create', { workspaceId: 'ws-a', system: { name: '' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

    // A change made by another client of the server reaches this desktop's window.
    await conn.liveOpen();
    const other = desktop('ada-2');
    await other.conn.open(server.origin);
    await other.conn.signIn('ada@example.org', ADMIN_PW);
    const made = await other.conn.call('system:create', { workspaceId: 'ws-a', system: { name: 'Orders DB', kind: 'database' } });
    expect(made.ok).toBe(true);
    const notice = await waitFor<ChangeNotice | null>(sent, LIVE_CHANGE_EVENT, (n) => n?.channel === 'system:create');
    expect(notice).toMatchObject({ workspaceId: 'ws-a', channel: 'system:create' });

    // On disk: the address and email, and a sealed token; never the token's text (nor its base64).
    const file = readFileSync(join(userData, SESSION_FILE), 'utf8');
    const token = createTokenStore(join(userData, SESSION_FILE), encryptor).load()!.token;
    expect(file).toContain(server.origin);
    expect(token.length).toBeGreaterThan(20);
    expect(file).not.toContain(token);
    expect(file).not.toContain(Buffer.from(token).toString('base64'));
  });

  it('comes back signed in with the kept session, and says plainly when the server ended it', async () => {
    const encryptor = aesEncryptor();
    const first = desktop('resume', { encryptor });
    await first.conn.open(server.origin);
    await first.conn.signIn('ada@example.org', ADMIN_PW);
    // The app restarts: a new connection over the same userData folder and keychain.
    const sent: Sent = [];
    const again = createDesktopTeam({
      userData: first.userData,
      encryptor,
      getContext: () => local,
      send: (c, p) => void sent.push({ channel: c, payload: p }),
    });
    made.push({ team: again });
    expect(await again.connection.resume()).toMatchObject({ state: 'signed-in', account: { name: 'Ada' } });

    // Ada signs out everywhere from a browser: both desktops' sessions end on the server.
    const browser = await fetch(`${server.origin}/team/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.org', password: ADMIN_PW }),
    });
    const csrf = ((await browser.json()) as { value: { csrf: string } }).value.csrf;
    const cookie = browser.headers.get('set-cookie')!.split(';')[0]!;
    const out = await fetch(`${server.origin}/team/sign-out-everywhere`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
      body: '{}',
    });
    expect(out.status).toBe(200);

    const stale = await first.conn.call('workspace:list', {});
    expect(stale).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('Sign in again') } });
    expect(first.conn.status()).toMatchObject({ state: 'server', account: null, notice: expect.stringContaining('has ended') });
    expect(existsSync(join(first.userData, SESSION_FILE))).toBe(false);
    // The other one hears it from its live stream without making a call.
    const ended = await waitFor<ConnectionStatus>(sent, CONNECTION_EVENT, (s) => s.state === 'server');
    expect(ended.notice).toContain('Sign in again');
  });

  it('does not keep the session where the OS offers no encryption, and reports a lockout', async () => {
    const { conn, userData } = desktop('no-keychain', { encryptor: aesEncryptor({ available: false }) });
    await conn.open(server.origin);
    const s = await conn.signIn('ada@example.org', ADMIN_PW);
    expect(s).toMatchObject({ state: 'signed-in', remembered: false, notice: expect.stringContaining('no encrypted storage') });
    expect(existsSync(join(userData, SESSION_FILE))).toBe(false);
    await conn.signOut();

    await conn.open(server.origin);
    for (let i = 0; i < 2; i++)
      await expect(conn.signIn('lou@example.org', `wrong ${i}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(conn.signIn('lou@example.org', 'wrong 2')).rejects.toMatchObject({ details: { status: 423 } });
    // Locked: even the right password is refused, with the server's own words.
    await expect(conn.signIn('lou@example.org', OTHER_PW)).rejects.toMatchObject({
      details: { status: 423 },
      message: expect.stringContaining('locked'),
    });
  });

  it('moves a workspace with history and an evidence file to the server, and back to another computer, losslessly', async () => {
    const { conn, team } = desktop('mover');
    // Seed a local workspace: the example inventory, a change, and an evidence file.
    const call = async (channel: string, input: unknown) => {
      const r = await dispatch(local, channel, input);
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return r.value as Record<string, unknown>;
    };
    const ws = (await call('workspace:create', { name: 'Payments', example: true })) as { id: string };
    const cl = ((await call('checklist:get', { workspaceId: ws.id })) as { summary: { id: string; version: string } }).summary;
    const agent = ((await call('inventory:overview', { workspaceId: ws.id })) as { agents: { id: string }[] }).agents[0]!;
    const evidence = await call('evidence:add', {
      workspaceId: ws.id,
      agentId: agent.id,
      controlId: 'REC-1',
      checklistId: cl.id,
      checklistVersion: cl.version,
      evidence: {
        kind: 'file',
        fileName: 'restore.txt',
        fileBase64: Buffer.from('restore took 12 min').toString('base64'),
        evidenceDate: '2026-05-02',
        recordedBy: 'Ana',
      },
    });

    // An editor may not bring a workspace in: the server's rule for import:workspace is admin.
    const ed = desktop('ed');
    await ed.conn.open(server.origin);
    await ed.conn.signIn('ed@example.org', OTHER_PW);
    await expect(ed.team.handlers['connection:move-to-server']({ workspaceId: ws.id } as never)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });

    await conn.open(server.origin);
    await conn.signIn('ada@example.org', ADMIN_PW);
    const pushed = await team.handlers['connection:move-to-server']({ workspaceId: ws.id } as never);
    const push = pushed as {
      workspace: { id: string; name: string };
      source: { count: number; head: string };
      copy: { count: number; head: string };
      same: boolean;
    };
    expect(push.same).toBe(true);
    expect(push.copy).toEqual(push.source);
    expect(push.source.count).toBeGreaterThan(10);
    // The server lists it for Ada now, with the same data and the evidence file's bytes.
    const listed = await conn.call('workspace:list', {});
    expect(listed.ok && (listed.value as { name: string }[]).map((w) => w.name).sort()).toEqual(['Alpha', 'Payments']);
    const remote = await conn.call('inventory:overview', { workspaceId: push.workspace.id });
    expect(remote.ok && remote.value).toEqual(await call('inventory:overview', { workspaceId: ws.id }));
    const file = await conn.call('evidence:file', { workspaceId: push.workspace.id, id: evidence.id });
    expect(file).toMatchObject({ ok: true, value: { intact: true, base64: Buffer.from('restore took 12 min').toString('base64') } });

    // Another computer downloads a local copy: same history head again.
    const laptop2 = createServiceContext({ dataDir: join(root, 'laptop-2'), mode: 'desktop' });
    const second = desktop('puller', { ctx: laptop2 });
    made.push({ team: second.team, ctx: laptop2 });
    await second.conn.open(server.origin);
    await second.conn.signIn('ada@example.org', ADMIN_PW);
    const pulled = (await second.team.handlers['connection:download']({ workspaceId: push.workspace.id } as never)) as typeof push;
    expect(pulled).toMatchObject({ same: true, extra: 0, copy: push.source });
    const back = await dispatch(laptop2, 'inventory:overview', { workspaceId: pulled.workspace.id });
    expect(back.ok && back.value).toEqual(await call('inventory:overview', { workspaceId: ws.id }));
    const backFile = await dispatch(laptop2, 'evidence:file', { workspaceId: pulled.workspace.id, id: evidence.id });
    expect(backFile).toMatchObject({ ok: true, value: { intact: true } });
    // And back to the first computer, where the original still is: a second name, the same history plus the renaming entry.
    const home = (await team.handlers['connection:download']({ workspaceId: push.workspace.id } as never)) as typeof push & {
      extra: number;
    };
    expect(home).toMatchObject({ workspace: { name: 'Payments (copy)' }, same: true, extra: 1, source: push.source });
    expect(home.copy.count).toBe(push.source.count + 1);
    console.log(
      `desktop-move: entries=${push.source.count} head=${push.source.head.slice(0, 12)} push-same=${push.same} pull-same=${pulled.same}`,
    );
  });
});
