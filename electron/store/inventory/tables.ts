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
import { agentFields, environmentFields, grantFields, systemFields, workflowFields } from '../../../core/inventory/fields';
import { Table } from './table';

type Out<T extends z.ZodType> = z.output<T>;

export const workflowsTable = new Table<Out<typeof WorkflowInput>, Workflow>({
  table: 'workflows',
  label: 'A workflow',
  registry: workflowFields,
  uniqueName: true,
});

/** workflowIds live in agent_workflows (its registry column is null); agents.ts fills them in. */
export const agentsTable = new Table<Omit<Out<typeof AgentInput>, 'workflowIds'>, Omit<Agent, 'workflowIds'>>({
  table: 'agents',
  label: 'An agent',
  registry: agentFields,
  uniqueName: true,
});

export const systemsTable = new Table<Out<typeof SystemInput>, System>({
  table: 'systems',
  label: 'A system',
  registry: systemFields,
  uniqueName: true,
});

export const environmentsTable = new Table<Out<typeof EnvironmentInput>, Environment>({
  table: 'environments',
  label: 'An environment',
  registry: environmentFields,
  uniqueName: true,
  decode: { builtin: (v) => v === 1 },
});

export const grantsTable = new Table<Out<typeof GrantInput>, Grant>({
  table: 'grants',
  label: 'A grant',
  registry: grantFields,
  uniqueName: false,
});
