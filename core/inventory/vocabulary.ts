/** The inventory's vocabulary: the enum constants every layer shares (fields, risk, scoring, forms). */
import { z } from 'zod';

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
