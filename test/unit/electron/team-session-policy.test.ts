import { describe, expect, it } from 'vitest';
import {
  checkCsrf,
  clearedSessionCookie,
  csrfTokenFor,
  isAllowedTeamOrigin,
  isSecureRequest,
  readSessionCookie,
  sessionCookie,
} from '../../../electron/serve/team-session-policy';

const TOKEN = 'kP3x_9mZ-qT7vLr2NwY8sB4cH6jD1fG5aE0uIoQyRtU';
const OTHER = 'Zz9y8x7w6v5u4t3s2r1q0p_o-nmlkjihgfedcbaZYXW';

describe('team session cookie', () => {
  it('is HttpOnly and SameSite=Strict always, Secure with the __Host- prefix over TLS', () => {
    expect(sessionCookie(TOKEN, { secure: true, maxAgeSeconds: 43200 })).toBe(
      `__Host-ar_session=${TOKEN}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200; Secure`,
    );
    expect(sessionCookie(TOKEN, { secure: false, maxAgeSeconds: 60.9 })).toBe(
      `ar_session=${TOKEN}; Path=/; HttpOnly; SameSite=Strict; Max-Age=60`,
    );
    expect(clearedSessionCookie({ secure: true })).toBe('__Host-ar_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure');
  });

  it('refuses to put anything but a token in the cookie (no header injection)', () => {
    expect(() => sessionCookie(`${TOKEN}; Domain=evil.example`, { secure: true, maxAgeSeconds: 1 })).toThrow(/URL-safe/);
    expect(() => sessionCookie('short', { secure: true, maxAgeSeconds: 1 })).toThrow(/URL-safe/);
  });

  it('reads back the one session cookie; over TLS a plain-named one (planted by a sibling domain) does not count', () => {
    expect(readSessionCookie(`theme=dark; __Host-ar_session=${TOKEN}`, { secure: true })).toBe(TOKEN);
    expect(readSessionCookie(`ar_session=${TOKEN}`, { secure: true })).toBeNull();
    expect(readSessionCookie(`ar_session=${TOKEN}`, { secure: false })).toBe(TOKEN);
    expect(readSessionCookie(`ar_session=${TOKEN}; ar_session=${OTHER}`, { secure: false })).toBeNull();
    expect(readSessionCookie('ar_session=%3Cscript%3E', { secure: false })).toBeNull();
    expect(readSessionCookie(undefined, { secure: false })).toBeNull();
  });

  it('is Secure only when the request came over TLS, or through a proxy we trust that says https', () => {
    expect(isSecureRequest({ tls: true, trustProxy: false })).toBe(true);
    expect(isSecureRequest({ tls: false, trustProxy: false, forwardedProto: 'https' })).toBe(false); // anyone can send the header
    expect(isSecureRequest({ tls: false, trustProxy: true, forwardedProto: 'https, http' })).toBe(true);
    expect(isSecureRequest({ tls: false, trustProxy: true, forwardedProto: 'http' })).toBe(false);
    expect(isSecureRequest({ tls: false, trustProxy: true })).toBe(false);
  });
});

describe('CSRF protection of changing requests', () => {
  const csrf = csrfTokenFor(TOKEN);

  it('gives each session its own token, the same on every instance', () => {
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfTokenFor(TOKEN)).toBe(csrf);
    expect(csrfTokenFor(OTHER)).not.toBe(csrf);
    expect(csrf).not.toContain(TOKEN.slice(0, 10));
  });

  it('lets reads through without a token, and refuses a change without the right one', () => {
    expect(checkCsrf({ method: 'GET', sessionToken: TOKEN, headerToken: undefined })).toEqual({ ok: true });
    expect(checkCsrf({ method: 'HEAD', sessionToken: TOKEN, headerToken: undefined })).toEqual({ ok: true });
    expect(checkCsrf({ method: 'POST', sessionToken: TOKEN, headerToken: csrf })).toEqual({ ok: true });
    expect(checkCsrf({ method: 'post', sessionToken: TOKEN, headerToken: undefined })).toMatchObject({ ok: false, status: 403 });
    expect(checkCsrf({ method: 'DELETE', sessionToken: TOKEN, headerToken: csrfTokenFor(OTHER) })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('does not match'),
    });
    expect(checkCsrf({ method: 'PUT', sessionToken: TOKEN, headerToken: TOKEN })).toMatchObject({ ok: false }); // the session token is not the CSRF token
  });

  it('checks Origin against the public origin of the server', () => {
    expect(isAllowedTeamOrigin('https://readiness.example.org', 'https://readiness.example.org/')).toBe(true);
    expect(isAllowedTeamOrigin('https://evil.example', 'https://readiness.example.org')).toBe(false);
    expect(isAllowedTeamOrigin('null', 'https://readiness.example.org')).toBe(false);
    expect(isAllowedTeamOrigin(undefined, 'https://readiness.example.org')).toBe(true);
  });
});
