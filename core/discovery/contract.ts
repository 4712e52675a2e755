import { z } from 'zod';
import { Id, WorkspaceScoped } from '../common/schemas';
import { defineChannels } from '../contract/channel';
import { ACTION_CLASSES, APPROVAL_GATES, ENVIRONMENT_TIERS } from '../inventory/vocabulary';
import { DRIFT_KINDS } from './drift';
import { SOURCE_FORMATS } from './types';

/**
 * Discovery's doors (issue 12): run on files the UI sends (content, like an import) or on paths (the
 * CLI only: a browser page must not make the back end read the disk), review the diff, accept items,
 * list runs, read provenance and drift. Every string in a response may come from a hostile file.
 */
const Content = z.string().max(60_000_000, 'The file is too large (at most 40 MB).');
const FileIn = z.object({
  fileName: z.string().trim().min(1, 'A file needs a name').max(1000),
  contentBase64: Content,
  /** Read as this format instead of detecting it (a browser gives only the base name: "mcp.json"). */
  format: z.enum(SOURCE_FORMATS).optional(),
});
const Skipped = z.object({ path: z.string().max(4096), reason: z.string().max(500) });

export const RunSourceSchema = z.object({
  fileName: z.string(),
  path: z.string(),
  realPath: z.string(),
  format: z.string().nullable(),
  sha256: z.string(),
  bytes: z.number().int(),
  read: z.boolean(),
  reason: z.string(),
  problems: z.array(z.object({ where: z.string(), message: z.string() })),
  counts: z.object({ agents: z.number().int(), servers: z.number().int(), permissions: z.number().int() }),
});

export const ReviewItemSchema = z.object({
  key: z.string(),
  kind: z.enum(['agent', 'system', 'environment', 'grant']),
  change: z.enum(['new', 'wider', 'not-found']),
  title: z.string(),
  reasons: z.array(z.string()),
  acceptable: z.boolean(),
  grant: z
    .object({
      agentName: z.string(),
      systemName: z.string(),
      environmentTier: z.enum(ENVIRONMENT_TIERS),
      environmentName: z.string(),
      actions: z.array(z.enum(ACTION_CLASSES)),
      approvalGate: z.enum(APPROVAL_GATES),
      moreActions: z.array(z.enum(ACTION_CLASSES)),
      widerKinds: z.array(z.string()),
      declaredGrantId: z.string().nullable(),
    })
    .nullable(),
});
export type ReviewItemView = z.infer<typeof ReviewItemSchema>;

export const DriftFindingSchema = z.object({
  kind: z.enum(DRIFT_KINDS),
  severity: z.enum(['critical', 'high', 'medium']),
  subject: z.string(),
  reason: z.string(),
});

export const RunSummary = z.object({
  id: Id,
  at: z.string(),
  actor: z.string(),
  channel: z.string(),
  files: z.number().int(),
  read: z.number().int(),
  skipped: z.number().int(),
  proposed: z.number().int(),
});

export const DiscoveryRunView = z.object({
  run: RunSummary,
  sources: z.array(RunSourceSchema),
  skipped: z.array(Skipped),
  /** The run's proposal against the inventory as it is now: accepted items drop out. */
  items: z.array(ReviewItemSchema),
  pending: z.number().int(),
  unchanged: z.number().int(),
  findings: z.array(DriftFindingSchema),
});
export type DiscoveryRunView = z.infer<typeof DiscoveryRunView>;

/** What the user may change before accepting a grant: its environment tier or its gate. */
export const AcceptEdit = z.object({
  key: z.string().min(1).max(400),
  environmentTier: z.enum(ENVIRONMENT_TIERS).optional(),
  approvalGate: z.enum(APPROVAL_GATES).optional(),
});
export type AcceptEdit = z.infer<typeof AcceptEdit>;

const Counts = z.object({ agents: z.number().int(), systems: z.number().int(), environments: z.number().int(), grants: z.number().int() });

export const ProvenanceSchema = z.object({
  entity: z.enum(['agent', 'system', 'grant']),
  entityId: z.string(),
  origin: z.enum(['discovered', 'both']),
  firstSeen: z.string(),
  lastSeen: z.string(),
});

export const discoveryChannels = defineChannels({
  'discovery:run': {
    request: WorkspaceScoped.extend({
      files: z.array(FileIn).min(1, 'Choose at least one file').max(500),
      skipped: z.array(Skipped).max(2000).default([]),
    }),
    response: DiscoveryRunView,
  },
  /** CLI only: reads files and folders on this machine through the bounded reader. */
  'discovery:runPaths': {
    request: WorkspaceScoped.extend({ paths: z.array(z.string().min(1).max(4096)).max(100).default([]), home: z.boolean().default(false) }),
    response: DiscoveryRunView,
  },
  /** A run by id, or the latest (null when none was made). */
  'discovery:get': { request: WorkspaceScoped.extend({ runId: Id.nullable().default(null) }), response: DiscoveryRunView.nullable() },
  'discovery:runs': {
    request: WorkspaceScoped.extend({ limit: z.number().int().min(1).max(500).default(50) }),
    response: z.object({ runs: z.array(RunSummary) }),
  },
  /** Accepts the listed items (with their edits), or every acceptable item with `all`. Nothing else is written. */
  'discovery:accept': {
    request: WorkspaceScoped.extend({ runId: Id, all: z.boolean().default(false), items: z.array(AcceptEdit).max(5000).default([]) }),
    response: z.object({ created: Counts, updated: z.number().int(), view: DiscoveryRunView }),
  },
  'discovery:provenance': { request: WorkspaceScoped, response: z.object({ records: z.array(ProvenanceSchema) }) },
  'discovery:drift': { request: WorkspaceScoped, response: z.object({ runId: Id.nullable(), findings: z.array(DriftFindingSchema) }) },
});
