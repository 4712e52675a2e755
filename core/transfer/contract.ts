import { z } from 'zod';
import { Id, Name, WorkspaceScoped } from '../common/schemas';
import { defineChannels } from '../contract/channel';
import { WorkspaceInfo } from '../workspace/model';
import { DATASETS } from './datasets';
import { ENTITIES } from './import-fields';

/** A file produced for the user: saved via a dialog (desktop) or downloaded (browser mode). */
export const FileOut = z.object({ fileName: z.string(), mime: z.string(), contentBase64: z.string() });
export type FileOut = z.infer<typeof FileOut>;

/** The bridge carries 64 MB of JSON; base64 adds a third. */
const Content = z.string().max(60_000_000, 'The file is too large (at most 40 MB).');

export const ImportRequest = WorkspaceScoped.extend({
  fileName: z.string().trim().min(1).max(260),
  contentBase64: Content,
  /** CSV/XLSX: which records the rows are, which sheet, and which column feeds which field. */
  entity: z.enum(ENTITIES).optional(),
  sheet: z.string().max(100).optional(),
  mapping: z
    .array(z.object({ field: z.string().max(40), column: z.string().max(200) }))
    .max(50)
    .optional(),
});

const Counts = z.object({ create: z.number().int(), update: z.number().int(), unchanged: z.number().int() });
export const ImportIssueSchema = z.object({ where: z.string(), row: z.number().int().nullable(), field: z.string(), message: z.string() });

export const ImportPreview = z.object({
  format: z.enum(['csv', 'xlsx', 'json', 'yaml']),
  tabular: z.boolean(),
  sheets: z.array(z.string()),
  sheet: z.string().nullable(),
  columns: z.array(z.string()),
  entity: z.enum(ENTITIES).nullable(),
  mapping: z.array(z.object({ field: z.string(), column: z.string() })),
  fields: z.array(z.object({ key: z.string(), label: z.string(), required: z.boolean() })),
  records: z.number().int(),
  counts: z.record(z.enum(ENTITIES), Counts),
  items: z.array(
    z.object({
      entity: z.enum(ENTITIES),
      action: z.enum(['create', 'update', 'unchanged']),
      label: z.string(),
      changed: z.array(z.string()),
      where: z.string(),
    }),
  ),
  errors: z.array(ImportIssueSchema),
  errorCount: z.number().int(),
  /** Set when the whole file was refused (too big, wrong encoding, hostile keys...): nothing else applies. */
  refused: z.string().nullable(),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const transferChannels = defineChannels({
  'import:preview': { request: ImportRequest, response: ImportPreview },
  'import:apply': { request: ImportRequest, response: z.object({ counts: z.record(z.enum(ENTITIES), Counts), records: z.number().int() }) },
  /** CLI: a JSON inventory document read from disk as it streams (files past the 40 MB of the in-memory path). */
  'import:applyFile': {
    request: WorkspaceScoped.extend({ path: z.string().trim().min(1, 'Required').max(4096, 'At most 4096 characters') }),
    response: z.object({ counts: z.record(z.enum(ENTITIES), Counts), records: z.number().int() }),
  },
  'export:workspace': { request: WorkspaceScoped, response: FileOut },
  'export:data': {
    request: WorkspaceScoped.extend({ dataset: z.enum([...DATASETS, 'inventory', 'all']), format: z.enum(['csv', 'xlsx']) }),
    response: FileOut,
  },
  'import:workspace': { request: z.object({ name: Name, contentBase64: Content }), response: WorkspaceInfo },
});

export const ReportFormat = z.enum(['pdf', 'docx', 'md', 'json', 'html']);
export const reportChannels = defineChannels({
  /** The report as HTML for the in-app preview (rendered in a sandboxed iframe). */
  'report:preview': {
    request: WorkspaceScoped.extend({ assessmentId: Id.nullable().default(null) }),
    response: z.object({ html: z.string(), isDraft: z.boolean(), title: z.string() }),
  },
  'report:export': {
    request: WorkspaceScoped.extend({ assessmentId: Id.nullable().default(null), format: ReportFormat }),
    response: FileOut,
  },
  /** Stops the workspace's report exports in progress (a large PDF takes seconds); each then fails with REFUSED. */
  'report:cancel': { request: WorkspaceScoped, response: z.object({ cancelled: z.number().int() }) },
});

/** Desktop only: save a produced file through the main process's save dialog. */
export const saveChannels = defineChannels({
  'export:save': {
    request: z.object({ fileName: z.string().min(1).max(260), contentBase64: z.string().max(90_000_000) }),
    response: z.object({ saved: z.boolean(), path: z.string().nullable() }),
  },
});
