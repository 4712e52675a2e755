/**
 * The live-fire record of a drill: where its sandbox is (so a resumed app can re-check it), the rogue's
 * pid, the team's backup, and the verified results (containment, recovery, detection). One `meta` row
 * per drill, like the drill heartbeat, so no migration is needed; it outlives the sandbox folder, which
 * is how the AAR still shows "verified" after the drill ended. Read back through a schema: a row that
 * does not parse is treated as absent, never trusted.
 */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { ContainmentSchema, RecoverySchema } from '../../../core/drills/live-fire-contract';
import { recordChange, type WriteTx } from '../mutate/index';

export const LiveFireRecord = z.object({
  root: z.string(),
  sandboxId: z.string(),
  roguePid: z.number().int().nullable(),
  incidentStartedAt: z.string(),
  backup: z
    .object({ file: z.string(), location: z.enum(['same-volume', 'separate']), takenAt: z.string(), sizeBytes: z.number() })
    .nullable(),
  detectedBy: z.object({ at: z.string(), sql: z.string() }).nullable(),
  containment: ContainmentSchema.nullable(),
  recovery: RecoverySchema.nullable(),
  /** The sandbox was removed (drill ended or completed). */
  ended: z.boolean(),
});
export type LiveFireRecord = z.output<typeof LiveFireRecord>;

const keyOf = (drillId: string) => `drill-live-fire:${drillId}`;

export function readLiveFireRecord(db: Database, drillId: string): LiveFireRecord | null {
  const r = db.prepare('SELECT value FROM meta WHERE key = ?').get(keyOf(drillId)) as { value: string } | undefined;
  if (!r) return null;
  try {
    const parsed = LiveFireRecord.safeParse(JSON.parse(r.value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Writes the whole record (the caller read it in the same transaction when it updates one field). */
export function saveLiveFireRecord(tx: WriteTx, drillId: string, rec: LiveFireRecord): void {
  const before = readLiveFireRecord(tx.db, drillId);
  const after = LiveFireRecord.parse(rec);
  tx.db
    .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
    .run(keyOf(drillId), JSON.stringify(after));
  recordChange(tx, { entity: 'drill-live-fire', id: drillId, action: before ? 'update' : 'create', before, after });
}

/** Updates some fields of an existing record; a drill without one is left alone. */
export function updateLiveFireRecord(tx: WriteTx, drillId: string, patch: Partial<LiveFireRecord>): LiveFireRecord | null {
  const cur = readLiveFireRecord(tx.db, drillId);
  if (!cur) return null;
  const next = { ...cur, ...patch };
  saveLiveFireRecord(tx, drillId, next);
  return next;
}
