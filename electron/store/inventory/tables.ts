import type { z } from 'zod';
import type {
  Agent,
  AgentInput,
  Environment,
  EnvironmentInput,
  Grant,
  GrantInput,
  System,
  SystemInput,
  Workflow,
  WorkflowInput,
} from '../../../core/inventory/model';
import { Table } from './table';

type Out<T extends z.ZodType> = z.output<T>;

export const workflowsTable = new Table<Out<typeof WorkflowInput>, Workflow>({
  table: 'workflows',
  label: 'A workflow',
  fields: ['name', 'purpose', 'owner'],
  uniqueName: true,
});

/** workflowIds live in agent_workflows; agents.ts fills them in. */
export const agentsTable = new Table<Omit<Out<typeof AgentInput>, 'workflowIds'>, Omit<Agent, 'workflowIds'>>({
  table: 'agents',
  label: 'An agent',
  fields: ['name', 'purpose', 'accountableOwner', 'technicalOperator', 'vendorModel', 'lifecycle', 'escalationContact'],
  uniqueName: true,
});

export const systemsTable = new Table<Out<typeof SystemInput>, System>({
  table: 'systems',
  label: 'A system',
  fields: ['name', 'kind', 'criticality', 'dataSensitivity'],
  uniqueName: true,
});

export const environmentsTable = new Table<Out<typeof EnvironmentInput>, Environment>({
  table: 'environments',
  label: 'An environment',
  fields: ['name', 'tier'],
  uniqueName: true,
  decode: { builtin: (v) => v === 1 },
});

export const grantsTable = new Table<Out<typeof GrantInput>, Grant>({
  table: 'grants',
  label: 'A grant',
  fields: ['agentId', 'systemId', 'environmentId', 'actions', 'scope', 'credentialIdentity', 'approvalGate', 'expiresAt', 'justification'],
  uniqueName: false,
  encode: { actions: (v) => JSON.stringify(v) },
  decode: { actions: (v) => JSON.parse(String(v)) as unknown },
});
