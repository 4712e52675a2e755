/**
 * The live-fire drill channels (issue 15): one disposable sandbox per running drill, keyed by drill id.
 * The back end keeps the sandbox and the rogue process; these channels watch it (row counts, statement
 * log, read-only console), stop it (the kill switch, verified) and restore it (verified against the
 * pre-incident snapshot). Only verified results are written to the drill record.
 */
import { z } from 'zod';
import { Id, WorkspaceScoped } from '../common/schemas';
import { defineChannels } from '../contract/channel';
import { SEED_TABLE_NAMES, type SeedTableName } from './live-fire';

const DrillRef = WorkspaceScoped.extend({ drillId: Id });
const Table = z.enum(SEED_TABLE_NAMES as [SeedTableName, ...SeedTableName[]]);

export const LIVE_FIRE_PHASES = ['not-started', 'running', 'contained', 'resumed', 'ended'] as const;
export type LiveFirePhase = (typeof LIVE_FIRE_PHASES)[number];

export const StatementRow = z.object({
  seq: z.number().int(),
  wallClock: z.string(),
  pid: z.number().int(),
  action: z.string(),
  statement: z.string(),
  outcome: z.enum(['ok', 'refused', 'error']),
  rowsChanged: z.number().int(),
  message: z.string(),
});
export type StatementRow = z.output<typeof StatementRow>;

export const ContainmentSchema = z.object({
  verified: z.boolean(),
  verifiedAt: z.string(),
  durationMs: z.number().min(0),
  checks: z.array(z.object({ check: z.string(), ok: z.boolean(), detail: z.string() })),
});
export type LiveFireContainment = z.output<typeof ContainmentSchema>;

export const RecoverySchema = z.object({
  recovered: z.boolean(),
  /** The team accepted a restore that did not match (data loss on record). */
  acceptedLoss: z.boolean(),
  verifiedAt: z.string(),
  tables: z.array(
    z.object({
      table: Table,
      matches: z.boolean(),
      expectedRows: z.number().int(),
      actualRows: z.number().int(),
      rowsLost: z.number().int(),
      rowsChanged: z.number().int(),
      rowsExtra: z.number().int(),
    }),
  ),
  rowsLost: z.number().int(),
  rowsChanged: z.number().int(),
  rowsExtra: z.number().int(),
  /** File name of the backup restored (no folder: the sandbox's paths stay in the back end). */
  restoredFrom: z.string().nullable(),
  recoveryPointAt: z.string().nullable(),
  /** Real RPO, wall-clock ms between the backup restored and the incident; null when nothing was restored. */
  rpoMs: z.number().min(0).nullable(),
  /** The same on the scenario clock (x time scale), minutes: what the scenario's rpoMinutes compares with. */
  rpoScenarioMinutes: z.number().min(0).nullable(),
  scenarioRpoMinutes: z.number().nullable(),
  sinceIncidentMs: z.number(),
});
export type LiveFireRecovery = z.output<typeof RecoverySchema>;

const BackupRow = z.object({ file: z.string(), location: z.enum(['same-volume', 'separate']), takenAt: z.string(), sizeBytes: z.number() });

export const LiveFireStatusSchema = z.object({
  phase: z.enum(LIVE_FIRE_PHASES),
  /** Why the sandbox cannot be used (it was removed, or failed its re-check after a restart); null when it can. */
  problem: z.string().nullable(),
  /** When the rogue was let loose (the incident's start, wall clock). */
  incidentStartedAt: z.string().nullable(),
  /** What customers see now (null: the table is gone). */
  rowCounts: z.array(z.object({ table: Table, visible: z.number().int().nullable(), before: z.number().int() })),
  /** Rogue statements after `afterSeq` (refused attempts included). */
  statements: z.array(StatementRow),
  lastStatementSeq: z.number().int(),
  rogue: z.object({ pid: z.number().int().nullable(), running: z.boolean() }),
  before: z.object({
    backup: z.enum(['take', 'none']),
    location: z.enum(['same-volume', 'separate']),
    writesAfterBackup: z.number().int(),
    takenAt: z.string().nullable(),
  }),
  /** Backups that still exist (a rogue may delete the ones on its volume). */
  backups: z.array(BackupRow),
  detectedBy: z.object({ at: z.string(), sql: z.string() }).nullable(),
  containment: ContainmentSchema.nullable(),
  recovery: RecoverySchema.nullable(),
  /** After an app restart: what the re-check of the sandbox found. */
  recheck: z
    .object({
      integrity: z.array(z.string()),
      rogueRunning: z.boolean(),
      matchesPreIncident: z.boolean().nullable(),
      rowsLost: z.number().int(),
      rowsChanged: z.number().int(),
      rowsExtra: z.number().int(),
    })
    .nullable(),
});
export type LiveFireStatus = z.output<typeof LiveFireStatusSchema>;

/** What a verified result wrote to the drill record: `recorded` false says why (a paused drill, a hand-recorded checkpoint). */
const Recorded = z.object({ recorded: z.boolean(), message: z.string() });

const Cell = z.union([z.string(), z.number(), z.null()]);

export const liveFireChannels = defineChannels({
  /** Creates the sandbox, follows the scenario's "before" step, snapshots the data and lets the rogue loose. Idempotent. */
  'drills:live-fire-start': { request: DrillRef, response: LiveFireStatusSchema },
  'drills:live-fire-status': {
    request: DrillRef.extend({ afterSeq: z.number().int().min(0).default(0) }),
    response: LiveFireStatusSchema,
  },
  /** The read-only console. The first query after the damage began is the detection (TTD). */
  'drills:live-fire-query': {
    request: DrillRef.extend({
      sql: z.string().trim().min(1, 'Type a query').max(4000, 'At most 4000 characters'),
      maxRows: z.number().int().min(1).max(1000).default(200),
    }),
    response: z.object({
      columns: z.array(z.string()),
      rows: z.array(z.array(Cell)),
      truncated: z.boolean(),
      elapsedMs: z.number(),
      /** This query recorded the detection (the drill's Detected checkpoint). */
      detected: z.boolean(),
    }),
  },
  /** The kill switch: stop the rogue, revoke its credential, verify its next write fails. */
  'drills:live-fire-contain': { request: DrillRef, response: Recorded.extend({ containment: ContainmentSchema }) },
  /** The app's restore from a surviving backup (the latest when none is named), then the verification. */
  'drills:live-fire-restore': {
    request: DrillRef.extend({
      backup: z
        .string()
        .regex(/^backup-[0-9A-Za-z-]+\.sqlite$/, 'Choose one of the listed backups')
        .nullable()
        .default(null),
      acceptLoss: z.boolean().default(false),
    }),
    response: Recorded.extend({ recovery: RecoverySchema }),
  },
  /** Verify the data as it is now (after the team's own commands); `acceptLoss` records Recovered despite a loss. */
  'drills:live-fire-verify': {
    request: DrillRef.extend({ acceptLoss: z.boolean().default(false) }),
    response: Recorded.extend({ recovery: RecoverySchema }),
  },
  /** Kills the rogue and removes the sandbox (the verified results stay on record). */
  'drills:live-fire-end': { request: DrillRef, response: z.object({ ended: z.literal(true) }) },
});
