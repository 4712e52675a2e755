/**
 * The live-fire safety guard, as pure functions: the sandbox (electron/store/sandbox) calls them before
 * it touches a path or runs a statement, and refuses what they refuse. The rule is "only what the app
 * created for this drill": a path outside the drill's own folder, a `..` segment, another database
 * reached through ATTACH, a copy made with VACUUM INTO, or an extension loaded into the process are
 * all refused, whoever asks (the rogue process, the query console, or a scenario file).
 */

export type GuardResult = { ok: true } | { ok: false; reason: string };
const refuse = (reason: string): GuardResult => ({ ok: false, reason });
const OK: GuardResult = { ok: true };

/** Splits a path on either separator; a Windows drive or UNC prefix stays in the first segment. */
function segments(p: string): string[] {
  return p.split(/[\\/]+/).filter((s, i) => s !== '' || i === 0);
}

const isAbsolute = (p: string): boolean => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');

/**
 * Is `candidate` the sandbox root itself or inside it? Both must be absolute. Any `..` or `.` segment is
 * refused outright rather than resolved, so "root/../elsewhere" can never be argued to be inside.
 * (Symlinks need the file system: the store resolves real paths and calls this again on them.)
 */
export function checkSandboxPath(root: string, candidate: string): GuardResult {
  if (!isAbsolute(root)) return refuse(`The sandbox folder must be an absolute path: ${root}`);
  if (typeof candidate !== 'string' || candidate.length === 0) return refuse('No path given');
  if (candidate.includes('\0')) return refuse('The path contains a NUL character');
  if (!isAbsolute(candidate)) return refuse(`Only absolute paths inside the drill's sandbox are allowed: ${candidate}`);
  const c = segments(candidate);
  if (c.some((s) => s === '..' || s === '.')) return refuse(`The path contains "." or ".." segments: ${candidate}`);
  const r = segments(root);
  const windows = /^[A-Za-z]:$/.test(r[0] ?? '');
  const same = (a: string, b: string) => (windows ? a.toLowerCase() === b.toLowerCase() : a === b);
  if (c.length < r.length || !r.every((s, i) => same(s, c[i]!)))
    return refuse(`The path is outside this drill's sandbox folder (${root}): ${candidate}`);
  return OK;
}

/**
 * The statement with string literals, quoted identifiers and comments blanked out, so that keywords can
 * be looked for without being fooled by `'ATTACH'` in a value or a `/* ; *\/` comment.
 */
export function stripSqlLiterals(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
      out += ' ';
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
      out += ' ';
    } else if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) break;
        if (sql[j] === close) {
          if (close !== ']' && sql[j + 1] === close) j += 2;
          else break;
        } else j++;
      }
      out += ch === "'" ? "''" : '_q_';
      i = j + 1;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** Keywords and functions that reach beyond the sandbox database or the sandbox's own rules. */
const FORBIDDEN: ReadonlyArray<[RegExp, string]> = [
  [/\battach\b/i, 'ATTACH opens another database'],
  [/\bdetach\b/i, 'DETACH is not needed in a sandbox'],
  [/\bvacuum\b/i, 'VACUUM (INTO) writes a copy of the database elsewhere'],
  [/\bload_extension\b/i, 'load_extension loads code into the process'],
  [/\bpragma\b/i, 'PRAGMA changes how the connection behaves'],
  [/\b(readfile|writefile|edit|fts3_tokenizer)\s*\(/i, 'file and tokenizer functions reach outside the database'],
  [/\bsqlite_(master|schema|temp_master)\b/i, 'the schema table is not a target'],
];
const WRITES = /\b(insert|update|delete|replace\s+into|drop|create|alter|reindex|analyze|begin|commit|rollback|savepoint|release)\b/i;

/** One statement: at most one `;`, and only at the end. */
function singleStatement(stripped: string): GuardResult {
  const body = stripped.trim().replace(/;\s*$/, '');
  if (body.length === 0) return refuse('The statement is empty');
  if (body.includes(';')) return refuse('Only one statement at a time');
  return OK;
}

function forbidden(stripped: string): GuardResult {
  for (const [re, why] of FORBIDDEN) if (re.test(stripped)) return refuse(`Refused: ${why}`);
  return OK;
}

/** A statement the rogue may run: one INSERT, UPDATE, DELETE or DROP TABLE on the sandbox database. */
export function checkRogueStatement(sql: string): GuardResult {
  if (typeof sql !== 'string' || sql.length > 10_000) return refuse('The statement is missing or too long');
  const s = stripSqlLiterals(sql);
  const one = singleStatement(s);
  if (!one.ok) return one;
  const bad = forbidden(s);
  if (!bad.ok) return bad;
  if (!/^\s*(insert|update|delete|drop\s+table)\b/i.test(s)) return refuse('The rogue may only run INSERT, UPDATE, DELETE or DROP TABLE');
  return OK;
}

/** Longest query the console accepts, in characters. */
export const CONSOLE_MAX_CHARS = 4000;

/** A query the read-only console may run: one SELECT (or WITH ... SELECT), nothing that writes. */
export function checkConsoleQuery(sql: string): GuardResult {
  if (typeof sql !== 'string' || sql.trim() === '') return refuse('Type a SELECT query');
  if (sql.length > CONSOLE_MAX_CHARS) return refuse(`At most ${CONSOLE_MAX_CHARS} characters`);
  const s = stripSqlLiterals(sql);
  const one = singleStatement(s);
  if (!one.ok) return one;
  const bad = forbidden(s);
  if (!bad.ok) return bad;
  if (!/^\s*(select|with)\b/i.test(s)) return refuse('The console is read-only: start with SELECT or WITH');
  const w = WRITES.exec(s);
  if (w) return refuse(`The console is read-only: ${w[0].toUpperCase()} is not allowed`);
  return OK;
}
