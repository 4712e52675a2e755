/**
 * The app's own origin. The renderer is served from `app://agent-readiness/` (a privileged,
 * standard, secure custom scheme registered in ../protocol.ts), never from file://.
 *
 * Pure module: no electron import, so the policies built on it are unit-tested under plain Node.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'agent-readiness';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Control characters, whitespace and backslashes never appear in a canonical URL Chromium hands us. */
const SUSPICIOUS = /[\u0000-\u0020\u007f-\u009f\\\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/;

/** Parses a URL strictly: null for anything unparsable or carrying characters a canonical URL never has. */
export function parseStrictUrl(raw: unknown): URL | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 8192) return null;
  if (SUSPICIOUS.test(raw)) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * True only for `app://agent-readiness/...` exactly: scheme and host must match byte for byte
 * (no userinfo, no port, no trailing dot, no look-alike host). Node's URL parser treats `app:` as
 * a non-special scheme, so `.origin` is "null" here: compare the parts instead.
 */
export function isAppUrl(raw: unknown): boolean {
  const url = parseStrictUrl(raw);
  if (!url) return false;
  if (url.protocol !== `${APP_SCHEME}:`) return false;
  if (url.username !== '' || url.password !== '' || url.port !== '') return false;
  if (url.host !== APP_HOST || url.hostname !== APP_HOST) return false;
  // The raw text must start with the canonical origin too (guards against parser differentials).
  return typeof raw === 'string' && raw.startsWith(`${APP_ORIGIN}/`);
}
