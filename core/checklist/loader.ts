/**
 * Reads a checklist YAML file and validates it. Every problem comes back with the line (and column)
 * in the file and the field path, so the person editing it can go straight to the spot.
 */
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { Checklist } from './schema';

export type ChecklistIssue = {
  /** 1-based line in the file; null when the problem is about the file as a whole. */
  line: number | null;
  column: number | null;
  /** Field path like "controls.3.weight" (empty for syntax errors). */
  path: string;
  message: string;
};

export type ChecklistParseResult = { ok: true; checklist: Checklist } | { ok: false; issues: ChecklistIssue[] };

/** Largest checklist file accepted, in characters. */
export const CHECKLIST_MAX_CHARS = 512 * 1024;

/**
 * Parse and validate a checklist file.
 * @returns the checklist, or every problem found with line, column and field path.
 */
export function parseChecklistYaml(text: string): ChecklistParseResult {
  if (text.length > CHECKLIST_MAX_CHARS) {
    return { ok: false, issues: [{ line: null, column: null, path: '', message: `The file is too large (over ${CHECKLIST_MAX_CHARS / 1024} KB).` }] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({
        line: e.linePos?.[0]?.line ?? null,
        column: e.linePos?.[0]?.col ?? null,
        path: '',
        message: `YAML syntax: ${firstLine(e.message)}`,
      })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    return { ok: false, issues: [{ line: null, column: null, path: '', message: `YAML: ${err instanceof Error ? err.message : String(err)}` }] };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, issues: [{ line: 1, column: 1, path: '', message: 'The file must be a mapping with id, version, title, areas and controls.' }] };
  }
  const parsed = Checklist.safeParse(data);
  if (parsed.success) return { ok: true, checklist: parsed.data };
  const issues = parsed.error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const pos = locate(doc, lineCounter, path);
    return { line: pos.line, column: pos.col, path: path.join('.'), message: issue.message };
  });
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { ok: false, issues };
}

/** Format issues for a person: "line 12, controls.3.weight: Use 1, 2 or 3". */
export function formatChecklistIssues(issues: ChecklistIssue[]): string[] {
  return issues.map((i) => `${i.line !== null ? `line ${i.line}` : 'file'}${i.path ? `, ${i.path}` : ''}: ${i.message}`);
}

/** Nearest node that exists on the path (a missing field points at its parent). */
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

const firstLine = (s: string): string => s.split('\n')[0] ?? s;
