import { AppError } from '../../core/common/errors';
import type { inventoryChannels } from '../../core/inventory/contract';
import { createAgent, getAgent, listAgents, updateAgent } from '../store/inventory/agents';
import { createGrant, updateGrant } from '../store/inventory/grants';
import {
  agentNames,
  countAgentsInWorkflow,
  countGrants,
  deleteEnvironmentAndGrants,
  deleteSystemAndGrants,
  grantsOfAgent,
} from '../store/inventory/queries';
import { agentsTable, environmentsTable, grantsTable, systemsTable, workflowsTable } from '../store/inventory/tables';
import { inventorySummary, matrixPage, overviewPage } from './inventory-page';
import { mutate } from './context';
import { noteGrantRequest } from './approvals';
import type { Handlers } from './handler-types';

export const inventoryHandlers: Handlers<typeof inventoryChannels> = {
  // Paged and filtered on the server from an index kept until the data changes (inventory-index.ts).
  'inventory:overview': (ctx, { workspaceId, ...query }) => overviewPage(ctx.workspace(workspaceId).db, query),
  'inventory:summary': (ctx, { workspaceId, limit }) => inventorySummary(ctx.workspace(workspaceId).db, limit),
  'inventory:matrix': (ctx, { workspaceId, ...query }) => matrixPage(ctx.workspace(workspaceId).db, query),

  // Duplicates are dropped so a hostile list cannot make the query repeat work.
  'inventory:agentNames': (ctx, { workspaceId, ids }) => agentNames(ctx.workspace(workspaceId).db, [...new Set(ids)]),

  'inventory:deleteImpact': (ctx, { workspaceId, entity, id }) => {
    const db = ctx.workspace(workspaceId).db;
    if (entity === 'workflow') {
      workflowsTable.get(db, id);
      return { grants: 0, agents: countAgentsInWorkflow(db, id) };
    }
    const column = entity === 'agent' ? 'agent_id' : entity === 'system' ? 'system_id' : 'environment_id';
    return { grants: countGrants(db, column, id), agents: 0 };
  },

  'workflow:create': (ctx, { workspaceId, workflow }) =>
    mutate(ctx, workspaceId, 'workflow:create', ({ db, now }) => workflowsTable.get(db, workflowsTable.insert(db, workflow, now))),
  'workflow:update': (ctx, { workspaceId, id, workflow, expectedVersion }) =>
    mutate(ctx, workspaceId, 'workflow:update', ({ db, now }) => {
      workflowsTable.update(db, id, workflow, now, expectedVersion);
      return workflowsTable.get(db, id);
    }),
  'workflow:delete': (ctx, { workspaceId, id }) =>
    mutate(ctx, workspaceId, 'workflow:delete', ({ db }) => {
      workflowsTable.remove(db, id);
      return { deleted: true as const, grantsRemoved: 0 };
    }),

  'agent:get': (ctx, { workspaceId, id }) => {
    const db = ctx.workspace(workspaceId).db;
    const agent = getAgent(db, id);
    return {
      agent,
      grants: grantsOfAgent(db, id),
      systems: systemsTable.list(db),
      environments: environmentsTable.list(db, 'created_at, name'),
      workflows: workflowsTable.list(db),
    };
  },
  'agent:create': (ctx, { workspaceId, agent }) =>
    mutate(ctx, workspaceId, 'agent:create', ({ db, now }) => getAgent(db, createAgent(db, agent, now))),
  'agent:update': (ctx, { workspaceId, id, agent, expectedVersion }) =>
    mutate(ctx, workspaceId, 'agent:update', ({ db, now }) => {
      updateAgent(db, id, agent, now, expectedVersion);
      return getAgent(db, id);
    }),
  'agent:delete': (ctx, { workspaceId, id }) =>
    mutate(ctx, workspaceId, 'agent:delete', ({ db }) => {
      const grantsRemoved = countGrants(db, 'agent_id', id);
      agentsTable.remove(db, id); // grants and workflow links cascade
      return { deleted: true as const, grantsRemoved };
    }),

  'system:create': (ctx, { workspaceId, system }) =>
    mutate(ctx, workspaceId, 'system:create', ({ db, now }) => systemsTable.get(db, systemsTable.insert(db, system, now))),
  'system:update': (ctx, { workspaceId, id, system, expectedVersion }) =>
    mutate(ctx, workspaceId, 'system:update', ({ db, now }) => {
      systemsTable.update(db, id, system, now, expectedVersion);
      return systemsTable.get(db, id);
    }),
  'system:delete': (ctx, { workspaceId, id }) =>
    mutate(ctx, workspaceId, 'system:delete', ({ db }) => ({ deleted: true as const, grantsRemoved: deleteSystemAndGrants(db, id) })),

  'environment:create': (ctx, { workspaceId, environment }) =>
    mutate(ctx, workspaceId, 'environment:create', ({ db, now }) =>
      environmentsTable.get(db, environmentsTable.insert(db, environment, now)),
    ),
  'environment:update': (ctx, { workspaceId, id, environment, expectedVersion }) =>
    mutate(ctx, workspaceId, 'environment:update', ({ db, now }) => {
      environmentsTable.update(db, id, environment, now, expectedVersion);
      return environmentsTable.get(db, id);
    }),
  'environment:delete': (ctx, { workspaceId, id }) =>
    mutate(ctx, workspaceId, 'environment:delete', ({ db }) => {
      const env = environmentsTable.get(db, id);
      if (env.builtin) throw new AppError('REFUSED', `"${env.name}" is a built-in environment and cannot be deleted. You can rename it.`);
      return { deleted: true as const, grantsRemoved: deleteEnvironmentAndGrants(db, id) };
    }),

  'grant:create': (ctx, { workspaceId, grant }) =>
    mutate(ctx, workspaceId, 'grant:create', (tx) => {
      checkGrantRefs(tx.db, grant);
      const created = grantsTable.get(tx.db, createGrant(tx.db, grant, tx.now));
      noteGrantRequest(tx, null, created);
      return created;
    }),
  'grant:update': (ctx, { workspaceId, id, grant, expectedVersion }) =>
    mutate(ctx, workspaceId, 'grant:update', (tx) => {
      checkGrantRefs(tx.db, grant);
      const before = grantsTable.get(tx.db, id);
      updateGrant(tx.db, id, grant, tx.now, expectedVersion);
      const after = grantsTable.get(tx.db, id);
      noteGrantRequest(tx, before, after);
      return after;
    }),
  'grant:delete': (ctx, { workspaceId, id }) =>
    mutate(ctx, workspaceId, 'grant:delete', ({ db }) => {
      grantsTable.remove(db, id);
      return { deleted: true as const, grantsRemoved: 1 };
    }),
};

/** Field-level messages instead of a bare foreign-key failure. */
function checkGrantRefs(db: import('better-sqlite3').Database, g: { agentId: string; systemId: string; environmentId: string }): void {
  const issues = [];
  if (!agentsTable.find(db, g.agentId)) issues.push({ path: 'grant.agentId', message: 'Choose an existing agent' });
  if (!systemsTable.find(db, g.systemId)) issues.push({ path: 'grant.systemId', message: 'Choose an existing system' });
  if (!environmentsTable.find(db, g.environmentId)) issues.push({ path: 'grant.environmentId', message: 'Choose an existing environment' });
  if (issues.length) throw new AppError('VALIDATION', issues.map((i) => i.message).join('; '), { issues });
}

export { listAgents };
