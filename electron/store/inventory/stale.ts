import type { Database } from 'better-sqlite3';
import { AppError } from '../../../core/common/errors';
import { entityOfTable } from '../../../core/history/entities';

type Row = Record<string, unknown>;

/** Who made the record's latest change and when, from the change history (absent before it existed). */
function lastChangeOf(db: Database, table: string, id: string): { by: string; at: string } | null {
  const hasHistory = db.prepare("SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'history'").get();
  if (!hasHistory) return null;
  const row = db
    // `entity <> 'drill-event'` is the entity index's own condition (migration 013): without it SQLite scans the history.
    .prepare(
      "SELECT actor_name AS by, at FROM history WHERE entity = ? AND entity <> 'drill-event' AND entity_id = ? ORDER BY seq DESC LIMIT 1",
    )
    .get(entityOfTable(table), id) as { by: string; at: string } | undefined;
  return row ?? null;
}

/**
 * Refuses a save made against an older version of the record. The error says who changed it and
 * when, and carries the record as it is now, so the editor can show both values and let the user
 * choose: take theirs, or save theirs-over with the new version.
 */
export function refuseStale(db: Database, spec: { table: string; label: string }, current: Row, expectedVersion: number): void {
  const version = Number(current.version ?? 1);
  if (version === expectedVersion) return;
  const last = lastChangeOf(db, spec.table, String(current.id));
  const by = last?.by || 'someone else';
  const at = last?.at ?? String(current.updatedAt ?? '');
  const what = spec.label.replace(/^An? /, '').toLowerCase();
  throw new AppError(
    'CONFLICT',
    `This ${what} was changed by ${by} at ${at} after you opened it (version ${expectedVersion}, now ${version}). Nothing was saved: compare the values, then keep theirs or save yours over them.`,
    {
      details: {
        reason: 'stale-version',
        changedBy: by,
        changedAt: at,
        currentVersion: version,
        yourVersion: expectedVersion,
        current: JSON.stringify(current),
      },
    },
  );
}
