import type { Database, Statement } from 'better-sqlite3';
import type { z } from 'zod';
import { AppError } from '../../../core/common/errors';
import type { GrantInput } from '../../../core/inventory/model';
import { grantsTable } from './tables';

type ParsedGrant = z.output<typeof GrantInput>;

const sameActions = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

const candidates = new WeakMap<Database, Statement<[string, string, string, string]>>();
/**
 * Grants on the same agent, system, environment and scope: one probe of grants_by_target
 * (migration 004). Named, because the planner otherwise picks (environment, agent), which can hold
 * thousands of rows: measured 44 µs a row, 4 s on a 100k-grant import.
 */
function sameTarget(db: Database): Statement<[string, string, string, string]> {
  let s = candidates.get(db);
  if (!s) {
    s = db.prepare(
      'SELECT id, actions FROM grants INDEXED BY grants_by_target WHERE environment_id = ? AND agent_id = ? AND system_id = ? AND scope = ?',
    );
    candidates.set(db, s);
  }
  return s;
}

/**
 * Refuses a grant identical to one that exists (same agent, system, environment, scope and actions,
 * in any order): a copy doubles the findings without adding any access. Scope is part of the
 * identity because least privilege splits one system into scopes ("invoices/*", "reports/*") with
 * the same actions; the import planner matches grants on the same key. The CONFLICT carries the
 * existing grant's id so the form can open it.
 */
function refuseDuplicate(db: Database, g: ParsedGrant, selfId: string | null): void {
  const rows = sameTarget(db).all(g.environmentId, g.agentId, g.systemId, g.scope) as { id: string; actions: string }[];
  for (const row of rows) {
    if (row.id === selfId) continue;
    if (sameActions(JSON.parse(row.actions) as string[], g.actions)) {
      throw new AppError('CONFLICT', 'This agent already has exactly this grant (same system, environment, scope and actions).', {
        details: { existingGrantId: row.id },
      });
    }
  }
}

/** The one way a grant is created: the form, the CLI and an import all come through here. */
export function createGrant(db: Database, input: ParsedGrant, now: Date, id?: string): string {
  refuseDuplicate(db, input, null);
  return grantsTable.insert(db, input, now, id);
}

export function updateGrant(db: Database, id: string, input: ParsedGrant, now: Date, expectedVersion?: number): void {
  // A stale save is refused before anything else is judged: the user must first see what changed.
  if (expectedVersion !== undefined) grantsTable.checkVersion(db, id, expectedVersion);
  refuseDuplicate(db, input, id);
  grantsTable.update(db, id, input, now);
}
