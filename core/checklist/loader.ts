/**
 * Reads a checklist YAML file and validates it. Every problem comes back with the line (and column)
 * in the file and the field path, so the person editing it can go straight to the spot.
 */
import { formatYamlIssue, parseYamlFile, type YamlIssue } from '../common/yaml-file';
import { Checklist } from './schema';

/** A problem in a checklist file: line, column, field path ("controls.3.weight") and message. */
export type ChecklistIssue = YamlIssue;

export type ChecklistParseResult = { ok: true; checklist: Checklist } | { ok: false; issues: ChecklistIssue[] };

/** Largest checklist file accepted, in characters. */
export const CHECKLIST_MAX_CHARS = 512 * 1024;

/**
 * Parse and validate a checklist file.
 * @returns the checklist, or every problem found with line, column and field path.
 */
export function parseChecklistYaml(text: string): ChecklistParseResult {
  const r = parseYamlFile(text, Checklist, {
    maxChars: CHECKLIST_MAX_CHARS,
    notAMapping: 'The file must be a mapping with id, version, title, areas and controls.',
  });
  return r.ok ? { ok: true, checklist: r.value } : r;
}

/** Format issues for a person: "line 12, controls.3.weight: Use 1, 2 or 3". */
export function formatChecklistIssues(issues: ChecklistIssue[]): string[] {
  return issues.map(formatYamlIssue);
}
