import type { Database, Statement } from 'better-sqlite3';
import type { Environment, Grant, InventorySnapshot, System } from '../../../core/inventory/model';
import { listAgents } from './agents';
import { environmentsTable, grantsTable, systemsTable, workflowsTable } from './tables';
import { grantOrder } from './grant-order';

/*
 * GRANT_ORDER: grants in agent order, each agent's in creation order, ties in insertion order, as
 * `ORDER BY agent_id, created_at, rowid` gives them (rowid, as the agent_id index gives them; a tie
 * on the random id made activity attribution, which takes a credential's first grant, differ run to
 * run). Incremental scoring re-reads one agent's grants in the same order.
 */

/** One agent's grants, in the order `readInventory` lists them. */
export const readAgentGrants = (db: Database, agentId: string): Grant[] =>
  grantsTable.listWhere(db, 'agent_id', agentId, 'created_at, rowid');

/** The systems and environments, as `readInventory` lists them. */
export const readSystems = (db: Database): System[] => systemsTable.list(db);
export const readEnvironments = (db: Database): Environment[] => environmentsTable.list(db, 'created_at, name');

type GrantRow = [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  Grant['approvalGate'],
  string | null,
  string,
  string,
  string,
  number,
];
const allGrants = new WeakMap<Database, Statement<[], GrantRow>>();

/**
 * Every grant, as `grantsTable.list` maps them (same keys, in GRANT_ORDER), read as raw arrays into one
 * object shape (not the generic mapper): at 100k grants the generic row mapper cost as much as the read. The rows come from a
 * plain table scan and are put in GRANT_ORDER in memory (grant-order.ts says why). No per-row zod:
 * every row was validated on its way in by the store's one write path, and the table's CHECK
 * constraints hold the gate and the version. Grants with the same actions share one decoded array
 * (a handful of distinct sets): treat `actions` as read-only.
 */
function readAllGrants(db: Database): Grant[] {
  let stmt = allGrants.get(db);
  if (!stmt) {
    stmt = db
      .prepare<[], GrantRow>(
        `SELECT id, agent_id, system_id, environment_id, actions, scope, credential_identity, approval_gate, expires_at, justification, created_at, updated_at, version FROM grants ORDER BY rowid`,
      )
      .raw(true);
    allGrants.set(db, stmt);
  }
  const actions = new Map<string, Grant['actions']>();
  // Rows are stepped one at a time into their grant (no array of 100k row arrays kept alive for the
  // garbage collector to copy), then the grants are put in GRANT_ORDER.
  const read: Grant[] = [];
  for (const r of stmt.iterate()) {
    let a = actions.get(r[4]);
    if (!a) actions.set(r[4], (a = JSON.parse(r[4]) as Grant['actions']));
    read.push({
      id: r[0],
      agentId: r[1],
      systemId: r[2],
      environmentId: r[3],
      actions: a,
      scope: r[5],
      credentialIdentity: r[6],
      approvalGate: r[7],
      expiresAt: r[8],
      justification: r[9],
      createdAt: r[10],
      updatedAt: r[11],
      version: r[12],
    });
  }
  const order = grantOrder(
    read,
    (g) => g.agentId,
    (g) => g.createdAt,
  );
  const out = new Array<Grant>(read.length);
  for (let k = 0; k < order.length; k++) out[k] = read[order[k]!]!;
  return out;
}

/** The whole inventory as plain data, for the scoring/drill engines and exports. */
export function readInventory(db: Database): InventorySnapshot {
  return db.transaction(() => ({
    workflows: workflowsTable.list(db),
    agents: listAgents(db),
    systems: systemsTable.list(db),
    environments: environmentsTable.list(db, 'created_at, name'),
    grants: readAllGrants(db),
  }))();
}
