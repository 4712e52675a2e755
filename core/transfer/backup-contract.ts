import { z } from 'zod';
import { Id, WorkspaceScoped } from '../common/schemas';
import { defineChannels } from '../contract/channel';

export const BackupInfo = z.object({
  id: z.string(),
  reason: z.enum(['auto', 'manual', 'pre-migration', 'pre-restore']),
  createdAt: z.string(),
  size: z.number().int(),
  /** Evidence files the backup holds (0 for a backup made before backups held files). */
  evidenceFiles: z.number().int(),
  /** The database copy plus the evidence copies, in bytes. */
  totalBytes: z.number().int(),
});
export type BackupInfo = z.infer<typeof BackupInfo>;

const BackupId = z.string().regex(/^[0-9A-Za-z-]{1,80}\.sqlite$/, 'Invalid backup id');
/** A user-chosen file to restore from, read by the renderer (64 MB bridge limit). */
const FileBody = z
  .string()
  .max(90_000_000, 'The file is too large to restore from here; use the CLI: agent-readiness restore --workspace FILE --from BACKUP.');

export const RestoreResult = z.object({
  name: z.string(),
  preRestoreBackup: BackupInfo.nullable(),
  quarantined: z.string().nullable(),
  filesRestored: z.number().int(),
});

/** Removed evidence files still kept because a backup, a finalised assessment or the change history references them. */
export const RetainedSpace = z.object({
  files: z.number().int(),
  bytes: z.number().int(),
  /** `releasable`: kept by the change history alone, so `backup:releaseRetained` may let it go. */
  items: z.array(z.object({ name: z.string(), bytes: z.number().int(), reasons: z.array(z.string()), releasable: z.boolean() })),
  /** Files deleted by this check because nothing referenced them any more. */
  pruned: z.number().int(),
});
export type RetainedSpace = z.infer<typeof RetainedSpace>;

/** A retained file's stored name (`<evidence id>-<file name>`), never a path. */
const RetainedName = z
  .string()
  .max(300, 'At most 300 characters')
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[^/\\\u0000]+$/, 'Not the name of a retained evidence file');

/** A path on the command line (CLI-only channels; the renderer never names paths). */
const PathArg = z.string().trim().min(1, 'Required').max(4096, 'At most 4096 characters');

export const backupChannels = defineChannels({
  'backup:list': { request: WorkspaceScoped, response: z.array(BackupInfo) },
  'backup:create': { request: WorkspaceScoped, response: BackupInfo },
  'backup:restore': { request: WorkspaceScoped.extend({ backupId: BackupId }), response: RestoreResult },
  'backup:restoreFile': { request: WorkspaceScoped.extend({ contentBase64: FileBody }), response: RestoreResult },
  'backup:retained': { request: WorkspaceScoped, response: RetainedSpace },
  /** Deletes a retained file only the change history keeps, with the person's reason, recorded as its own history entry. */
  'backup:releaseRetained': {
    request: WorkspaceScoped.extend({
      name: RetainedName,
      reason: z.string().trim().min(1, 'Say why the file may go (it is recorded in the history)').max(1000, 'At most 1000 characters'),
    }),
    response: z.object({ released: z.literal(true), name: z.string(), bytes: z.number().int(), entry: z.number().int() }),
  },
  /** CLI: the backups of a workspace file given by path (it may not exist yet, e.g. on a new machine). */
  'backup:listByPath': {
    request: z.object({ workspaceFile: PathArg }),
    response: z.object({ folder: z.string(), backups: z.array(BackupInfo) }),
  },
  /** CLI: restores a workspace file (new or existing) from a backup given by path or by id, database and evidence files, every hash checked first. */
  'backup:restoreByPath': {
    request: z.object({ workspaceFile: PathArg, from: PathArg }),
    response: RestoreResult.extend({ file: z.string() }),
  },
  /** For a workspace that fails to open: why, and the newest backup that passes validation. */
  'backup:restoreOffer': {
    request: z.object({ workspaceId: Id }),
    response: z.object({ error: z.string().nullable(), offer: BackupInfo.nullable(), scanned: z.number().int(), valid: z.number().int() }),
  },
});
