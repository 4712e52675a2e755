import { createHmac, timingSafeEqual, createHash } from 'node:crypto';

/**
 * The session cookie and CSRF rules of the team HTTP server (issue 14 §3 "Sessions"), as pure
 * functions so each is unit-tested before the server exists. Browser mode's loopback rules are
 * in http-policy.ts and do not change.
 *
 * - The session token travels only in an HttpOnly, SameSite=Strict cookie, Secure when the
 *   request came over TLS (directly, or through a trusted proxy). Over TLS the cookie takes the
 *   `__Host-` prefix, so no subdomain or plain-http page can set or shadow it.
 * - Changing requests (anything but GET, HEAD, OPTIONS) carry a CSRF token in a header: a
 *   synchronizer token derived from the session token (HMAC), so every stateless instance can
 *   check it without shared state, and it cannot be computed without the session cookie, which
 *   page scripts cannot read. The server hands it to the signed-in page (a response body), never
 *   in a cookie.
 */
export const SESSION_COOKIE = 'ar_session';
export const CSRF_HEADER = 'x-csrf-token';
const CSRF_CONTEXT = 'agent-readiness team csrf v1';

/** Whether the request reached us over TLS: our own TLS, or `X-Forwarded-Proto: https` from a proxy we were told to trust. */
export function isSecureRequest(r: { tls: boolean; trustProxy: boolean; forwardedProto?: string | undefined }): boolean {
  if (r.tls) return true;
  if (!r.trustProxy || !r.forwardedProto) return false;
  // A chain of proxies appends: the first value is what the client used.
  return r.forwardedProto.split(',')[0]!.trim().toLowerCase() === 'https';
}

export const sessionCookieName = (secure: boolean): string => (secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE);

/** The Set-Cookie value that signs a browser in. */
export function sessionCookie(token: string, o: { secure: boolean; maxAgeSeconds: number }): string {
  if (!/^[A-Za-z0-9_-]{20,200}$/.test(token)) throw new Error('A session token is 20-200 URL-safe characters.');
  const parts = [
    `${sessionCookieName(o.secure)}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.max(0, Math.floor(o.maxAgeSeconds))}`,
  ];
  if (o.secure) parts.push('Secure');
  return parts.join('; ');
}

/** The Set-Cookie value that signs a browser out (the browser drops the cookie at once). */
export function clearedSessionCookie(o: { secure: boolean }): string {
  return [`${sessionCookieName(o.secure)}=`, 'Path=/', 'HttpOnly', 'SameSite=Strict', 'Max-Age=0', ...(o.secure ? ['Secure'] : [])].join(
    '; ',
  );
}

/**
 * The session token from a Cookie header, or null. Over TLS only the `__Host-` cookie counts (a
 * plain `ar_session` could have been planted by a sibling domain). Two cookies of the name: null.
 */
export function readSessionCookie(cookieHeader: string | undefined, o: { secure: boolean }): string | null {
  if (!cookieHeader) return null;
  const name = sessionCookieName(o.secure);
  const values = cookieHeader
    .split(';')
    .map((c) => c.trim())
    .filter((c) => c.startsWith(`${name}=`))
    .map((c) => c.slice(name.length + 1));
  if (values.length !== 1) return null;
  const token = values[0]!;
  return /^[A-Za-z0-9_-]{20,200}$/.test(token) ? token : null;
}

/** The CSRF token of a session: the same on every instance, and useless without the session. */
export const csrfTokenFor = (sessionToken: string): string => createHmac('sha256', sessionToken).update(CSRF_CONTEXT).digest('base64url');

export const isChangingMethod = (method: string): boolean => !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());

export type CsrfDecision = { ok: true } | { ok: false; status: 403; reason: string };

/** A changing request must carry its session's CSRF token in the header; reads need none. */
export function checkCsrf(r: { method: string; sessionToken: string | null; headerToken: string | undefined }): CsrfDecision {
  if (!isChangingMethod(r.method)) return { ok: true };
  if (!r.sessionToken) return { ok: true }; // nothing to ride on: the request is unauthenticated and dispatch answers 401
  if (!r.headerToken) return { ok: false, status: 403, reason: 'The request carries no CSRF token. Reload the page and try again.' };
  const digest = (s: string) => createHash('sha256').update(s).digest();
  const same = timingSafeEqual(digest(r.headerToken), digest(csrfTokenFor(r.sessionToken)));
  return same
    ? { ok: true }
    : { ok: false, status: 403, reason: 'The CSRF token does not match this session. Reload the page and try again.' };
}

/** Origin, when a browser sends one on a changing request, must be the server's public origin. */
export function isAllowedTeamOrigin(origin: string | undefined, publicOrigin: string): boolean {
  if (origin === undefined) return true;
  return origin.toLowerCase() === publicOrigin.toLowerCase().replace(/\/+$/, '');
}
