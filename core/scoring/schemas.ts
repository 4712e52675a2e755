/**
 * zod mirrors of the engine's output types (types.ts), used as contract response schemas and by
 * anyone who reads a stored assessment back (reports, import). Kept structurally identical to types.ts.
 */
import { z } from 'zod';
import { CONTROL_AREAS } from '../checklist/schema';
import { ANSWER_VALUES } from './types';

const Area = z.enum(CONTROL_AREAS);
const AnswerValue = z.enum(ANSWER_VALUES);
export const VerdictSchema = z.enum(['ready', 'conditional', 'not-ready']);

export const FindingSchema = z.object({
  key: z.string(),
  source: z.enum(['rule', 'drill', 'activity']),
  ruleId: z.string(),
  controlId: z.string(),
  agentId: z.string(),
  grantId: z.string().nullable(),
  message: z.string(),
  status: z.enum(['open', 'accepted']),
  acceptance: z.object({ owner: z.string(), reason: z.string(), expiresOn: z.string(), approvedBy: z.string().optional() }).nullable(),
});

export const ControlResultSchema = z.object({
  controlId: z.string(),
  area: Area,
  title: z.string(),
  weight: z.number(),
  critical: z.boolean(),
  computed: z.boolean(),
  answered: AnswerValue.nullable(),
  effective: AnswerValue,
  source: z.enum(['answer', 'computed', 'unanswered']),
  points: z.number().nullable(),
  notes: z.array(z.string()),
  decayed: z.boolean(),
  findings: z.array(FindingSchema),
});

export const ExplanationItemSchema = z.object({
  controlId: z.string(),
  title: z.string(),
  effective: AnswerValue,
  points: z.number(),
  lost: z.number(),
  reasons: z.array(z.string()),
});

export const AreaScoreSchema = z.object({
  area: Area,
  score: z.number().nullable(),
  applicable: z.number(),
  earned: z.number(),
  possible: z.number(),
});

export const AgentScoreSchema = z.object({
  agentId: z.string(),
  agentName: z.string(),
  lifecycle: z.string(),
  workflowIds: z.array(z.string()),
  score: z.number(),
  verdict: VerdictSchema,
  bandVerdict: VerdictSchema,
  capReasons: z.array(z.string()),
  areas: z.array(AreaScoreSchema),
  controls: z.array(ControlResultSchema),
  openFindings: z.number(),
  acceptedFindings: z.number(),
  explanation: z.array(ExplanationItemSchema),
  blastRadius: z.number(),
});

export const RiskItemSchema = z.object({
  agentId: z.string(),
  agentName: z.string(),
  grantId: z.string(),
  systemName: z.string(),
  environmentName: z.string(),
  environmentTier: z.string(),
  actions: z.array(z.string()),
  blastRadius: z.number(),
  gap: z.number(),
  risk: z.number(),
  verdict: VerdictSchema,
  findings: z.array(z.string()),
});

export const RollupSchema = z.object({
  agentCount: z.number(),
  meanScore: z.number().nullable(),
  minScore: z.number().nullable(),
  verdicts: z.object({ ready: z.number(), conditional: z.number(), 'not-ready': z.number() }),
  areas: z.array(z.object({ area: Area, score: z.number().nullable() })),
  openFindings: z.number(),
});

export const WorkspaceScoresSchema = z.object({
  checklist: z.object({ id: z.string(), version: z.string(), title: z.string() }),
  asOf: z.string(),
  agents: z.array(AgentScoreSchema),
  workspace: RollupSchema,
  workflows: z.array(RollupSchema.extend({ workflowId: z.string(), workflowName: z.string() })),
  topRisks: z.array(RiskItemSchema),
});

const ControlChangeSchema = z.object({
  controlId: z.string(),
  title: z.string(),
  before: AnswerValue.nullable(),
  after: AnswerValue.nullable(),
  direction: z.enum(['improved', 'regressed', 'changed']),
  why: z.array(z.string()),
});

export const ScoresComparisonSchema = z.object({
  checklistBefore: z.string(),
  checklistAfter: z.string(),
  meanBefore: z.number().nullable(),
  meanAfter: z.number().nullable(),
  delta: z.number().nullable(),
  improved: z.number(),
  regressed: z.number(),
  agents: z.array(
    z.object({
      agentId: z.string(),
      agentName: z.string(),
      before: z.number().nullable(),
      after: z.number().nullable(),
      delta: z.number().nullable(),
      verdictBefore: VerdictSchema.nullable(),
      verdictAfter: VerdictSchema.nullable(),
      direction: z.enum(['improved', 'regressed', 'unchanged', 'added', 'removed']),
      changes: z.array(ControlChangeSchema),
    }),
  ),
});
