/**
 * Reads a YAML content file (a checklist, a drill scenario) and validates it with a zod schema.
 * Every problem comes back with the line and column in the file and the field path, so the
 * person editing it can go straight to the spot.
 */
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';

export type YamlIssue = {
  /** 1-based line in the file; null when the problem is about the file as a whole. */
  line: number | null;
  column: number | null;
  /** Field path like "controls.3.weight" (empty for syntax errors). */
  path: string;
  message: string;
};

export type YamlFileResult<T> = { ok: true; value: T } | { ok: false; issues: YamlIssue[] };

export type YamlFileOptions = {
  /** Largest file accepted, in characters. */
  maxChars: number;
  /** What to say when the top level is not a mapping, e.g. "A scenario file must be a mapping with id, title...". */
  notAMapping: string;
};

/** Parse and validate; returns the parsed value, or every problem with line, column and field path. */
export function parseYamlFile<S extends z.ZodType>(text: string, schema: S, opts: YamlFileOptions): YamlFileResult<z.output<S>> {
  const whole = (line: number | null, message: string): YamlFileResult<never> => ({
    ok: false,
    issues: [{ line, column: line, path: '', message }],
  });
  if (text.length > opts.maxChars) return whole(null, `The file is too large (over ${opts.maxChars / 1024} KB).`);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({
        line: e.linePos?.[0]?.line ?? null,
        column: e.linePos?.[0]?.col ?? null,
        path: '',
        message: `YAML syntax: ${e.message.split('\n')[0] ?? e.message}`,
      })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 }); // bounded alias expansion: no "billion laughs"
  } catch (err) {
    return whole(null, `YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return whole(1, opts.notAMapping);
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const pos = locate(doc, lineCounter, path);
    return { line: pos.line, column: pos.col, path: path.join('.'), message: issue.message };
  });
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { ok: false, issues };
}

/** "line 12, controls.3.weight: Use 1, 2 or 3" */
export const formatYamlIssue = (i: YamlIssue): string =>
  `${i.line !== null ? `line ${i.line}` : 'file'}${i.path ? `, ${i.path}` : ''}: ${i.message}`;

/** Nearest node that exists on the path (a missing field points at its parent mapping). */
function locate(doc: Document, lc: LineCounter, path: (string | number)[]): { line: number | null; col: number | null } {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) {
      const pos = lc.linePos(node.range[0]);
      return { line: pos.line, col: pos.col };
    }
  }
  return { line: null, col: null };
}
