/** Scoring channels: checklists, answers, evidence, accepted risks, scores, dashboard, assessments. */
import { z } from 'zod';
import { Id, IsoDate, Name, WorkspaceScoped } from '../common/schemas';
import { defineChannels } from '../contract/channel';
import { Checklist, ChecklistVersion } from '../checklist/schema';
import { AgentScoreSchema, RiskItemSchema, RollupSchema, ScoresComparisonSchema, VerdictSchema } from './schemas';
import { ANSWER_VALUES } from './types';

/** Largest evidence file accepted (bytes). */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

const ControlId = z
  .string()
  .trim()
  .regex(/^[A-Z]{2,6}-\d{1,3}$/, 'Unknown control id');
const ChecklistRef = { checklistId: z.string().min(1).max(64), checklistVersion: ChecklistVersion };

export const ChecklistSummary = z.object({
  id: z.string(),
  version: z.string(),
  title: z.string(),
  source: z.enum(['builtin', 'user']),
  loadedBy: z.string(),
  loadedAt: z.string(),
  controlCount: z.number().int(),
  computedCount: z.number().int(),
  active: z.boolean(),
});
export type ChecklistSummary = z.infer<typeof ChecklistSummary>;

export const AnswerInput = z
  .object({
    controlId: ControlId,
    value: z.enum(ANSWER_VALUES, { error: 'Choose yes, partial, no or n/a' }),
    naReason: z.string().trim().max(2000, 'At most 2000 characters').default(''),
    note: z.string().max(4000, 'At most 4000 characters').default(''),
  })
  .superRefine((a, ctx) => {
    if (a.value === 'na' && !a.naReason)
      ctx.addIssue({ code: 'custom', path: ['naReason'], message: 'Say why this control does not apply' });
  });
export type AnswerInput = z.input<typeof AnswerInput>;

export const EvidenceRecord = z.object({
  id: z.string(),
  agentId: z.string(),
  controlId: z.string(),
  kind: z.enum(['note', 'link', 'file']),
  label: z.string(),
  url: z.string().nullable(),
  fileName: z.string().nullable(),
  fileSize: z.number().nullable(),
  evidenceDate: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type EvidenceRecord = z.infer<typeof EvidenceRecord>;

export const EvidenceInput = z
  .object({
    kind: z.enum(['note', 'link', 'file'], { error: 'Choose note, link or file' }),
    label: z.string().trim().max(2000, 'At most 2000 characters').default(''),
    url: z.string().trim().max(2000).default(''),
    fileName: z.string().trim().max(200, 'At most 200 characters').default(''),
    /** File content, base64. */
    fileBase64: z
      .string()
      .max(Math.ceil((EVIDENCE_MAX_BYTES * 4) / 3) + 8, `Files up to ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB`)
      .default(''),
    evidenceDate: IsoDate,
    recordedBy: Name,
  })
  .superRefine((e, ctx) => {
    if (e.kind === 'note' && !e.label) ctx.addIssue({ code: 'custom', path: ['label'], message: 'Write the note' });
    if (e.kind === 'link' && !/^https?:\/\/[^\s]+$/i.test(e.url))
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'Enter a link starting with https:// or http://' });
    if (e.kind === 'file' && !e.fileName) ctx.addIssue({ code: 'custom', path: ['fileName'], message: 'Choose a file' });
    if (e.kind === 'file' && !e.fileBase64) ctx.addIssue({ code: 'custom', path: ['fileName'], message: 'The file is empty' });
  });
export type EvidenceInput = z.input<typeof EvidenceInput>;

export const AgentAnswerView = z.object({
  controlId: z.string(),
  value: z.enum(ANSWER_VALUES),
  naReason: z.string(),
  note: z.string(),
  answeredBy: z.string(),
  answeredAt: z.string(),
  checklistVersion: z.string(),
});

export const AcceptedRiskView = z.object({
  findingKey: z.string(),
  agentId: z.string(),
  controlId: z.string(),
  message: z.string(),
  owner: z.string(),
  reason: z.string(),
  expiresOn: z.string(),
  acceptedBy: z.string(),
  /** Who approved the acceptance: never the person who recorded it (issue 11). Empty for acceptances made before. */
  approvedBy: z.string().default(''),
  acceptedAt: z.string(),
});

export const AssessmentSummary = z.object({
  id: z.string(),
  seq: z.number().int(),
  title: z.string(),
  checklistId: z.string(),
  checklistVersion: z.string(),
  asOf: z.string(),
  meanScore: z.number().nullable(),
  agentCount: z.number().int(),
  verdicts: z.object({ ready: z.number(), conditional: z.number(), 'not-ready': z.number() }),
  openFindings: z.number().int(),
  finalisedBy: z.string(),
  finalisedAt: z.string(),
});
export type AssessmentSummary = z.infer<typeof AssessmentSummary>;

