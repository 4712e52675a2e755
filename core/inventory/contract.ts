import { z } from 'zod';
import { Id, WorkspaceScoped } from '../common/schemas';
import { defineChannels } from '../contract/channel';
import { Agent, AgentInput, Environment, EnvironmentInput, Grant, GrantInput, System, SystemInput, Workflow, WorkflowInput } from './model';
import { RISK_LEVELS } from './risk';
import { MatrixQuery, OverviewPage, OverviewQuery } from './paging';

const ById = WorkspaceScoped.extend({ id: Id });
/** The version the editor read (records' `version`); without it the save is unconditional (CLI scripts, imports). */
const ExpectedVersion = z.number().int().min(1).optional();
const Deleted = z.object({ deleted: z.literal(true), grantsRemoved: z.number().int() });

export const AgentSummary = Agent.extend({
  grantCount: z.number().int(),
  riskLevel: z.enum(RISK_LEVELS),
  riskReason: z.string(),
});
export type AgentSummary = z.infer<typeof AgentSummary>;

export const InventoryOverview = z.object({
  workflows: z.array(Workflow.extend({ agentCount: z.number().int() })),
  agents: z.array(AgentSummary),
  systems: z.array(System.extend({ grantCount: z.number().int() })),
  environments: z.array(Environment.extend({ grantCount: z.number().int() })),
  grantCount: z.number().int(),
  /** Which page of agents `agents` is (issue 16: at 100k agents the list is never sent whole). */
  page: OverviewPage,
});
export type InventoryOverview = z.infer<typeof InventoryOverview>;

/** Counts and the first critical agents: what the dashboard shows, without shipping the whole inventory. */
export const InventorySummary = z.object({
  agents: z.number().int(),
  workflows: z.number().int(),
  systems: z.number().int(),
  grants: z.number().int(),
  criticalCount: z.number().int(),
  critical: z.array(z.object({ id: Id, name: z.string(), riskReason: z.string() })),
});
export type InventorySummary = z.infer<typeof InventorySummary>;

export const MatrixCellSchema = z.object({
  agentId: Id,
  systemId: Id,
  actions: z.array(z.string()),
  weakestGate: z.enum(['none', 'single', 'two-person']),
  level: z.enum(RISK_LEVELS),
  reason: z.string(),
  grantIds: z.array(Id),
});

/** How many ids one `inventory:agentNames` call resolves: a page of records' agents, never the whole inventory. */
export const MAX_AGENT_NAMES = 500;

export const inventoryChannels = defineChannels({
  'inventory:overview': { request: WorkspaceScoped.extend(OverviewQuery.shape), response: InventoryOverview },
  'inventory:summary': {
    request: WorkspaceScoped.extend({ limit: z.number().int().min(0).max(200).default(15) }),
    response: InventorySummary,
  },
  'inventory:matrix': {
    request: WorkspaceScoped.extend(MatrixQuery.shape),
    response: z.object({
      environment: Environment,
      /** The page's agents (rows, by name) and the systems their cells touch (columns, by name). */
      agents: z.array(z.object({ id: Id, name: z.string() })),
      systems: z.array(z.object({ id: Id, name: z.string() })),
      cells: z.array(MatrixCellSchema),
      /** Agents matching the filters in this environment, and their critical cells: the totals, not the page's. */
      agentTotal: z.number().int(),
      criticalCount: z.number().int(),
      offset: z.number().int(),
      limit: z.number().int(),
    }),
  },
  /** Names of the agents records refer to (actions, drills, pickers' chosen agents) without reading the overview's pages. */
  'inventory:agentNames': {
    request: WorkspaceScoped.extend({ ids: z.array(Id).max(MAX_AGENT_NAMES, `At most ${MAX_AGENT_NAMES} ids`) }),
    response: z.array(z.object({ id: Id, name: z.string() })),
  },
  'inventory:deleteImpact': {
    request: WorkspaceScoped.extend({ entity: z.enum(['workflow', 'agent', 'system', 'environment']), id: Id }),
    response: z.object({ grants: z.number().int(), agents: z.number().int() }),
  },

  'workflow:create': { request: WorkspaceScoped.extend({ workflow: WorkflowInput }), response: Workflow },
  'workflow:update': { request: ById.extend({ workflow: WorkflowInput, expectedVersion: ExpectedVersion }), response: Workflow },
  'workflow:delete': { request: ById, response: Deleted },

  'agent:get': {
    request: ById,
    response: z.object({
      agent: Agent,
      grants: z.array(Grant),
      systems: z.array(System),
      environments: z.array(Environment),
      workflows: z.array(Workflow),
    }),
  },
  'agent:create': { request: WorkspaceScoped.extend({ agent: AgentInput }), response: Agent },
  'agent:update': { request: ById.extend({ agent: AgentInput, expectedVersion: ExpectedVersion }), response: Agent },
  'agent:delete': { request: ById, response: Deleted },

  'system:create': { request: WorkspaceScoped.extend({ system: SystemInput }), response: System },
  'system:update': { request: ById.extend({ system: SystemInput, expectedVersion: ExpectedVersion }), response: System },
  'system:delete': { request: ById, response: Deleted },

  'environment:create': { request: WorkspaceScoped.extend({ environment: EnvironmentInput }), response: Environment },
  'environment:update': {
    request: ById.extend({ environment: EnvironmentInput, expectedVersion: ExpectedVersion }),
    response: Environment,
  },
  'environment:delete': { request: ById, response: Deleted },

  'grant:create': { request: WorkspaceScoped.extend({ grant: GrantInput }), response: Grant },
  'grant:update': { request: ById.extend({ grant: GrantInput, expectedVersion: ExpectedVersion }), response: Grant },
  'grant:delete': { request: ById, response: Deleted },
});
