import { z } from 'zod';

/** Where a change came in: the desktop window (ipc), browser mode (http), the CLI, or the app itself (a migration, a built-in seed). */
export const HistoryDoor = z.enum(['ipc', 'http', 'cli', 'system']);
export type HistoryDoor = z.infer<typeof HistoryDoor>;

export const ActorSource = z.enum(['profile', 'cli-flag', 'env', 'os-user', 'system', 'team']);

export const HistoryActor = z.object({
  name: z.string(),
  email: z.string().nullable(),
  role: z.string().nullable(),
  source: ActorSource,
});

/** One row of the append-only change history (electron/store/history). */
export const HistoryEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: HistoryActor,
  door: HistoryDoor,
  /** The contract channel or command, e.g. "grant:update". */
  operation: z.string(),
  entity: z.string(),
  entityId: z.string(),
  action: z.enum(['create', 'update', 'delete']),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  reason: z.string().nullable(),
  prevHash: z.string().nullable(),
  hash: z.string(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const HistoryHead = z.object({ count: z.number().int(), head: z.string().nullable() });
export type HistoryHead = z.infer<typeof HistoryHead>;

/** Why verification stopped: the first entry (or row) that does not match the chain. */
export const HistoryFailureKind = z.enum(['edited', 'deleted', 'reordered', 'inserted', 'truncated', 'changed-without-entry']);
export type HistoryFailureKind = z.infer<typeof HistoryFailureKind>;

export const HistoryVerification = z.discriminatedUnion('intact', [
  z.object({ intact: z.literal(true), count: z.number().int(), head: z.string().nullable(), message: z.string() }),
  z.object({
    intact: z.literal(false),
    count: z.number().int(),
    head: z.string().nullable(),
    kind: HistoryFailureKind,
    /** The entry that fails (null when the failure is a row of data with no entry). */
    seq: z.number().int().nullable(),
    entity: z.string().nullable(),
    entityId: z.string().nullable(),
    message: z.string(),
  }),
]);
export type HistoryVerification = z.infer<typeof HistoryVerification>;

export const HistoryFilter = z.object({
  entity: z.string().max(100).optional(),
  entityId: z.string().max(400).optional(),
  actor: z.string().max(200).optional(),
  /** Inclusive ISO dates (YYYY-MM-DD) or timestamps. */
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
});
export type HistoryFilter = z.infer<typeof HistoryFilter>;
