import { timingSafeEqual, createHash } from 'node:crypto';

/**
 * Browser mode's request policy, as pure functions so every rule is unit-tested.
 * The bridge binds loopback only; these checks stop DNS rebinding (Host), CSRF (Origin)
 * and other local processes or pages without the per-launch token.
 */

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** The only addresses the bridge may bind. */
export const isLoopbackBindAddress = (host: string): boolean => host === '127.0.0.1' || host === '::1' || host === 'localhost';

/** Host header must name loopback and our exact port (a rebinding attack sends its own domain). */
export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const host = hostHeader.trim().toLowerCase();
  return LOOPBACK_NAMES.some((name) => host === `${name}:${port}`);
}

/** Origin, when a browser sends one, must be our own origin; "null" and foreign origins are refused. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true; // same-origin GET navigations and Node callers send none
  return LOOPBACK_NAMES.some((name) => origin.toLowerCase() === `http://${name}:${port}`);
}

/** Constant-time token comparison (hashing first makes the lengths equal). */
export function tokenMatches(candidate: string | undefined | null, token: string): boolean {
  if (!candidate) return false;
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/** Token from `Authorization: Bearer`, the session cookie, or (for the first navigation only) `?token=`. */
export function extractToken(headers: { authorization?: string | undefined; cookie?: string | undefined }): string | null {
  const auth = headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const cookie = headers.cookie
    ?.split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${TOKEN_COOKIE}=`));
  return cookie ? decodeURIComponent(cookie.slice(TOKEN_COOKIE.length + 1)) : null;
}

export const TOKEN_COOKIE = 'ar_token';

/** The same strict CSP the desktop window uses. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
