/**
 * Reads a scenario YAML file and validates it. Every problem comes back with the line and column
 * in the file and the field path ("injects.2.at"), so the author can go straight to the spot.
 */
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { ScenarioSchema, type Scenario } from './scenario';

export type ScenarioIssue = {
  /** 1-based line in the file; null when the problem is about the file as a whole. */
  line: number | null;
  column: number | null;
  /** Field path like "injects.2.at" (empty for syntax errors). */
  field: string;
  message: string;
};

export type ScenarioParseResult = { ok: true; scenario: Scenario } | { ok: false; issues: ScenarioIssue[] };

/** Largest scenario file accepted, in characters. */
export const SCENARIO_MAX_CHARS = 256 * 1024;

/**
 * Parse and validate a scenario file.
 * @returns the scenario, or every problem found with line, column and field path.
 */
export function parseScenarioYaml(text: string): ScenarioParseResult {
  if (text.length > SCENARIO_MAX_CHARS) {
    return fail([{ line: null, column: null, field: '', message: `The file is too large (over ${SCENARIO_MAX_CHARS / 1024} KB).` }]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    return fail(
      doc.errors.map((e) => ({
        line: e.linePos?.[0]?.line ?? null,
        column: e.linePos?.[0]?.col ?? null,
        field: '',
        message: `YAML syntax: ${e.message.split('\n')[0] ?? e.message}`,
      })),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    return fail([{ line: null, column: null, field: '', message: `YAML: ${err instanceof Error ? err.message : String(err)}` }]);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return fail([{ line: 1, column: 1, field: '', message: 'A scenario file must be a mapping with id, title, summary, basedOn, injects, phases and controls.' }]);
  }
  const parsed = ScenarioSchema.safeParse(data);
  if (parsed.success) return { ok: true, scenario: parsed.data };
  const issues = parsed.error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const pos = locate(doc, lineCounter, path);
    return { line: pos.line, column: pos.col, field: path.join('.'), message: issue.message };
  });
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return fail(issues);
}

/** "line 12, injects.2.at: Must be 0 or more" */
export function formatScenarioIssue(i: ScenarioIssue): string {
  return `${i.line !== null ? `line ${i.line}` : 'file'}${i.field ? `, ${i.field}` : ''}: ${i.message}`;
}

const fail = (issues: ScenarioIssue[]): ScenarioParseResult => ({ ok: false, issues });

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