export const AgentRow = z.object({
  agentId: z.string(),
  agentName: z.string(),
  lifecycle: z.string(),
  score: z.number(),
  verdict: VerdictSchema,
  capReasons: z.array(z.string()),
  /** score:dashboard and score:agents send only the first cap reason per agent (light at 10k agents) and the total here. */
  capReasonCount: z.number().int().optional(),
  openFindings: z.number(),
  blastRadius: z.number(),
  delta: z.number().nullable(),
});

/** Columns the all-agents table sorts by (`score:agents`). */
export const AGENT_SORT_KEYS = ['name', 'verdict', 'score', 'delta', 'findings', 'blast', 'lifecycle'] as const;
export type AgentSortKey = (typeof AGENT_SORT_KEYS)[number];
/** Largest page `score:agents` returns. */
export const AGENT_PAGE_MAX = 500;

/** One page of the all-agents table: filtered by name and verdict, sorted on the server (10k agents never cross the wire at once). */
export const AgentsPageRequest = WorkspaceScoped.extend({
  q: z.string().trim().max(200, 'At most 200 characters').default(''),
  verdict: z.enum(['all', 'ready', 'conditional', 'not-ready'], { error: 'Choose all, ready, conditional or not-ready' }).default('all'),
  sort: z.enum(AGENT_SORT_KEYS, { error: `Sort by one of: ${AGENT_SORT_KEYS.join(', ')}` }).default('verdict'),
  dir: z.enum(['asc', 'desc'], { error: 'Choose asc or desc' }).default('asc'),
  offset: z
    .number({ error: 'A whole number' })
    .int('A whole number')
    .min(0, 'Cannot be negative')
    .max(1_000_000, 'At most 1000000')
    .default(0),
  limit: z
    .number({ error: 'A whole number' })
    .int('A whole number')
    .min(1, 'At least 1')
    .max(AGENT_PAGE_MAX, `At most ${AGENT_PAGE_MAX} rows per page`)
    .default(100),
});
export type AgentsPageRequest = z.input<typeof AgentsPageRequest>;

/** The dashboard's first paint: the lowest-scoring not-ready agents, each with its first cap reason. */
export const NOT_READY_SHOWN = 12;

export const TrendPoint = z.object({
  label: z.string(),
  assessmentId: z.string().nullable(),
  date: z.string(),
  meanScore: z.number().nullable(),
  areas: z.record(z.string(), z.number().nullable()),
  agentScore: z.number().nullable(),
  verdicts: z.object({ ready: z.number(), conditional: z.number(), 'not-ready': z.number() }),
});

/** An assessment (finalised or draft): roll-ups and one line per agent, light even at 10k agents. */
export const AssessmentView = z.object({
  summary: AssessmentSummary,
  checklist: z.object({ id: z.string(), version: z.string(), title: z.string() }),
  asOf: z.string(),
  workspace: RollupSchema,
  workflows: z.array(RollupSchema.extend({ workflowId: z.string(), workflowName: z.string() })),
  topRisks: z.array(RiskItemSchema),
  agents: z.array(AgentRow.omit({ delta: true })),
  agent: AgentScoreSchema.nullable(),
});

const CompareSide = z.union([Id, z.literal('current')]);

