import type { Database } from 'better-sqlite3';
import type { Environment, Grant, InventorySnapshot, System } from '../../../core/inventory/model';
import { listAgents } from './agents';
import { environmentsTable, grantsTable, systemsTable, workflowsTable } from './tables';

/** Grants in agent order, each agent's in creation order (id breaks ties): incremental scoring re-reads one agent's in the same order. */
const GRANT_ORDER = 'agent_id, created_at, id';

/** One agent's grants, in the order `readInventory` lists them. */
export const readAgentGrants = (db: Database, agentId: string): Grant[] => grantsTable.listWhere(db, 'agent_id', agentId, 'created_at, id');

/** The systems and environments, as `readInventory` lists them. */
export const readSystems = (db: Database): System[] => systemsTable.list(db);
export const readEnvironments = (db: Database): Environment[] => environmentsTable.list(db, 'created_at, name');

/** The whole inventory as plain data, for the scoring/drill engines and exports. */
export function readInventory(db: Database): InventorySnapshot {
  return db.transaction(() => ({
    workflows: workflowsTable.list(db),
    agents: listAgents(db),
    systems: systemsTable.list(db),
    environments: environmentsTable.list(db, 'created_at, name'),
    grants: grantsTable.list(db, GRANT_ORDER),
  }))();
}
