/** Activity channels (issue 13): import logs (by path or by content), progress and cancel, timeline, summaries, findings. */
import { z } from 'zod';
import { Id, IsoDateTime, Name, WorkspaceScoped } from '../common/schemas';
import { defineChannels } from '../contract/channel';
import { ACTION_CLASSES, ENVIRONMENT_TIERS } from '../inventory/vocabulary';
import { ACTIVITY_RULES } from './findings';
import { ACTIVITY_FORMATS } from './model';

/**
 * The event ids a finding or a summary row carries in a list response: enough to show the first few; the rest are
 * paged (`activity:finding-events`, or the timeline filtered to the row) so a finding of a million events never
 * sends a million ids.
 */
export const EVENT_IDS_SHOWN = 100;
const ShownIds = z.array(z.string()).max(EVENT_IDS_SHOWN);

/** The bridge carries 64 MB of JSON; base64 adds a third. Larger logs are imported by path (CLI, desktop). */
export const ACTIVITY_UPLOAD_MAX_CHARS = 60_000_000;

const Format = z.enum(ACTIVITY_FORMATS, { error: 'Unknown activity log format' });
/** Transcripts carry no actor: the user may say which agent a file belongs to. */
const AgentName = z.string().trim().min(1).max(120).optional();

export const ActivityImportPath = WorkspaceScoped.extend({
  path: z.string().trim().min(1, 'Give the file or folder to import').max(4096),
  format: Format.optional(),
  agentName: AgentName,
});
export const ActivityImportFiles = WorkspaceScoped.extend({
  files: z
    .array(
      z.object({
        fileName: z.string().trim().min(1).max(260),
        contentBase64: z
          .string()
          .max(ACTIVITY_UPLOAD_MAX_CHARS, 'The file is too large for the browser (at most 40 MB); import it by path'),
      }),
    )
    .min(1, 'Choose at least one file')
    .max(200, 'At most 200 files at once'),
  format: Format.optional(),
  agentName: AgentName,
}).refine((r) => r.files.reduce((n, f) => n + f.contentBase64.length, 0) <= ACTIVITY_UPLOAD_MAX_CHARS, {
  message: 'The files are too large together for the browser (at most 40 MB); import them by path',
  path: ['files'],
});

export const ActivitySource = z.object({
  id: z.string(),
  path: z.string(),
  realPath: z.string(),
  format: z.string(),
  sha256: z.string(),
  bytes: z.number().int(),
  eventCount: z.number().int(),
  issueCount: z.number().int(),
  periodFrom: z.string().nullable(),
  periodUntil: z.string().nullable(),
  importedAt: z.string(),
  importedBy: z.string(),
});
export type ActivitySource = z.infer<typeof ActivitySource>;

const Issue = z.object({ file: z.string(), line: z.number().int(), record: z.number().int().optional(), message: z.string() });
export const ActivityImportResult = z.object({
  sources: z.array(ActivitySource),
  /** Files not imported and why: not an activity log, a bound broken, or already imported (same SHA-256). */
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
  events: z.number().int(),
  issues: z.array(Issue),
  issueCount: z.number().int(),
});
export type ActivityImportResult = z.infer<typeof ActivityImportResult>;

export const ActivityProgress = z.object({
  running: z.boolean(),
  file: z.string().nullable(),
  bytesRead: z.number(),
  totalBytes: z.number(),
  filesDone: z.number().int(),
  filesTotal: z.number().int(),
  events: z.number().int(),
});
export type ActivityProgress = z.infer<typeof ActivityProgress>;

export const TimelineEvent = z.object({
  id: z.string(),
  sourceId: z.string(),
  sourceFile: z.string(),
  line: z.number().int(),
  record: z.number().int().nullable(),
  time: z.string().nullable(),
  actor: z.string().nullable(),
  agentId: z.string().nullable(),
  agentName: z.string().nullable(),
  attributionWhy: z.string(),
  environmentName: z.string().nullable(),
  environmentTier: z.string().nullable(),
  actionClass: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  outcome: z.string(),
  approval: z.object({ decision: z.string(), by: z.string(), source: z.string() }).nullable(),
  grantAllowed: z.boolean().nullable(),
  grantWhy: z.string(),
  destructiveInProduction: z.boolean(),
});
export type TimelineEvent = z.infer<typeof TimelineEvent>;

/** "unknown" selects the events of actors that are not inventory agents. */
const AgentFilter = z.union([Id, z.literal('unknown')]);
export const Period = z.object({ from: IsoDateTime.optional(), until: IsoDateTime.optional() });
export const TimelineQuery = WorkspaceScoped.extend({
  agentId: AgentFilter.optional(),
  environmentTier: z.enum(ENVIRONMENT_TIERS).optional(),
  actionClass: z.enum(ACTION_CLASSES).optional(),
  outcome: z.enum(['success', 'denied', 'error', 'unknown']).optional(),
  /** Only destructive actions in production (the summary's column, paged). */
  destructiveInProduction: z.boolean().optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
}).merge(Period);
export type TimelineQuery = z.output<typeof TimelineQuery>;

