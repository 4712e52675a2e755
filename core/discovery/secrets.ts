import type { CredentialRef, Fingerprinter, NamedValue } from './types';

/**
 * Secrets never leave the file: every function here returns text that is safe to store, show and
 * export, and hands each secret to the injected fingerprinter instead of keeping it.
 */

/** Token shapes whose prefix says what they are (and, for sk_live_ / sk_test_, which environment). */
const TOKEN_PREFIXES = [
  'github_pat_',
  'ghp_',
  'gho_',
  'ghu_',
  'ghs_',
  'ghr_',
  'glpat-',
  'sk_live_',
  'sk_test_',
  'rk_live_',
  'rk_test_',
  'pk_live_',
  'pk_test_',
  'sk-ant-',
  'sk-proj-',
  'sk-',
  'xoxb-',
  'xoxp-',
  'xapp-',
  'AKIA',
  'ASIA',
  'AIza',
  'eyJ',
  'npm_',
  'dop_v1_',
  'SG.',
];

/** A value shaped like a token: a known prefix followed by enough key material, or one long unbroken string. */
export function tokenPrefix(value: string): string | null {
  const v = value.trim();
  for (const p of TOKEN_PREFIXES) if (v.startsWith(p) && v.length >= p.length + 8 && !/\s/.test(v)) return p;
  return null;
}
/** Paths are not tokens even when long: "/Users/ana/code/site2/data" keeps its meaning (and its scope). */
const looksLikePath = (v: string): boolean => /^([/~.]|[A-Za-z]:[\\/])/.test(v) || (v.match(/\//g) ?? []).length > 2;
const looksLikeToken = (v: string): boolean =>
  tokenPrefix(v) !== null || (/^[A-Za-z0-9+/_=.-]{32,}$/.test(v) && /\d/.test(v) && /[A-Za-z]/.test(v) && !looksLikePath(v));

/** Names of variables, headers, flags and keys that carry secrets. */
export const SECRET_NAME =
  /(token|secret|passw|pwd|api[-_]?key|apikey|access[-_]?key|private[-_]?key|auth|credential|cookie|session|bearer|\bpat\b|_pat$|dsn|signature)/i;

/** Setting variables whose values are not secrets and say where the agent points (kept, for the environment). */
const SETTING_VARIABLES = new Set([
  'AWS_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'NODE_ENV',
  'ENV',
  'ENVIRONMENT',
  'APP_ENV',
  'RAILS_ENV',
  'STAGE',
  'DEPLOY_ENV',
  'KUBE_CONTEXT',
  'KUBECONTEXT',
  'K8S_NAMESPACE',
  'NAMESPACE',
  'PGHOST',
  'PGDATABASE',
  'DB_HOST',
  'DATABASE_HOST',
  'MYSQL_HOST',
  'GOOGLE_CLOUD_PROJECT',
  'GCP_PROJECT',
  'AZURE_SUBSCRIPTION_ID',
  'GITHUB_HOST',
  'GITLAB_URL',
]);

/** `${input:id}`, `${env:NAME}`, `${NAME}`, `$NAME`, optionally after a scheme word ("Bearer ${input:token}"). */
const REFERENCE = /\$\{[^}\s]{1,120}\}|\$[A-Za-z_][A-Za-z0-9_]*/g;
export function referenceOf(value: string): string | null {
  const refs = value.match(REFERENCE);
  if (!refs) return null;
  const rest = value.replace(REFERENCE, '').trim();
  return rest === '' || /^(bearer|basic|token)$/i.test(rest) ? refs.join(' ') : null;
}

const URLISH = /^([a-z][a-z0-9+.-]{1,20}:\/\/)(?:([^:@/?#\s]*)(?::([^@/?#\s]*))?@)?([^/?#\s]*)([^?#\s]*)(\?[^#\s]*)?(#\S*)?$/i;

export type Redaction = { text: string; secrets: { label: string; value: string }[] };

/**
 * A URL or connection string with its password, token-shaped user name and every query value replaced
 * by ***; the fragment is dropped. Returns null when the text is not a URL.
 */
export function redactUrl(text: string): Redaction | null {
  const m = URLISH.exec(text.trim());
  if (!m) return null;
  const [, scheme = '', user, password, host = '', path = '', query] = m;
  const secrets: Redaction['secrets'] = [];
  let userPart = '';
  if (user !== undefined) {
    const userIsToken = looksLikeToken(user);
    if (userIsToken) secrets.push({ label: 'token in the URL', value: user });
    userPart = userIsToken ? '***' : user;
    if (password !== undefined) {
      if (password !== '') secrets.push({ label: 'password in the connection string', value: password });
      userPart += ':***';
    }
    userPart += '@';
  }
  let queryPart = '';
  if (query) {
    const pairs = query
      .slice(1)
      .split('&')
      .filter((p) => p !== '')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq < 0) return pair.length > 24 ? '***' : pair;
        const value = pair.slice(eq + 1);
        if (value !== '') secrets.push({ label: `query parameter ${pair.slice(0, Math.min(eq, 40))}`, value });
        return `${pair.slice(0, eq)}=***`;
      });
    queryPart = pairs.length ? `?${pairs.join('&')}` : '';
  }
  return { text: `${scheme}${userPart}${host}${path}${queryPart}`, secrets };
}

/** libpq / ADO key=value connection strings: "host=db.prod password=x user=app". */
const KV_SECRET = /\b(password|passwd|pwd|sslpassword|token|secret|api[-_]?key)\s*=\s*('[^']*'|"[^"]*"|[^\s;]+)/gi;
export function redactKeyValues(text: string): Redaction {
  const secrets: Redaction['secrets'] = [];
  const out = text.replace(KV_SECRET, (_all, key: string, value: string) => {
    secrets.push({ label: `${key.toLowerCase()} in the connection string`, value: value.replace(/^['"]|['"]$/g, '') });
    return `${key}=***`;
  });
  return { text: out, secrets };
}

/** Any free-standing value: a URL, a key=value string, a token, or plain text that is safe to keep. */
export function redactValue(value: string, label: string): Redaction {
  const url = redactUrl(value);
  if (url) return url;
  const prefix = tokenPrefix(value);
  if (prefix !== null || looksLikeToken(value)) return { text: `${prefix ?? ''}***`, secrets: [{ label, value }] };
  return redactKeyValues(value);
}

/**
 * Command-line arguments with secrets replaced: URLs and connection strings, `--token=x`,
 * `--password x`, `API_KEY=x`, and token-shaped values.
 */
export function redactArgs(args: string[], where: string, fp: Fingerprinter): { args: string[]; credentials: CredentialRef[] } {
  const credentials: CredentialRef[] = [];
  const keep = (secrets: Redaction['secrets'], at: string) => {
    for (const s of secrets) credentials.push({ fingerprint: fp(s.value), label: `${s.label} (${at})`, where: `${where}${at}` });
  };
  const out = args.map((arg, i) => {
    const at = `[${i}]`;
    const prev = i > 0 ? args[i - 1]! : '';
    if (/^--?[\w-]+$/.test(prev) && SECRET_NAME.test(prev) && !arg.startsWith('-')) {
      keep([{ label: `value of ${prev.slice(0, 40)}`, value: arg }], at);
      return '***';
    }
    // mcp-remote and friends take headers as arguments: "Authorization: Bearer <token>".
    const header = /^([\w-]{1,60})\s*:\s*(.+)$/s.exec(arg);
    if (header && (SECRET_NAME.test(header[1]!) || /^(authorization|x-[\w-]*key)$/i.test(header[1]!)) && referenceOf(header[2]!) === null) {
      keep([{ label: `header ${header[1]!.slice(0, 40)}`, value: header[2]! }], at);
      return `${header[1]}: ***`;
    }
    if (/\bbearer\s+\S{8,}/i.test(arg) && referenceOf(arg) === null) {
      keep([{ label: 'bearer token', value: arg }], at);
      return arg.replace(/\b(bearer)\s+\S+/gi, '$1 ***');
    }
    const flag = /^(--?[\w.-]+|[A-Za-z_][\w.-]*)=(.*)$/s.exec(arg);
    if (flag && SECRET_NAME.test(flag[1]!)) {
      keep([{ label: `value of ${flag[1]!.slice(0, 40)}`, value: flag[2]! }], at);
      // A known token prefix is kept (sk_live_***): it names the environment, and it is not key material.
      return `${flag[1]}=${tokenPrefix(flag[2]!) ?? ''}***`;
    }
    if (flag) {
      const r = redactValue(flag[2]!, `value of ${flag[1]!.slice(0, 40)}`);
      keep(r.secrets, at);
      return `${flag[1]}=${r.text}`;
    }
    const r = redactValue(arg, 'token');
    keep(r.secrets, at);
    return r.text;
  });
  return { args: out, credentials };
}

/** An env var or header: its name, a reference or a fingerprint, and what may be shown of it. */
export function namedValue(
  name: string,
  value: string,
  where: string,
  kind: 'env' | 'header',
  fp: Fingerprinter,
): { value: NamedValue; credentials: CredentialRef[] } {
  const reference = referenceOf(value);
  if (reference !== null) return { value: { name, reference, fingerprint: null, redacted: null }, credentials: [] };
  if (kind === 'env' && SETTING_VARIABLES.has(name.toUpperCase()) && value.length <= 120 && !looksLikeToken(value))
    return { value: { name, reference: null, fingerprint: null, redacted: value }, credentials: [] };
  const r = redactValue(value, `${kind} ${name}`);
  const url = redactUrl(value) !== null;
  const prefix = tokenPrefix(value);
  const shown = url ? r.text : prefix !== null ? `${prefix}***` : null;
  const isCredential = SECRET_NAME.test(name) || r.secrets.length > 0 || kind === 'header';
  const fingerprint = value === '' ? null : fp(value);
  const credentials: CredentialRef[] = [];
  if (isCredential && fingerprint !== null) credentials.push({ fingerprint, label: `${kind} ${name}`, where });
  for (const s of url ? r.secrets : []) credentials.push({ fingerprint: fp(s.value), label: `${s.label} (${kind} ${name})`, where });
  return { value: { name, reference: null, fingerprint, redacted: shown }, credentials };
}
