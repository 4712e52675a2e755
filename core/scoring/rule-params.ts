/**
 * Computed-rule identifiers and the parameters each accepts. The checklist schema uses this to
 * refuse unknown rule ids and bad params; the engine (rules.ts) implements each id.
 */
import { z } from 'zod';
import { DRIFT_KINDS } from '../discovery/drift';
import { ActionClass, DESTRUCTIVE_ACTIONS, EnvironmentTier } from '../inventory/model';

const Tiers = z.array(EnvironmentTier).min(1, 'List at least one environment tier').default(['production']);
const AGENT_FIELDS = ['accountableOwner', 'technicalOperator', 'escalationContact', 'purpose', 'vendorModel'] as const;

export const RULE_PARAMS = {
  /**
   * Destructive grants in the given tiers whose approval by a named person is missing, made by the
   * requester, expired, stale (the grant changed materially since) or short of a two-person gate's two.
   */
  'destructive-approval-invalid': z
    .object({
      tiers: Tiers,
      actions: z
        .array(ActionClass)
        .min(1)
        .default([...DESTRUCTIVE_ACTIONS]),
    })
    .strict(),
  /** Grants whose credential identity is also used in another environment. */
  'shared-credential-across-environments': z.object({}).strict(),
  /** State-changing access to a system in production with no sandbox/staging access to the same system. */
  'production-without-rehearsal': z.object({}).strict(),
  /** State-changing actions granted in an environment of tier "read-only". */
  'write-in-read-only-environment': z.object({}).strict(),
  /** Destructive actions in the given tiers with no approval gate. */
  'destructive-without-gate': z
    .object({
      tiers: Tiers,
      actions: z
        .array(ActionClass)
        .min(1)
        .default([...DESTRUCTIVE_ACTIONS]),
    })
    .strict(),
  /** The given actions in the given tiers without two-person approval. */
  'two-person-missing': z
    .object({ tiers: Tiers, actions: z.array(ActionClass).min(1).default(['delete', 'payment', 'permission-change', 'admin']) })
    .strict(),
  /** Grants with no credential identity, or one shared with another agent. */
  'identity-not-own': z.object({}).strict(),
  /** Admin action, or a wildcard scope on a state-changing grant (or on any grant when includeRead). */
  'admin-or-wildcard': z.object({ includeRead: z.boolean().default(false) }).strict(),
  /** Grants in the given tiers with no expiry date. */
  'grant-without-expiry': z.object({ tiers: Tiers, stateChangingOnly: z.boolean().default(true) }).strict(),
  /** Expired grants still listed, and retired agents still holding grants. */
  'stale-access': z.object({}).strict(),
  /** Agent fields that must not be empty. */
  'agent-fields-missing': z.object({ fields: z.array(z.enum(AGENT_FIELDS)).min(1, 'List at least one field') }).strict(),
  /** The agent is in no workflow, or one of its workflows has no owner. */
  'workflow-owner-missing': z.object({}).strict(),
  /** Production-writing agent with no drill that exercised rollback within the review period. */
  'rollback-not-exercised': z.object({}).strict(),
  /** Production-writing agent with no drill that measured containment (halt + revoke) within the review period. */
  'containment-not-drilled': z.object({ maxMinutes: z.number().int().min(1).max(1440).optional() }).strict(),
  /** What the latest discovery run found that the declared inventory does not hold (core/scoring/drift-rules.ts). */
  'discovery-drift': z
    .object({
      kinds: z
        .array(z.enum(DRIFT_KINDS))
        .min(1, 'List at least one kind')
        .default([...DRIFT_KINDS]),
    })
    .strict(),
} as const;

export type RuleId = keyof typeof RULE_PARAMS;
export const RULE_IDS = Object.keys(RULE_PARAMS) as RuleId[];
export const isRuleId = (id: string): id is RuleId => Object.hasOwn(RULE_PARAMS, id);
export type RuleParams<R extends RuleId> = z.output<(typeof RULE_PARAMS)[R]>;
