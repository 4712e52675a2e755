import { z } from 'zod';
import { Id, IsoDate, Name, OptionalName, Text } from '../common/schemas';

/** The action classes a grant can carry. Order is from least to most dangerous. */
export const ACTION_CLASSES = [
  'read',
  'write',
  'execute',
  'external-send',
  'deploy',
  'delete',
  'payment',
  'permission-change',
  'admin',
] as const;
export const ActionClass = z.enum(ACTION_CLASSES, { error: 'Unknown action class' });
export type ActionClass = z.infer<typeof ActionClass>;

/** Actions that can destroy data, money or control. Gating these is the core lesson of the seed incident. */
export const DESTRUCTIVE_ACTIONS: readonly ActionClass[] = ['delete', 'deploy', 'payment', 'permission-change', 'admin', 'external-send'];
export const isDestructive = (a: ActionClass): boolean => DESTRUCTIVE_ACTIONS.includes(a);
/** Actions that change state (anything beyond read). */
export const isStateChanging = (a: ActionClass): boolean => a !== 'read';

export const APPROVAL_GATES = ['none', 'single', 'two-person'] as const;
export const ApprovalGate = z.enum(APPROVAL_GATES, { error: 'Choose none, single or two-person' });
export type ApprovalGate = z.infer<typeof ApprovalGate>;

export const LIFECYCLES = ['proposed', 'pilot', 'production', 'retired'] as const;
export const Lifecycle = z.enum(LIFECYCLES, { error: 'Choose proposed, pilot, production or retired' });
export type Lifecycle = z.infer<typeof Lifecycle>;

export const SYSTEM_KINDS = [
  'database',
  'repository',
  'cloud-account',
  'saas',
  'file-share',
  'queue',
  'payment-provider',
  'other',
] as const;
export const SystemKind = z.enum(SYSTEM_KINDS, { error: 'Unknown system kind' });
export type SystemKind = z.infer<typeof SystemKind>;

export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export const Criticality = z.enum(CRITICALITIES, { error: 'Choose low, medium, high or critical' });
export type Criticality = z.infer<typeof Criticality>;

export const SENSITIVITIES = ['public', 'internal', 'confidential', 'restricted'] as const;
export const Sensitivity = z.enum(SENSITIVITIES, { error: 'Choose public, internal, confidential or restricted' });
export type Sensitivity = z.infer<typeof Sensitivity>;

/** Environment tiers drive risk; names are free (users add "eu-prod", "dr" ...). */
export const ENVIRONMENT_TIERS = ['read-only', 'sandbox', 'staging', 'production'] as const;
export const EnvironmentTier = z.enum(ENVIRONMENT_TIERS, { error: 'Choose read-only, sandbox, staging or production' });
export type EnvironmentTier = z.infer<typeof EnvironmentTier>;

// ---- Inputs (what a user or an import supplies) ----

export const WorkflowInput = z.object({
  name: Name,
  purpose: Text,
  owner: OptionalName,
});
export type WorkflowInput = z.input<typeof WorkflowInput>;

export const AgentInput = z.object({
  name: Name,
  purpose: Text,
  accountableOwner: OptionalName,
  technicalOperator: OptionalName,
  vendorModel: OptionalName,
  lifecycle: Lifecycle.default('proposed'),
  escalationContact: OptionalName,
  workflowIds: z.array(Id).max(200).default([]),
});
export type AgentInput = z.input<typeof AgentInput>;

export const SystemInput = z.object({
  name: Name,
  kind: SystemKind,
  criticality: Criticality.default('medium'),
  dataSensitivity: Sensitivity.default('internal'),
});
export type SystemInput = z.input<typeof SystemInput>;

export const EnvironmentInput = z.object({
  name: Name,
  tier: EnvironmentTier,
});
export type EnvironmentInput = z.input<typeof EnvironmentInput>;

/** A reference chosen on a form: an empty choice says what to choose, not "Invalid id". */
const Ref = (what: string) => z.string().min(1, `Choose ${what}`).pipe(Id);

export const GrantInput = z.object({
  agentId: Ref('an agent'),
  systemId: Ref('a system'),
  environmentId: Ref('an environment'),
  actions: z
    .array(ActionClass)
    .min(1, 'Choose at least one action')
    .max(ACTION_CLASSES.length)
    .refine((a) => new Set(a).size === a.length, 'Each action only once'),
  /** Resource scope inside the system, e.g. "invoices/*". "*" or empty means everything. */
  scope: z.string().trim().max(200, 'At most 200 characters').default('*'),
  credentialIdentity: OptionalName,
  approvalGate: ApprovalGate.default('none'),
  expiresAt: IsoDate.nullable().default(null),
  justification: Text,
});
export type GrantInput = z.input<typeof GrantInput>;

// ---- Stored records ----

const Stored = { id: Id, createdAt: z.string(), updatedAt: z.string() };

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
