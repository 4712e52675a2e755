import type { Database } from 'better-sqlite3';
import type { Grant } from '../../../core/inventory/model';
import { environmentsTable, grantsTable, systemsTable } from './tables';

/**
 * Inventory reads and cascades the services need beyond the generic tables (which the field
 * registry owns): kept apart so that work and this file do not collide.
 */
export type GrantColumn = 'agent_id' | 'system_id' | 'environment_id';

export function countGrants(db: Database, column: GrantColumn, id: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM grants WHERE ${column} = ?`).get(id) as { n: number }).n;
}

export function grantsInEnvironment(db: Database, environmentId: string): Grant[] {
  return (db.prepare('SELECT * FROM grants WHERE environment_id = ?').all(environmentId) as Record<string, unknown>[]).map((r) =>
    grantsTable.fromRow(r),
  );
}

export function grantsOfAgent(db: Database, agentId: string): Grant[] {
  return (db.prepare('SELECT * FROM grants WHERE agent_id = ? ORDER BY created_at').all(agentId) as Record<string, unknown>[]).map((r) =>
    grantsTable.fromRow(r),
  );
}

export function countAgentsInWorkflow(db: Database, workflowId: string): number {
  return (db.prepare('SELECT count(*) AS n FROM agent_workflows WHERE workflow_id = ?').get(workflowId) as { n: number }).n;
}

export function agentExists(db: Database, agentId: string): boolean {
  return db.prepare('SELECT 1 FROM agents WHERE id = ?').get(agentId) !== undefined;
}

/** Names of the given agents, by name; ids not in the inventory are left out (a record may outlive its agent). */
export function agentNames(db: Database, ids: readonly string[]): { id: string; name: string }[] {
  if (ids.length === 0) return [];
  // One bound parameter per id: the contract caps the list, far under SQLite's parameter limit.
  const marks = ids.map(() => '?').join(', ');
  return db.prepare(`SELECT id, name FROM agents WHERE id IN (${marks}) ORDER BY name COLLATE NOCASE, id`).all(...ids) as {
    id: string;
    name: string;
  }[];
}

/** Deletes a system and its grants (callers run it inside their write transaction); returns how many grants went. */
export function deleteSystemAndGrants(db: Database, id: string): number {
  systemsTable.get(db, id);
  const grantsRemoved = db.prepare('DELETE FROM grants WHERE system_id = ?').run(id).changes;
  systemsTable.remove(db, id);
  return grantsRemoved;
}

/** Deletes an environment and its grants (callers check it is not built in, inside the same transaction). */
export function deleteEnvironmentAndGrants(db: Database, id: string): number {
  const grantsRemoved = db.prepare('DELETE FROM grants WHERE environment_id = ?').run(id).changes;
  environmentsTable.remove(db, id);
  return grantsRemoved;
}

/** The workflows an agent belongs to (none for an unknown id): the workflow scope of a team editor. */
export function workflowIdsOfAgent(db: Database, agentId: string): string[] {
  const rows = db.prepare('SELECT workflow_id FROM agent_workflows WHERE agent_id = ? ORDER BY workflow_id').all(agentId) as {
    workflow_id: string;
  }[];
  return rows.map((r) => r.workflow_id);
}

/** The agent a grant belongs to, or null for an unknown id. */
export function agentIdOfGrant(db: Database, grantId: string): string | null {
  const row = db.prepare('SELECT agent_id FROM grants WHERE id = ?').get(grantId) as { agent_id: string } | undefined;
  return row?.agent_id ?? null;
}
