import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTeamBackend, type TeamBackend } from '../../../electron/services/team/backend';
import type { OidcSettings } from '../../../electron/services/team/oidc-client';
import { createTeamService } from '../../../electron/services/team/service';
import { startTeamServer, type TeamServer } from '../../../electron/serve/team-server';
import { createLogger } from '../../../electron/serve/team-server-log';
import { startPostgres } from '../../support/postgres';
import {
  CookieJar,
  loginAtProvider,
  openTestProvider,
  TEST_CLIENT_ID,
  TEST_CLIENT_SECRET,
  type TestPerson,
  type TestProvider,
} from '../../support/oidc-provider';
import { ADMIN_PW, FAST } from './team-world';

/**
 * OIDC sign-in (issue 14 §3) against a real provider (`oidc-provider` on loopback) and a real
 * PostgreSQL: the whole code flow through the team server's HTTP routes, then the session on
 * /team/me; the refusals (forged or replayed state, unverified or uninvited email, a tampered or
 * other-audience ID token) leave no session behind.
 */
const pgs = await startPostgres();

const people: Record<string, TestPerson> = {
  ann: { email: 'ann@example.org', email_verified: true, name: 'Ann at the provider' },
  ben: { email: 'ben@example.org', email_verified: true, name: 'Ben Example' },
  uma: { email: 'uma@example.org', email_verified: false, name: 'Uma Unverified' },
  zed: { email: 'zed@elsewhere.org', email_verified: true, name: 'Zed Uninvited' },
};

/** Rewrites the ID token in the provider's token answer on its way to the app (what a network attacker or a bad proxy could do). */
function rewriteIdToken(change: (idToken: string) => string): NonNullable<OidcSettings['fetch']> {
  return async (url, init) => {
    const res = await fetch(url, init as RequestInit);
    if (!url.endsWith('/token') || !res.ok) return res;
    const body = (await res.json()) as { id_token: string };
    return new Response(JSON.stringify({ ...body, id_token: change(body.id_token) }), {
      status: res.status,
      headers: { 'content-type': 'application/json' },
    });
  };
}

