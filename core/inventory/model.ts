import { z } from 'zod';
import { Id } from '../common/schemas';
import { agentFields, environmentFields, grantFields, systemFields, workflowFields } from './fields';
import { schemaShape } from './field-registry';
import type { EnvironmentTier } from './vocabulary';

// The enum constants live in vocabulary.ts (fields.ts needs them, and this file needs fields.ts).
export * from './vocabulary';

// ---- Inputs (what a user or an import supplies): built from the field registry, so a field is declared once ----

export const WorkflowInput = z.object(schemaShape(workflowFields));
export type WorkflowInput = z.input<typeof WorkflowInput>;

export const AgentInput = z.object(schemaShape(agentFields));
export type AgentInput = z.input<typeof AgentInput>;

export const SystemInput = z.object(schemaShape(systemFields));
export type SystemInput = z.input<typeof SystemInput>;

export const EnvironmentInput = z.object(schemaShape(environmentFields));
export type EnvironmentInput = z.input<typeof EnvironmentInput>;

export const GrantInput = z.object(schemaShape(grantFields));
export type GrantInput = z.input<typeof GrantInput>;

// ---- Stored records ----

// version: raised by one on every update; a save names the version it read, so a stale save is refused (no lost updates).
// Defaulted so that records exported before versions existed still read.
const Stored = { id: Id, createdAt: z.string(), updatedAt: z.string(), version: z.number().int().min(1).default(1) };

export const Workflow = WorkflowInput.extend(Stored);
export type Workflow = z.output<typeof Workflow>;
export const Agent = AgentInput.extend(Stored);
export type Agent = z.output<typeof Agent>;
export const System = SystemInput.extend(Stored);
export type System = z.output<typeof System>;
export const Environment = EnvironmentInput.extend({ ...Stored, builtin: z.boolean() });
export type Environment = z.output<typeof Environment>;
export const Grant = GrantInput.extend(Stored);
export type Grant = z.output<typeof Grant>;

/** Everything the scoring and drill engines need about a workspace's inventory, as plain data. */
export type InventorySnapshot = {
  workflows: Workflow[];
  agents: Agent[];
  systems: System[];
  environments: Environment[];
  grants: Grant[];
};

export const DEFAULT_ENVIRONMENTS: ReadonlyArray<EnvironmentInput & { tier: EnvironmentTier }> = [
  { name: 'Read-only / sandbox', tier: 'sandbox' },
  { name: 'Staging', tier: 'staging' },
  { name: 'Production', tier: 'production' },
];
