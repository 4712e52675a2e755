import type { Database } from 'better-sqlite3';
import { AgentInput, GrantInput, SystemInput, WorkflowInput } from '../../../core/inventory/model';
import { exampleAgents, exampleGrants, exampleSystems, exampleWorkflows } from '../../../core/inventory/example-workspace';
import { createAgent } from './agents';
import { createGrant } from './grants';
import { environmentsTable, systemsTable, workflowsTable } from './tables';

/** Fills a fresh workspace with the example organisation, in one transaction. */
export function loadExampleInventory(db: Database, now: Date): void {
  db.transaction(() => {
    const workflowIds = new Map(exampleWorkflows.map((w) => [w.name, workflowsTable.insert(db, WorkflowInput.parse(w), now)]));
    const systemIds = new Map(exampleSystems.map((s) => [s.name, systemsTable.insert(db, SystemInput.parse(s), now)]));
    const envIds = new Map(environmentsTable.list(db).map((e) => [e.name, e.id]));
    const agentIds = new Map(
      exampleAgents.map(({ workflows, ...a }) => [
        a.name,
        createAgent(db, AgentInput.parse({ ...a, workflowIds: workflows.map((w) => must(workflowIds, w)) }), now),
      ]),
    );
    for (const { agent, system, environment, ...g } of exampleGrants) {
      const grant = GrantInput.parse({
        ...g,
        agentId: must(agentIds, agent),
        systemId: must(systemIds, system),
        environmentId: must(envIds, environment),
      });
      createGrant(db, grant, now);
    }
  })();
}

function must(map: Map<string, string>, key: string): string {
  const v = map.get(key);
  if (!v) throw new Error(`Example data refers to unknown "${key}"`);
  return v;
}
