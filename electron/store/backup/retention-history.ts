import type { Database } from '../database';

/**
 * The change history as a reference to removed evidence files (issue 11, section 8). Every evidence
 * record's create and removal is an entry, and an entry's `before` / `after` names the stored file
 * and its SHA-256, so the history cites every file it ever recorded. Kept for that alone, no file
 * would ever go: the history keeps a file until someone releases it on purpose (`backup:releaseRetained`),
 * which is itself an entry (entity `retained-file`, action delete, the file name as its id, the
 * person's reason). After that the history no longer keeps the file, though its entries stay.
 */
export const RETAINED_FILE_ENTITY = 'retained-file';

const hasHistory = (db: Database): boolean =>
  !!db.prepare("SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'history'").get();

/** Stored names are `<evidence id>-<safe file name>`; the id is a UUID. */
export const evidenceIdOf = (storedName: string): string | null =>
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-/.exec(storedName)?.[1] ?? null;

/**
 * Stored file name -> the seq of the newest history entry of its evidence record (usually the
 * removal), for the names the history still keeps: cited, and not released since.
 */
export function namesKeptByHistory(db: Database, names: string[]): Map<string, number> {
  const kept = new Map<string, number>();
  const withId = names.filter((n) => evidenceIdOf(n) !== null);
  if (withId.length === 0 || !hasHistory(db)) return kept;
  // `entity <> 'drill-event'` is the entity index's own condition (migration 013): it lets SQLite use it.
  const newest = db
    .prepare("SELECT max(seq) FROM history WHERE entity = 'evidence' AND entity <> 'drill-event' AND entity_id = ?")
    .pluck() as { get: (id: string) => number | null };
  const released = db.prepare(
    `SELECT 1 FROM history WHERE entity = '${RETAINED_FILE_ENTITY}' AND entity <> 'drill-event' AND entity_id = ? AND action = 'delete' LIMIT 1`,
  );
  for (const name of withId) {
    const seq = newest.get(evidenceIdOf(name)!);
    if (seq !== null && !released.get(name)) kept.set(name, seq);
  }
  return kept;
}

export const HISTORY_REASON = 'cited by the change history';
export const historyReason = (seq: number): string => `${HISTORY_REASON}: entry #${seq}`;