describe.skipIf(!pgs.ok)('team server OIDC sign-in', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ar-team-oidc-'));
  let provider: TestProvider;
  let backend: TeamBackend;
  let db: pg.Pool;
  const log: string[] = [];
  const servers: Record<'app' | 'forged' | 'otherAudience', TeamServer> = {} as never;

  beforeAll(async () => {
    if (!pgs.ok) return;
    const url = await pgs.createDatabase();
    db = new pg.Pool({ connectionString: url, max: 2 });
    provider = await openTestProvider(people);
    backend = await openTeamBackend({ databaseUrl: url, dataDir, policy: { scrypt: FAST } });
    const admin = await backend.service.bootstrap({
      email: 'ada@example.org',
      name: 'Ada',
      password: ADMIN_PW,
      workspace: { id: 'ws-a', name: 'Alpha' },
    });
    // Ann has a password account; Ben and Uma are invited and have not accepted; Zed is not invited.
    const annInvite = await backend.service.invite(admin.id, {
      email: 'ann@example.org',
      roles: ['editor'],
      workspaceIds: ['ws-a'],
      workflowScope: null,
    });
    await backend.service.accept({ token: annInvite.token, name: 'Ann', password: 'ann correct horse 1' });
    await backend.service.invite(admin.id, { email: 'Ben@Example.org', roles: ['approver'], workspaceIds: ['ws-a'], workflowScope: null });
    await backend.service.invite(admin.id, { email: 'uma@example.org', roles: ['viewer'], workspaceIds: ['ws-a'], workflowScope: null });

    const settings = (fetchOverride?: OidcSettings['fetch']): OidcSettings => ({
      issuer: provider.issuer,
      clientId: TEST_CLIENT_ID,
      clientSecret: TEST_CLIENT_SECRET,
      name: 'Test SSO',
      allowHttpIssuer: true,
      ...(fetchOverride ? { fetch: fetchOverride } : {}),
    });
    const start = (oidc: OidcSettings) =>
      startTeamServer({
        backend,
        staticDir: join(dataDir, 'no-renderer'),
        host: '127.0.0.1',
        port: 0,
        logger: createLogger((l) => void log.push(l)),
        oidc,
      });
    servers.app = await start(settings());
    // Changes the signed claims but keeps the provider's signature: the signature no longer matches.
    servers.forged = await start(
      settings(
        rewriteIdToken((t) => {
          const [h, p, s] = t.split('.');
          const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
          return `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'ben' })).toString('base64url')}.${s}`;
        }),
      ),
    );
    // A token genuinely signed by the provider's key, but for another client.
    servers.otherAudience = await start(
      settings(
        rewriteIdToken((t) => {
          const [h, p] = t.split('.');
          const header = JSON.parse(Buffer.from(h!, 'base64url').toString()) as Record<string, unknown>;
          const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
          return provider.signJwt(header, { ...claims, aud: 'some-other-client', azp: 'some-other-client' });
        }),
      ),
    );
    provider.start(Object.values(servers).map((s) => `${s.origin}/team/oidc/callback`));
  });

  afterAll(async () => {
    for (const s of Object.values(servers)) await s.close();
    await backend?.close();
    await db?.end();
    await provider?.stop();
    if (pgs.ok) await pgs.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The browser's way from the app's button to the app's callback: the callback URL and the app's cookies. */
  async function toCallback(server: TeamServer, login: string): Promise<{ callback: URL; appJar: CookieJar }> {
    const appJar = new CookieJar();
    const res = await fetch(`${server.origin}/team/oidc/start`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    appJar.take(res);
    const authorization = new URL(res.headers.get('location')!);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('nonce')).toBeTruthy();
    const callback = await loginAtProvider(authorization.href, login, new CookieJar());
    expect(callback.origin).toBe(server.origin);
    return { callback, appJar };
  }

  async function callBack(callback: URL, appJar: CookieJar) {
    const res = await fetch(callback, { redirect: 'manual', headers: { cookie: appJar.header() } });
    appJar.take(res);
    return { status: res.status, location: res.headers.get('location'), text: await res.text(), session: appJar.get('ar_session') };
  }

  async function me(server: TeamServer, session: string | undefined) {
    const res = await fetch(`${server.origin}/team/me`, { headers: session ? { cookie: `ar_session=${session}` } : {} });
    return (await res.json()) as { account: { name: string; roles: string[]; workspaces: string[] } | null; csrf: string | null };
  }

  it('says on /team/me that OIDC is offered, and by whom', async () => {
    expect(await me(servers.app, undefined)).toMatchObject({ account: null, oidc: { name: 'Test SSO' } });
  });

  it('signs an invited person in to their account by verified email, links the identity, and keeps it after an email change', async () => {
    const { callback, appJar } = await toCallback(servers.app, 'ann');
    const done = await callBack(callback, appJar);
    expect(done).toMatchObject({ status: 302, location: '/' });
    const signedIn = await me(servers.app, done.session);
    expect(signedIn.account).toMatchObject({ name: 'Ann', roles: ['editor'], workspaces: ['ws-a'] });
    // The same session as a password sign-in: CSRF token, sign out everywhere works with it.
    const out = await fetch(`${servers.app.origin}/team/sign-out-everywhere`, {
      method: 'POST',
      headers: { cookie: `ar_session=${done.session}`, 'x-csrf-token': signedIn.csrf!, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(out.status).toBe(200);
    expect((await me(servers.app, done.session)).account).toBeNull();
    const links = await db.query('SELECT issuer, subject FROM team_oidc_identities');
    expect(links.rows).toEqual([{ issuer: provider.issuer, subject: 'ann' }]);

    people.ann!.email = 'ann.new@example.org';
    try {
      const again = await toCallback(servers.app, 'ann');
      const second = await callBack(again.callback, again.appJar);
      expect((await me(servers.app, second.session)).account).toMatchObject({ name: 'Ann' });
    } finally {
      people.ann!.email = 'ann@example.org';
    }
  });

  it('makes the account of an open invitation on first OIDC sign-in, with the invited roles, and uses the invitation up', async () => {
    const { callback, appJar } = await toCallback(servers.app, 'ben');
    const done = await callBack(callback, appJar);
    expect((await me(servers.app, done.session)).account).toMatchObject({ name: 'Ben Example', roles: ['approver'], workspaces: ['ws-a'] });
    const used = await db.query("SELECT used_at FROM team_invitations WHERE lower(email) = 'ben@example.org'");
    expect(used.rows[0].used_at).not.toBeNull();
  });

  it('refuses an unverified email and an uninvited person, with no session and no account', async () => {
    for (const [login, message] of [
      ['uma', 'did not confirm your email'],
      ['zed', 'no account or open invitation'],
    ] as const) {
      const { callback, appJar } = await toCallback(servers.app, login);
      const done = await callBack(callback, appJar);
      expect(done.status).toBe(403);
      expect(done.text).toContain(message);
      expect(done.session).toBeUndefined();
    }
    const made = await db.query("SELECT email FROM team_accounts WHERE email IN ('uma@example.org', 'zed@elsewhere.org')");
    expect(made.rows).toEqual([]);
  });

  it('refuses a callback whose state was changed, one from another browser, and a replayed one', async () => {
    const { callback, appJar } = await toCallback(servers.app, 'ann');
    const forged = new URL(callback);
    forged.searchParams.set('state', 'x'.repeat(43));
    expect(await callBack(forged, appJar)).toMatchObject({ status: 400, session: undefined });
    // The binding cookie was cleared by the refusal, like a browser that never started this sign-in.
    expect(await callBack(callback, new CookieJar())).toMatchObject({ status: 400, session: undefined });

    const fresh = await toCallback(servers.app, 'ann');
    const cookieBefore = fresh.appJar.header();
    const ok = await callBack(fresh.callback, fresh.appJar);
    expect(ok.status).toBe(302);
    const replay = await fetch(fresh.callback, { redirect: 'manual', headers: { cookie: cookieBefore } });
    expect(replay.status).toBe(400);
    expect(replay.headers.getSetCookie().some((c) => c.startsWith('ar_session=') && !c.includes('Max-Age=0'))).toBe(false);
  });

  it('limits how many sign-ins one address may start, like password attempts, and counts it apart from them', async () => {
    const tight = createTeamService(
      { pool: db, close: async () => undefined },
      { policy: { scrypt: FAST, rateLimit: { windowMs: 60_000, perClient: 2, perEmail: 10 } } },
    );
    const pending = { codeVerifier: 'v'.repeat(43), nonce: 'n'.repeat(43) };
    await tight.beginOidcLogin('a'.repeat(43), pending, '198.51.100.7');
    await tight.beginOidcLogin('b'.repeat(43), pending, '198.51.100.7');
    await expect(tight.beginOidcLogin('c'.repeat(43), pending, '198.51.100.7')).rejects.toMatchObject({
      message: expect.stringContaining('Too many sign-in attempts') as string,
      details: { status: 429 },
    });
    await tight.beginOidcLogin('d'.repeat(43), pending, '198.51.100.8'); // another address is not held up
    expect(await tight.takeOidcLogin('c'.repeat(43))).toBeNull(); // the refused one was never stored
  });

  it('refuses an ID token whose claims were changed after signing, and one signed for another audience', async () => {
    for (const server of [servers.forged, servers.otherAudience]) {
      const { callback, appJar } = await toCallback(server, 'ann');
      const done = await callBack(callback, appJar);
      expect(done.status).toBe(401);
      expect(done.text).toContain('could not be verified');
      expect(done.session).toBeUndefined();
    }
    const reasons = log.filter((l) => l.includes('oidc.refused')).map((l) => (JSON.parse(l) as { reason: string }).reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        'OAUTH_INVALID_RESPONSE: JWT signature verification failed',
        'OAUTH_JWT_CLAIM_COMPARISON_FAILED: unexpected JWT "aud" (audience) claim value',
      ]),
    );
    // Nothing secret reaches the log: no client secret, no authorization code or state.
    expect(log.join('\n')).not.toContain(TEST_CLIENT_SECRET);
    expect(log.join('\n')).not.toMatch(/code=|state=/);
  });
});
