import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTeamConnection } from '../../../electron/main/team-connection/connection';
import { checkServerUrl } from '../../../electron/main/team-connection/server-url';
import { createTokenStore } from '../../../electron/main/team-connection/token-store';
import { sessionTokenOf } from '../../../electron/main/team-connection/team-http';
import { aesEncryptor } from '../../support/aes-encryptor';

/** The desktop's team connection pieces that need no team server: which addresses, TLS failures, the sealed token file. */
const dir = mkdtempSync(join(tmpdir(), 'ar-team-conn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('team server address', () => {
  it('accepts https anywhere and http on this computer only, as an origin', () => {
    expect(checkServerUrl('https://readiness.example.org/')).toEqual({ ok: true, origin: 'https://readiness.example.org' });
    expect(checkServerUrl('readiness.example.org:8443')).toEqual({ ok: true, origin: 'https://readiness.example.org:8443' });
    for (const loop of ['http://127.0.0.1:8080', 'http://localhost:1', 'http://[::1]:9'])
      expect(checkServerUrl(loop)).toMatchObject({ ok: true });
    const refused = {
      'http://readiness.example.org': 'Only https://',
      'http://10.0.0.5:8080': 'Only https://',
      'http://127.0.0.1.evil.example': 'Only https://',
      'https://ada:pw@readiness.example.org': 'Leave the name and password out',
      'https://readiness.example.org/app?x=1': 'without a path',
      'ftp://readiness.example.org': 'https://',
      'javascript:alert(1)': 'https://',
      '': 'Enter the team server address',
      'https://': 'not a web address',
    };
    for (const [url, why] of Object.entries(refused)) {
      const r = checkServerUrl(url);
      expect(r.ok, url).toBe(false);
      expect(r.ok ? '' : r.message, url).toContain(why);
    }
  });

  it('reads the session token from the sign-in cookie only', () => {
    const t = 'A'.repeat(43);
    expect(sessionTokenOf([`ar_session=${t}; Path=/; HttpOnly`], 'ar_session')).toBe(t);
    expect(sessionTokenOf([`__Host-ar_session=${t}; Secure`], '__Host-ar_session')).toBe(t);
    expect(sessionTokenOf(['other=1', 'ar_session=short'], 'ar_session')).toBeNull();
  });
});

describe('sealed session file', () => {
  it('never holds the token in clear, reads back with the same key only, and is not written without encryption', () => {
    const file = join(dir, 'team-session.json');
    const enc = aesEncryptor();
    const token = 'tok_' + 'x1Y2'.repeat(10);
    const store = createTokenStore(file, enc);
    expect(store.save({ origin: 'https://r.example.org', email: 'ada@example.org', token })).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(token);
    expect(text).not.toContain(Buffer.from(token).toString('base64'));
    expect(store.load()).toEqual({ origin: 'https://r.example.org', email: 'ada@example.org', token });
    // Another machine's (or OS account's) keychain cannot open it: sign in again, nothing thrown.
    expect(createTokenStore(file, aesEncryptor()).load()).toBeNull();
    writeFileSync(file, '{"version":1,"origin":1}');
    expect(store.load()).toBeNull();
    const none = createTokenStore(join(dir, 'none.json'), aesEncryptor({ available: false }));
    expect(none.save({ origin: 'https://r.example.org', email: 'a@b.c', token })).toBe(false);
    expect(none.load()).toBeNull();
  });
});

/** A self-signed certificate from openssl (Debian's), for a TLS failure the way a person meets it. */
function selfSigned(): { key: string; cert: string } | null {
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'k.pem'),
        '-out',
        join(dir, 'c.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'k.pem'), 'utf8'), cert: readFileSync(join(dir, 'c.pem'), 'utf8') };
  } catch {
    return null;
  }
}
const pair = selfSigned();
if (!pair) console.log('team-connection TLS: SKIPPED (openssl not available)');

describe.skipIf(!pair)('TLS failure', () => {
  let server: Server;
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  it('a certificate this computer does not trust is named as such, and nothing is signed in', async () => {
    server = createServer(pair!, (_req, res) => res.end('{}'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    const conn = createTeamConnection({ store: createTokenStore(join(dir, 'tls.json'), aesEncryptor()) });
    await expect(conn.open(`https://localhost:${port}`)).rejects.toMatchObject({
      details: { reason: 'TLS' },
      message: expect.stringContaining('certificate is not trusted'),
    });
    expect(conn.status().state).toBe('local');
  });
});