export const AgentSummary = z.object({
  agentId: z.string().nullable(),
  agentName: z.string(),
  events: z.number().int(),
  destructiveInProduction: z.object({
    total: z.number().int(),
    approved: z.number().int(),
    denied: z.number().int(),
    /** The first EVENT_IDS_SHOWN of the `total`; the timeline with `destructiveInProduction` pages them all. */
    eventIds: ShownIds,
  }),
  denied: z.number().int(),
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
  outsideGrants: z.array(
    z.object({ action: z.string(), actionClass: z.string(), count: z.number().int(), why: z.string(), eventIds: ShownIds }),
  ),
});
export const Finding = z.object({
  /** Names the finding for `activity:finding-events` (rule, agent, position among that agent's findings of the rule). */
  key: z.string(),
  rule: z.enum(ACTIVITY_RULES),
  controls: z.array(z.string()),
  agentId: z.string().nullable(),
  title: z.string(),
  why: z.string(),
  /** How many events are behind it; `eventIds` holds the first EVENT_IDS_SHOWN. */
  eventCount: z.number().int(),
  eventIds: ShownIds,
});
export const FindingEventsQuery = WorkspaceScoped.merge(Period).extend({
  key: z.string().min(1).max(300),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export type ActivityFindingOut = z.infer<typeof Finding>;

/** The dashboard's panel: the behaviour findings of the imported logs, most serious first (the first few), and counts per rule. */
export const ActivityDashboard = z.object({
  imported: z.boolean(),
  total: z.number().int(),
  byRule: z.record(z.string(), z.number().int()),
  findings: z.array(
    z.object({
      rule: z.enum(ACTIVITY_RULES),
      controls: z.array(z.string()),
      agentId: z.string().nullable(),
      message: z.string(),
      eventIds: z.array(z.string()),
    }),
  ),
});

/** A person's approval of an action, recorded in the app and matched to logged events by time and target. */
export const AppApprovalRecord = z.object({
  id: z.string(),
  agentId: z.string().nullable(),
  target: z.string(),
  approvedBy: z.string(),
  approvedAt: z.string(),
  validMinutes: z.number().int(),
  note: z.string(),
  withdraws: z.string().nullable(),
  recordedAt: z.string(),
  recordedBy: z.string(),
});
export const RecordApproval = WorkspaceScoped.extend({
  /** Omitted: any agent acting on the target. */
  agentId: Id.nullable().default(null),
  target: z.string().trim().min(1, 'Give the target as the log names it').max(200, 'At most 200 characters'),
  approvedBy: Name,
  approvedAt: IsoDateTime,
  /** How long after `approvedAt` the approval covers actions on the target (1 minute to 7 days). */
  validMinutes: z.number().int().min(1).max(10_080, 'At most 7 days (10080 minutes)').default(60),
  note: z.string().trim().max(500, 'At most 500 characters').default(''),
});

export const activityChannels = defineChannels({
  /** A file or a folder on this machine (CLI, desktop, tests). Streams; never loads a whole file. */
  'activity:import-path': { request: ActivityImportPath, response: ActivityImportResult },
  /** Files the browser UI read or the user dropped, sent as base64. */
  'activity:import-files': { request: ActivityImportFiles, response: ActivityImportResult },
  'activity:progress': { request: WorkspaceScoped, response: ActivityProgress },
  /** Stops the workspace's import in progress; what was written stays (each file chunk is its own transaction). */
  'activity:cancel': { request: WorkspaceScoped, response: z.object({ cancelled: z.number().int() }) },
  'activity:sources': { request: WorkspaceScoped, response: z.array(ActivitySource) },
  /** Destructive production actions first, then newest first; paged. */
  'activity:timeline': { request: TimelineQuery, response: z.object({ total: z.number().int(), events: z.array(TimelineEvent) }) },
  'activity:events': {
    request: WorkspaceScoped.extend({ ids: z.array(z.string().regex(/^\d{1,15}$/, 'Invalid event id')).max(1000) }),
    response: z.array(TimelineEvent),
  },
  'activity:summary': { request: WorkspaceScoped.merge(Period), response: z.array(AgentSummary) },
  'activity:findings': { request: WorkspaceScoped.merge(Period), response: z.array(Finding) },
  /** One page of the events behind a finding of `activity:findings` (same period), by its key. NOT_FOUND when the data changed. */
  'activity:finding-events': {
    request: FindingEventsQuery,
    response: z.object({ total: z.number().int(), events: z.array(TimelineEvent) }),
  },
  /** The findings the score and the dashboard use (the whole log, no period), the first `limit` by seriousness. */
  'activity:dashboard': {
    request: WorkspaceScoped.extend({ limit: z.number().int().min(1).max(100).default(8) }),
    response: ActivityDashboard,
  },
  /**
   * Attributes the events of unknown actors the inventory now explains (a credential, role or service account added
   * since the import), checks them against the grants as they are now, and records it in the change history.
   */
  'activity:reattribute': {
    request: WorkspaceScoped,
    response: z.object({ actors: z.number().int(), attributed: z.number().int(), events: z.number().int() }),
  },
  'activity:approval-record': { request: RecordApproval, response: AppApprovalRecord },
  /** Appends a withdrawal: the approval then matches nothing (the record of it stays). */
  'activity:approval-withdraw': {
    request: WorkspaceScoped.extend({ id: z.string().min(1).max(64), note: z.string().trim().max(500).default('') }),
    response: AppApprovalRecord,
  },
  'activity:approvals': { request: WorkspaceScoped, response: z.array(AppApprovalRecord) },
});
