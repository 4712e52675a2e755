// The ESM build by path: the package's `main` is a UMD file whose inner requires break once esbuild bundles it
// for Node (electron/build.mjs resolves `main` first), while the ESM files bundle and run everywhere.
import { parse as parseJsoncText, printParseErrorCode, visit, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { parse as parseTomlText } from 'smol-toml';
import { parseAllDocuments } from 'yaml';
import { FORBIDDEN_KEYS } from '../transfer/limits';
import { jsonDepth } from '../transfer/safe-parse';

/**
 * Syntax for every discovery format, done by well-kept libraries. Their own error messages can quote
 * the offending line (smol-toml prints a code block, V8's JSON.parse a snippet), and that line may hold
 * a secret, so only a position and an error code ever leave this file.
 */

export const DISCOVERY_LIMITS = {
  /** Characters of one file. ~/.claude.json keeps project history, so it can be several megabytes. */
  maxChars: 32 * 1024 * 1024,
  maxDepth: 64,
  /** Problems reported per file (the rest are counted). */
  maxProblems: 200,
} as const;

export class SyntaxProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyntaxProblem';
  }
}

const lineCol = (text: string, offset: number): string => {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return `line ${before.length}, column ${(before[before.length - 1]?.length ?? 0) + 1}`;
};

function checkSize(text: string): void {
  if (text.length > DISCOVERY_LIMITS.maxChars)
    throw new SyntaxProblem(`the file has ${text.length} characters; at most ${DISCOVERY_LIMITS.maxChars} are read`);
}

/** JSON, and JSON with comments and trailing commas (VS Code). Prototype keys and runaway nesting are refused. */
export function parseJsonc(text: string): unknown {
  checkSize(text);
  if (jsonDepth(text, DISCOVERY_LIMITS.maxDepth) > DISCOVERY_LIMITS.maxDepth)
    throw new SyntaxProblem(`nested more than ${DISCOVERY_LIMITS.maxDepth} levels deep`);
  let forbidden: { key: string; offset: number } | null = null;
  visit(text, {
    onObjectProperty: (key, offset) => {
      if (forbidden === null && FORBIDDEN_KEYS.has(key)) forbidden = { key, offset };
    },
  });
  if (forbidden !== null) {
    const f: { key: string; offset: number } = forbidden;
    throw new SyntaxProblem(`${lineCol(text, f.offset)}: the key "${f.key}" is not allowed`);
  }
  const errors: ParseError[] = [];
  const value: unknown = parseJsoncText(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first) throw new SyntaxProblem(`${lineCol(text, first.offset)}: not valid JSON (${printParseErrorCode(first.error)})`);
  return value;
}

/** TOML (Codex CLI). */
export function parseToml(text: string): unknown {
  checkSize(text);
  let value: unknown;
  try {
    value = parseTomlText(text);
  } catch (err) {
    const e = err as { line?: unknown; column?: unknown; message?: unknown };
    const where = typeof e.line === 'number' && typeof e.column === 'number' ? `line ${e.line}, column ${e.column}: ` : '';
    // First line of the message only, quoted text removed: the rest is a copy of the source.
    const first = String(typeof e.message === 'string' ? e.message : '')
      .split('\n')[0]!
      .replace(/^Invalid TOML document:\s*/, '')
      .replace(/'[^']*'|"[^"]*"|`[^`]*`/g, '…')
      .slice(0, 120);
    throw new SyntaxProblem(`${where}not valid TOML (${first || 'syntax error'})`);
  }
  refuseForbiddenKeys(value, 0);
  return value;
}

/** YAML (Continue, Kubernetes). Several documents separated by `---` come back as a list. Core schema, no custom tags. */
export function parseYamlDocuments(text: string): unknown[] {
  checkSize(text);
  const docs = parseAllDocuments(text, { schema: 'core', merge: false, uniqueKeys: true, prettyErrors: false });
  const values: unknown[] = [];
  // An empty stream is not an array of documents: it has nothing to read.
  for (const doc of Array.isArray(docs) ? docs : []) {
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem) {
      // The offset, not the message: a pretty message quotes the source line.
      const offset = problem.pos[0];
      throw new SyntaxProblem(`${lineCol(text, offset)}: not valid YAML (${problem.code})`);
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch {
      throw new SyntaxProblem('the YAML uses too many aliases');
    }
    refuseForbiddenKeys(value, 0);
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}

function refuseForbiddenKeys(value: unknown, depth: number): void {
  if (depth > DISCOVERY_LIMITS.maxDepth) throw new SyntaxProblem(`nested more than ${DISCOVERY_LIMITS.maxDepth} levels deep`);
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) refuseForbiddenKeys(v, depth + 1);
    return;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null && !(value instanceof Date))
    throw new SyntaxProblem('the file sets an object prototype');
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) throw new SyntaxProblem(`the key "${key}" is not allowed`);
    refuseForbiddenKeys((value as Record<string, unknown>)[key], depth + 1);
  }
}

/** RFC 4180 CSV (PostgreSQL's `\copy ... csv header`): quoted fields, doubled quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  checkSize(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new SyntaxProblem('not valid CSV (a quoted field is never closed)');
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}
