import type { Database } from 'better-sqlite3';
import type { HistoryDoor } from '../../../core/history/model';
import type { Actor } from '../mutate/write-context';
import { appendEntries, type NewEntry } from './append';
import { BATCH_ID, latestRowStates } from './bulk';
import { stateHash } from './hash';
import { hasHistory } from './queries';
import { capturedTables } from './tables';

/** The app itself: the author of entries written by a schema upgrade or a built-in seed. */
export const SYSTEM_ACTOR: Actor = { name: 'Agent Readiness', source: 'system' };

/**
 * Gives every row the history does not account for an entry, so `verify` can vouch for the data
 * from here on: rows from before migration 005 ("imported at upgrade"), and rows a later
 * migration added or reshaped (a new column changes every row's state). Runs only inside a
 * migration's transaction; a row already matching its latest entry gets nothing.
 */
export function recordUnrecordedState(
  db: Database,
  operation: string,
  reason: string,
  at: string,
  actor: Actor = SYSTEM_ACTOR,
  door: HistoryDoor = 'system',
): number {
  if (!hasHistory(db)) return 0;
  const rows = db
    .prepare(
      `SELECT seq, entity, entity_id, action, state_hash, CASE WHEN entity_id = '${BATCH_ID}' THEN after_json END AS after_json
       FROM history WHERE origin = 'row' ORDER BY seq`,
    )
    .all() as { seq: number; entity: string; entity_id: string; action: string; state_hash: string | null; after_json: string | null }[];
  // A bulk import's batch entry counts as one create per row it lists (bulk.ts).
  const latest = new Map([...latestRowStates(rows)].map(([k, r]) => [k, { hash: r.action === 'delete' ? null : r.state_hash }]));
  const entries: NewEntry[] = [];
  for (const t of capturedTables(db)) {
    const where = t.skipSql ? ` WHERE NOT (${t.skipSql('t')})` : '';
    const live = db.prepare(`SELECT ${t.idSql('t')} AS id, ${t.stateSql('t')} AS state FROM main."${t.table}" AS t${where}`).all() as {
      id: string;
      state: string;
    }[];
    for (const row of live) {
      const hash = stateHash(row.state);
      const known = latest.get(`${t.entity}\u0000${row.id}`);
      if (known?.hash === hash) continue;
      // The whole state as `after`, in the text SQLite produced (what the state hash covers).
      entries.push({
        entity: t.entity,
        entityId: row.id,
        action: known?.hash ? 'update' : 'create',
        before: null,
        after: null,
        afterJson: row.state,
        stateHash: hash,
        origin: 'row',
      });
    }
  }
  appendEntries(db, { actor, door, operation, at, reason }, entries);
  return entries.length;
}
