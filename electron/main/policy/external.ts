import { parseStrictUrl } from './app-origin';

/**
 * Hosts the app may open in the user's browser (documentation of the frameworks the checklist
 * maps to). Exact host match only: no wildcard subdomains. Add a host here, with a test, when a
 * new link is needed.
 */
export const EXTERNAL_ALLOWLIST: readonly string[] = Object.freeze([
  'www.nist.gov',
  'airc.nist.gov',
  'owasp.org',
  'genai.owasp.org',
  'www.iso.org',
  'eur-lex.europa.eu',
]);

/**
 * The only gate in front of `shell.openExternal`: an https URL, parsed with the WHATWG parser,
 * whose host is exactly on the allowlist, with no userinfo and no explicit port.
 * IDN look-alikes parse to `xn--` punycode and therefore never match.
 */
export function isSafeExternalUrl(raw: unknown, allowlist: readonly string[] = EXTERNAL_ALLOWLIST): boolean {
  const url = parseStrictUrl(raw);
  if (!url) return false;
  if (url.protocol !== 'https:') return false;
  if (url.username !== '' || url.password !== '') return false;
  if (url.port !== '') return false;
  if (!/^[a-z0-9.-]+$/.test(url.hostname)) return false;
  if (!allowlist.includes(url.hostname)) return false;
  // The raw text must name the same host right after the scheme (no `https:host` or `https:/host` forms).
  return typeof raw === 'string' && raw.toLowerCase().startsWith(`https://${url.hostname}`) && /^https:\/\/[^/?#]+([/?#]|$)/i.test(raw);
}
