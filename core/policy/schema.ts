import { z } from 'zod';
import { ACTION_CLASSES, APPROVAL_GATES, ENVIRONMENT_TIERS } from '../inventory/vocabulary';
import { RULE_IDS } from '../scoring/rule-params';

/**
 * A team's policy file (issue 12, section 7): rules the CI gate and the app judge the workspace by.
 * Each rule does exactly one of: `require` something of matching grants or of every agent,
 * `forbid` a discovered condition, or point at one of the checklist's built-in rules by id.
 */
export const AGENT_FIELDS = ['accountableOwner', 'technicalOperator', 'escalationContact', 'purpose', 'vendorModel'] as const;
export const FORBIDDEN = ['shared-credential', 'auto-approving-client'] as const;

const GrantMatch = z.strictObject({
  tier: z.array(z.enum(ENVIRONMENT_TIERS)).min(1, 'List at least one tier').optional(),
  actions: z.array(z.enum(ACTION_CLASSES)).min(1, 'List at least one action').optional(),
});

const Require = z.strictObject({
  /** Matching grants need at least this gate (none < single < two-person). */
  gate: z.enum(APPROVAL_GATES).optional(),
  /** Matching grants need an expiry date. */
  expiry: z.literal(true, { error: 'expiry takes true' }).optional(),
  /** Every agent needs these fields filled in. */
  agentFields: z.array(z.enum(AGENT_FIELDS)).min(1, 'List at least one field').optional(),
});

export const PolicyRule = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'Use lower-case letters, digits and dashes (at most 80)'),
    description: z.string().max(500, 'At most 500 characters').optional(),
    grants: GrantMatch.optional(),
    require: Require.optional(),
    forbid: z.enum(FORBIDDEN).optional(),
    checklist: z.enum(RULE_IDS as [string, ...string[]], { error: `Name a built-in rule: ${RULE_IDS.join(', ')}` }).optional(),
  })
  .superRefine((r, ctx) => {
    const kinds = [r.require, r.forbid, r.checklist].filter((x) => x !== undefined).length;
    if (kinds !== 1) ctx.addIssue({ code: 'custom', message: 'A rule needs exactly one of require, forbid or checklist', path: [] });
    if (r.require && !r.require.gate && !r.require.expiry && !r.require.agentFields)
      ctx.addIssue({ code: 'custom', message: 'require needs gate, expiry or agentFields', path: ['require'] });
  });
export type PolicyRule = z.infer<typeof PolicyRule>;

export const Policy = z.strictObject({
  version: z.literal(1, { error: 'version must be 1' }),
  rules: z
    .array(PolicyRule)
    .min(1, 'A policy needs at least one rule')
    .max(500)
    .superRefine((rules, ctx) => {
      const seen = new Set<string>();
      rules.forEach((r, i) => {
        if (seen.has(r.id)) ctx.addIssue({ code: 'custom', message: `Rule id "${r.id}" is used twice`, path: [i, 'id'] });
        seen.add(r.id);
      });
    }),
});
export type Policy = z.infer<typeof Policy>;

/** One problem in a policy file, with where it is. */
export type PolicyError = { line: number; column: number; field: string; message: string };
export type Violation = { ruleId: string; rule: string; subject: string; reason: string };