export const scoringChannels = defineChannels({
  'checklist:list': { request: WorkspaceScoped, response: z.array(ChecklistSummary) },
  'checklist:get': {
    request: WorkspaceScoped.extend({ checklistId: z.string().max(64).optional(), version: ChecklistVersion.optional() }),
    response: z.object({ summary: ChecklistSummary, checklist: Checklist }),
  },
  'checklist:load': {
    request: WorkspaceScoped.extend({
      yaml: z
        .string()
        .min(1, 'Choose a checklist file')
        .max(512 * 1024, 'The file is too large (over 512 KB)'),
      loadedBy: Name,
      activate: z.boolean().default(true),
    }),
    response: ChecklistSummary,
  },
  'checklist:activate': {
    request: WorkspaceScoped.extend({ checklistId: z.string().max(64), version: ChecklistVersion }),
    response: ChecklistSummary,
  },

  'answer:set': {
    request: WorkspaceScoped.extend({
      agentId: Id,
      ...ChecklistRef,
      /** Ignored: the attester recorded is the acting user of the request (issue 11). Kept so older callers still validate. */
      answeredBy: Name.optional(),
      answers: z.array(AnswerInput).min(1, 'Nothing to save').max(200),
    }),
    response: AgentScoreSchema,
  },
  'answer:clear': { request: WorkspaceScoped.extend({ agentId: Id, controlId: ControlId }), response: AgentScoreSchema },
  'evidence:add': {
    request: WorkspaceScoped.extend({ agentId: Id, controlId: ControlId, ...ChecklistRef, evidence: EvidenceInput }),
    response: EvidenceRecord,
  },
  'evidence:file': {
    request: WorkspaceScoped.extend({ id: Id }),
    response: z.object({ fileName: z.string(), base64: z.string(), size: z.number().int(), intact: z.boolean() }),
  },
  'evidence:remove': { request: WorkspaceScoped.extend({ id: Id }), response: z.object({ removed: z.literal(true) }) },
  'risk:accept': {
    request: WorkspaceScoped.extend({
      agentId: Id,
      findingKey: z.string().min(1).max(300),
      owner: Name,
      reason: z.string().trim().min(1, 'Explain why the risk is accepted').max(2000, 'At most 2000 characters'),
      expiresOn: IsoDate,
      acceptedBy: Name,
      approvedBy: Name,
    }),
    response: AcceptedRiskView,
  },
  'risk:revoke': {
    request: WorkspaceScoped.extend({ findingKey: z.string().min(1).max(300) }),
    response: z.object({ revoked: z.literal(true) }),
  },

  'score:agent': {
    request: WorkspaceScoped.extend({ agentId: Id }),
    response: z.object({
      checklist: Checklist,
      score: AgentScoreSchema,
      answers: z.array(AgentAnswerView),
      /** Answers to an earlier version whose control changed since: shown for reference, not scored (issue 11). */
      reattest: z.array(AgentAnswerView.extend({ reason: z.string() })),
      evidence: z.array(EvidenceRecord),
      acceptedRisks: z.array(AcceptedRiskView),
    }),
  },
  'score:dashboard': {
    request: WorkspaceScoped,
    response: z.object({
      checklist: z.object({ id: z.string(), version: z.string(), title: z.string() }),
      asOf: z.string(),
      workspace: RollupSchema,
      workflows: z.array(RollupSchema.extend({ workflowId: z.string(), workflowName: z.string() })),
      /** The first NOT_READY_SHOWN not-ready agents, lowest score first (first cap reason only); the rest are paged with score:agents. */
      notReady: z.array(AgentRow),
      topRisks: z.array(RiskItemSchema),
      /** First cap reason of each agent in topRisks (the "Why" column when a risk has no finding of its own). */
      topRiskCaps: z.record(z.string(), z.string()),
      lastAssessment: AssessmentSummary.nullable(),
      sinceLast: ScoresComparisonSchema.nullable(),
    }),
  },
  /** One page of the all-agents table; `total` counts the matches, `all` every agent. Rows carry their first cap reason only. */
  'score:agents': {
    request: AgentsPageRequest,
    response: z.object({ total: z.number().int(), all: z.number().int(), rows: z.array(AgentRow) }),
  },
  /** "Why is the average N?": each agent's share of the workspace average (shares add up to it), the `limit` lowest scores. */
  'score:average': {
    request: WorkspaceScoped.extend({ limit: z.number().int().min(1).max(AGENT_PAGE_MAX, `At most ${AGENT_PAGE_MAX} rows`).default(50) }),
    response: z.object({
      mean: z.number().nullable(),
      agentCount: z.number().int(),
      lowest: z.array(
        z.object({
          agentId: z.string(),
          agentName: z.string(),
          score: z.number(),
          share: z.number(),
          pulledDown: z.number(),
          reason: z.string(),
        }),
      ),
    }),
  },

  /** The draft (live, not finalised) assessment in the same light shape as assessment:get; `agentId` adds that agent's full result. */
  'assessment:current': { request: WorkspaceScoped.extend({ agentId: Id.optional() }), response: AssessmentView.omit({ summary: true }) },
  'assessment:finalise': {
    request: WorkspaceScoped.extend({ title: Name, finalisedBy: Name, ...ChecklistRef }),
    response: AssessmentSummary,
  },
  'assessment:list': { request: WorkspaceScoped, response: z.array(AssessmentSummary) },
  /** A finalised assessment: roll-ups and one line per agent (light even at 10k agents); `agentId` adds that agent's full result. */
  'assessment:get': { request: WorkspaceScoped.extend({ id: Id, agentId: Id.optional() }), response: AssessmentView },
  'assessment:compare': { request: WorkspaceScoped.extend({ from: CompareSide, to: CompareSide }), response: ScoresComparisonSchema },
  'assessment:trends': { request: WorkspaceScoped.extend({ agentId: Id.optional() }), response: z.array(TrendPoint) },
});
