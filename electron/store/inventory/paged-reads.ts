import type { Database, Statement } from 'better-sqlite3';
import type { ApprovalGate, Grant } from '../../../core/inventory/model';
import { grantsTable } from './tables';

/**
 * The reads behind the paged inventory lists (issue 16 §2): one lean pass over the grants for the
 * per-agent counts and risk, and a page's grants in one environment. Nothing here maps whole rows
 * of every grant: at 1M grants that mapping cost more than the read.
 */

/** One grant as the risk roll-up needs it: agent, system, environment, actions (JSON text), gate, and its place in `readInventory`'s order. */
export type LeanGrant = [
  agentId: string,
  systemId: string,
  environmentId: string,
  actionsJson: string,
  gate: ApprovalGate,
  createdAt: string,
  rowid: number,
];

const leanStatements = new WeakMap<Database, Statement<[], LeanGrant>>();

/**
 * Calls `visit` once per grant from a raw iterator (no row objects, nothing kept), in table order:
 * sorting 1M grants by agent cost twice the read, so each comes with its (created_at, rowid) and the
 * caller picks "the first grant at an agent's riskiest level" in `readInventory`'s order itself.
 */
export function forEachLeanGrant(db: Database, visit: (g: LeanGrant) => void): number {
  let stmt = leanStatements.get(db);
  if (!stmt) {
    stmt = db
      .prepare<[], LeanGrant>(
        'SELECT agent_id, system_id, environment_id, actions, approval_gate FROM grants ORDER BY agent_id, created_at, rowid',
      )
      .raw();
    leanStatements.set(db, stmt);
  }
  let n = 0;
  for (const g of stmt.iterate()) {
    visit(g);
    n++;
  }
  return n;
}

/** The grants of the given agents in one environment: a matrix page's cells, never the environment's whole. */
export function grantsOfAgentsInEnvironment(db: Database, environmentId: string, agentIds: readonly string[]): Grant[] {
  if (agentIds.length === 0) return [];
  const rows = db
    .prepare(
      'SELECT * FROM grants WHERE environment_id = ? AND agent_id IN (SELECT value FROM json_each(?)) ORDER BY agent_id, created_at, rowid',
    )
    .all(environmentId, JSON.stringify(agentIds)) as Record<string, unknown>[];
  return rows.map((r) => grantsTable.fromRow(r));
}
