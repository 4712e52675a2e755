import type { Database } from 'better-sqlite3';
import type { Agent, Environment, Grant, System, Workflow } from '../../../core/inventory/model';
import { openDatabase } from '../database';
import { agentsTable, environmentsTable, grantsTable, systemsTable, workflowsTable } from '../inventory/tables';

/**
 * The reads of a streamed export (issue 16 §2): a read-only connection of its own, in one read
 * transaction (the export is one version of the workspace, as the in-memory export was), iterated
 * row by row. Its own connection, because an open iterator makes a better-sqlite3 connection busy:
 * the app's connection stays free while the file is written, and nothing is held but the current row.
 */
export type ExportReader = { db: Database; close: () => void };

export function openExportReader(file: string): ExportReader {
  const db = openDatabase(file, { readonly: true });
  db.pragma('busy_timeout = 5000');
  db.exec('BEGIN');
  // The snapshot starts with the first read, so take it now: later commits by the app are not seen.
  db.prepare('SELECT count(*) FROM meta').get();
  return {
    db,
    close: () => {
      if (db.inTransaction) db.exec('ROLLBACK');
      db.close();
    },
  };
}

/** Names by id of the small tables a row refers to, and of agents (one string per agent, never per grant). */
export function namesById(db: Database, table: 'agents' | 'systems' | 'environments' | 'workflows'): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, name] of db.prepare(`SELECT id, name FROM ${table}`).raw().iterate() as Iterable<[string, string]>) out.set(id, name);
  return out;
}

/** Agents by name (BINARY, the export's order), each with its workflow ids. */
export function* iterateAgents(db: Database): Generator<Agent> {
  const stmt = db.prepare(
    `SELECT a.*, (SELECT json_group_array(w.workflow_id) FROM agent_workflows w WHERE w.agent_id = a.id) AS workflow_ids_json
     FROM agents a ORDER BY a.name`,
  );
  for (const row of stmt.iterate() as Iterable<Record<string, unknown>>) {
    const { workflow_ids_json, ...rest } = row;
    yield { ...agentsTable.fromRow(rest), workflowIds: JSON.parse(String(workflow_ids_json)) as string[] };
  }
}

/** Grants by agent, system and environment name, then scope, ties in the store's order (agent, created, rowid). */
export function* iterateGrants(db: Database): Generator<Grant> {
  const stmt = db.prepare(
    `SELECT g.* FROM grants g
       JOIN agents a ON a.id = g.agent_id JOIN systems s ON s.id = g.system_id JOIN environments e ON e.id = g.environment_id
     ORDER BY a.name, s.name, e.name, g.scope, g.created_at, g.rowid`,
  );
  for (const row of stmt.iterate() as Iterable<Record<string, unknown>>) yield grantsTable.fromRow(row);
}

/** A small table by name (BINARY). */
export function* iterateByName(db: Database, entity: 'systems' | 'environments' | 'workflows'): Generator<System | Environment | Workflow> {
  const table = entity === 'systems' ? systemsTable : entity === 'environments' ? environmentsTable : workflowsTable;
  for (const row of db.prepare(`SELECT * FROM ${entity} ORDER BY name`).iterate() as Iterable<Record<string, unknown>>)
    yield table.fromRow(row);
}
