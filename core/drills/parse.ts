/**
 * Reads a scenario YAML file and validates it. Every problem comes back with the line and column
 * in the file and the field path ("injects.2.at"), so the author can go straight to the spot.
 */
import { formatYamlIssue, parseYamlFile } from '../common/yaml-file';
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
  const r = parseYamlFile(text, ScenarioSchema, {
    maxChars: SCENARIO_MAX_CHARS,
    notAMapping: 'A scenario file must be a mapping with id, title, summary, basedOn, injects, phases and controls.',
  });
  if (r.ok) return { ok: true, scenario: r.value };
  return { ok: false, issues: r.issues.map(({ path, ...rest }) => ({ ...rest, field: path })) };
}

/** "line 12, injects.2.at: Must be 0 or more" */
export function formatScenarioIssue(i: ScenarioIssue): string {
  return formatYamlIssue({ ...i, path: i.field });
}
