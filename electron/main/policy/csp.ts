import { CONTENT_SECURITY_POLICY } from '../../serve/http-policy';

/**
 * Content-Security-Policy for the desktop window: one builder, one checker.
 * The policy sent on every `app://` response is the same one browser mode sends
 * (electron/serve/http-policy.ts), checked here so a weakened edit fails a unit test.
 */
export type CspDirectives = Readonly<Record<string, readonly string[]>>;
export type CspFinding = { severity: 'high' | 'medium'; directive: string; message: string };

const DIRECTIVE_NAME = /^[a-z][a-z-]*$/;
const SOURCE = /^[^\s;,]+$/;

/** Serialises directives, refusing malformed names or sources (so nothing can smuggle a `;`). */
export function buildCsp(directives: CspDirectives): string {
  const parts: string[] = [];
  for (const [name, sources] of Object.entries(directives)) {
    if (!DIRECTIVE_NAME.test(name)) throw new Error(`Invalid CSP directive name: ${JSON.stringify(name)}`);
    for (const s of sources) if (!SOURCE.test(s)) throw new Error(`Invalid CSP source in ${name}: ${JSON.stringify(s)}`);
    parts.push(sources.length ? `${name} ${sources.join(' ')}` : name);
  }
  return parts.join('; ');
}

/** Parses a policy string back into directives (first occurrence wins, as browsers do). */
export function parseCsp(policy: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const raw of policy.split(';')) {
    const tokens = raw.trim().split(/\s+/).filter(Boolean);
    const name = tokens.shift()?.toLowerCase();
    if (!name || Object.prototype.hasOwnProperty.call(out, name)) continue;
    out[name] = tokens;
  }
  return out;
}

const SCRIPT_LIKE = ['script-src', 'script-src-elem', 'script-src-attr', 'worker-src'];
const UNSAFE_SCRIPT_SOURCES = [
  "'unsafe-inline'",
  "'unsafe-eval'",
  "'unsafe-hashes'",
  "'wasm-unsafe-eval'",
  '*',
  'http:',
  'https:',
  'data:',
  'filesystem:',
];

/**
 * A small CSP evaluator in the spirit of Google's CSP Evaluator: high findings are the ones that
 * let an injected string run script, load a plugin, rebase URLs or frame the app.
 */
export function cspFindings(policy: string): CspFinding[] {
  const d = parseCsp(policy);
  const findings: CspFinding[] = [];
  const high = (directive: string, message: string) => findings.push({ severity: 'high', directive, message });
  const effective = (name: string): string[] | undefined => d[name] ?? d['default-src'];

  if (!d['default-src']) high('default-src', 'missing default-src');
  else if (!(d['default-src'].length === 1 && d['default-src'][0] === "'none'")) high('default-src', "default-src should be 'none'");

  const script = effective('script-src');
  if (!script) high('script-src', 'no script-src (and no default-src fallback)');
  for (const name of SCRIPT_LIKE) {
    const sources = name === 'script-src' ? script : d[name];
    for (const s of sources ?? []) {
      const lower = s.toLowerCase();
      // blob: is tolerated for worker-src only (bundled workers); never for scripts.
      if (name === 'worker-src' && lower === 'blob:') continue;
      if (UNSAFE_SCRIPT_SOURCES.includes(lower) || lower === 'blob:' || lower.includes('*')) high(name, `unsafe source ${s}`);
      else if (lower !== "'self'" && lower !== "'none'" && !/^'(nonce|sha256|sha384|sha512)-/.test(lower))
        high(name, `remote script source ${s}`);
    }
  }
  const object = effective('object-src');
  if (!object || object.join(' ') !== "'none'") high('object-src', "object-src should be 'none'");
  if (!d['base-uri'] || d['base-uri'].join(' ') !== "'none'") high('base-uri', "base-uri should be 'none'");
  if (!d['frame-ancestors'] || d['frame-ancestors'].join(' ') !== "'none'") high('frame-ancestors', "frame-ancestors should be 'none'");
  if (!d['form-action'] || d['form-action'].join(' ') !== "'none'") high('form-action', "form-action should be 'none'");

  for (const [name, sources] of Object.entries(d)) {
    for (const s of sources) {
      const lower = s.toLowerCase();
      if (lower === '*' || lower.startsWith('http:') || lower.startsWith('ws:') || /^https?:\/\/\*/.test(lower))
        high(name, `insecure or wildcard source ${s}`);
      if ((lower.startsWith('https:') || lower.startsWith('wss:')) && name !== 'script-src')
        high(name, `remote source ${s}: the app loads nothing remote`);
    }
  }
  if ((d['style-src'] ?? []).includes("'unsafe-inline'")) {
    findings.push({
      severity: 'medium',
      directive: 'style-src',
      message: "'unsafe-inline' styles (needed by chart libraries' inline style attributes)",
    });
  }
  return findings;
}

/** The policy sent with every app:// response. */
export const APP_CSP: string = CONTENT_SECURITY_POLICY;

/** Strict CSP for the hidden print window: no script at all, inline styles and data: images only. */
export const PRINT_CSP: string = buildCsp({
  'default-src': ["'none'"],
  'script-src': ["'none'"],
  'style-src': ["'unsafe-inline'"],
  'img-src': ['data:'],
  'font-src': ['data:'],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
});
