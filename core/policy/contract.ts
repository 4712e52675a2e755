import { z } from 'zod';
import { WorkspaceScoped } from '../common/schemas';
import { defineChannels } from '../contract/channel';
import { POLICY_MAX_CHARS } from './parse';

const ViolationSchema = z.object({ ruleId: z.string(), rule: z.string(), subject: z.string(), reason: z.string() });
export const PolicyEvaluation = z.object({
  errors: z.array(z.object({ line: z.number().int(), column: z.number().int(), field: z.string(), message: z.string() })),
  /** Null when the file has errors (nothing is judged by a policy that cannot be read). */
  result: z
    .object({
      passed: z.boolean(),
      empty: z.boolean(),
      judged: z.object({ agents: z.number().int(), grants: z.number().int() }),
      rules: z.number().int(),
      violations: z.array(ViolationSchema),
    })
    .nullable(),
});
export type PolicyEvaluation = z.infer<typeof PolicyEvaluation>;

export const policyChannels = defineChannels({
  /** Judges the workspace by a policy file's text (the app's policy screen, `score --policy`, `drift --policy`). Never writes. */
  'policy:evaluate': {
    request: WorkspaceScoped.extend({ text: z.string().max(POLICY_MAX_CHARS + 1, 'The policy file is larger than 256 KB.') }),
    response: PolicyEvaluation,
  },
});
