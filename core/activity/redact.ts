/**
 * Redaction of the few strings an event keeps (targets, command heads). The parsers already avoid
 * bodies and statements; this is the second net for secrets that ride inside a command line or a
 * resource name, so a planted key never reaches the store, an export or an error message.
 */
const SECRET_PATTERNS: readonly RegExp[] = [
  /\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[A-Z0-9]{12,}\b/g,
  /\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{8,}\b/g,
  /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}/g,
  /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\b([A-Za-z0-9_]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key)[A-Za-z0-9_]*)(\s*[=:]\s*|\s+)('[^']*'|"[^"]*"|[^\s'"]+)/gi,
  /(--?(?:password|token|secret|api-key|key))(=|\s+)\S+/gi,
  /(:\/\/)[^/\s:@]+:[^/\s@]+@/g,
  /\b[A-Za-z0-9+/_-]{40,}={0,2}/g,
];

const REPLACEMENTS: readonly string[] = [
  '[redacted]',
  '[redacted]',
  '[redacted]',
  '[redacted]',
  '[redacted]',
  '[redacted]',
  '[redacted]',
  '$1 [redacted]',
  '$1$2[redacted]',
  '$1$2[redacted]',
  '$1[redacted]@',
  '[redacted]',
];

export const MAX_KEPT_TEXT = 200;

/** All patterns in one case-insensitive test (a superset of what they match): most kept text has no secret, so one pass decides. */
const SUSPECT = new RegExp(SECRET_PATTERNS.map((p) => `(?:${p.source})`).join('|'), 'i');

/**
 * Texts found clean, remembered (bounded): a log repeats the same bucket or table name a million times. Only
 * texts no pattern matched are kept here, so the memo never holds anything that looks like a secret.
 */
const clean = new Map<string, string>();
const CLEAN_MAX = 10_000;

/** Removes anything that looks like a secret, collapses whitespace and cuts to MAX_KEPT_TEXT. */
export function redact(text: string): string {
  const known = clean.get(text);
  if (known !== undefined) return known;
  let out = text.replace(/\s+/g, ' ').trim();
  if (SUSPECT.test(out))
    SECRET_PATTERNS.forEach((pattern, i) => {
      out = out.replace(pattern, REPLACEMENTS[i] ?? '[redacted]');
    });
  else if (text.length <= 2 * MAX_KEPT_TEXT) {
    if (clean.size >= CLEAN_MAX) clean.clear();
    clean.set(text, out.length > MAX_KEPT_TEXT ? `${out.slice(0, MAX_KEPT_TEXT - 1)}…` : out);
  }
  return out.length > MAX_KEPT_TEXT ? `${out.slice(0, MAX_KEPT_TEXT - 1)}…` : out;
}

/** A redacted target, or null for an empty one. */
export function keptTarget(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const kept = redact(text);
  return kept === '' ? null : kept;
}
