import type { Database } from 'better-sqlite3';
import type { InventorySnapshot } from '../../../core/inventory/model';
import { listAgents } from './agents';
import { environmentsTable, grantsTable, systemsTable, workflowsTable } from './tables';

/** The whole inventory as plain data, for the scoring/drill engines and exports. */
export function readInventory(db: Database): InventorySnapshot {
  return db.transaction(() => ({
    workflows: workflowsTable.list(db),
    agents: listAgents(db),
    systems: systemsTable.list(db),
    environments: environmentsTable.list(db, 'created_at, name'),
    grants: grantsTable.list(db, 'agent_id, created_at'),
  }))();
}
