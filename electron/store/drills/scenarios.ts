/**
 * The scenario library: shipped YAML files (checklists/drills/) plus scenarios a user imported,
 * which are stored in the workspace (table drill_scenarios) as their original YAML text.
 */
import type { Database } from 'better-sqlite3';
import { BUILTIN_SCENARIO_YAML } from '../../../core/drills/builtin';
import { parseScenarioYaml, formatScenarioIssue } from '../../../core/drills/parse';
import type { Scenario } from '../../../core/drills/scenario';
import type { WriteTx } from '../mutate/index';

export type LoadedScenario = { scenario: Scenario; origin: 'shipped' | 'custom'; yaml: string };
export type BrokenScenario = { id: string; title: string; origin: 'shipped' | 'custom'; problem: string };

let shippedCache: Array<LoadedScenario | BrokenScenario> | null = null;

/**
 * Shipped scenarios (checklists/drills/*.yaml, embedded in core/drills/builtin.ts), parsed once per
 * process. A broken shipped file is listed with its problem, never hidden.
 */
export function shippedScenarios(): Array<LoadedScenario | BrokenScenario> {
  if (shippedCache) return shippedCache;
  shippedCache = Object.entries(BUILTIN_SCENARIO_YAML).map(([f, yaml]): LoadedScenario | BrokenScenario => {
    const r = parseScenarioYaml(yaml);
    if (r.ok) return { scenario: r.scenario, origin: 'shipped', yaml };
    return {
      id: f.replace(/\.ya?ml$/, ''),
      title: f,
      origin: 'shipped',
      problem: r.issues.slice(0, 3).map(formatScenarioIssue).join('; '),
    };
  });
  return shippedCache;
}

/** Custom scenarios stored in the workspace. */
export function customScenarios(db: Database): Array<LoadedScenario | BrokenScenario> {
  const rows = db.prepare('SELECT id, title, source_yaml FROM drill_scenarios ORDER BY title, id').all() as Array<{
    id: string;
    title: string;
    source_yaml: string;
  }>;
  return rows.map((r) => {
    const p = parseScenarioYaml(r.source_yaml);
    if (p.ok) return { scenario: p.scenario, origin: 'custom' as const, yaml: r.source_yaml };
    return { id: r.id, title: r.title, origin: 'custom' as const, problem: p.issues.slice(0, 3).map(formatScenarioIssue).join('; ') };
  });
}

export const isLoaded = (s: LoadedScenario | BrokenScenario): s is LoadedScenario => 'scenario' in s;

/** A scenario by id: the workspace's custom one wins over a shipped one with the same id. */
export function findScenario(db: Database, id: string): LoadedScenario | BrokenScenario | null {
  const custom = customScenarios(db).find((s) => (isLoaded(s) ? s.scenario.id : s.id) === id);
  if (custom) return custom;
  return shippedScenarios().find((s) => (isLoaded(s) ? s.scenario.id : s.id) === id) ?? null;
}

export function customScenarioExists(db: Database, id: string): boolean {
  return !!db.prepare('SELECT 1 FROM drill_scenarios WHERE id = ?').get(id);
}

/** Insert or replace a custom scenario's YAML (already validated by the caller). */
export function saveCustomScenario(tx: WriteTx, scenario: Scenario, yaml: string, now: string): void {
  const { db } = tx;
  db.prepare(
    `INSERT INTO drill_scenarios (id, title, source_yaml, imported_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET title = excluded.title, source_yaml = excluded.source_yaml, updated_at = excluded.updated_at`,
  ).run(scenario.id, scenario.title, yaml, now, now);
}

/** Deletes an imported scenario; false if there was none with that id. */
export function removeCustomScenario(tx: WriteTx, id: string): boolean {
  const { db } = tx;
  return db.prepare('DELETE FROM drill_scenarios WHERE id = ?').run(id).changes > 0;
}
