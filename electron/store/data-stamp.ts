import type { Database, Statement } from 'better-sqlite3';

const statements = new WeakMap<Database, { version: Statement<[], number>; changes: Statement<[], number> }>();

/**
 * A value that changes whenever the workspace's data may have: total_changes() moves with every
 * write on this connection, data_version with every commit by another one. Read caches key on it;
 * the write path reads it twice per change (mutate/journal.ts), so the statements are prepared once.
 */
export function dataStamp(db: Database): string {
  let s = statements.get(db);
  if (!s) {
    s = {
      version: db.prepare<[], number>('PRAGMA data_version').pluck(),
      changes: db.prepare<[], number>('SELECT total_changes()').pluck(),
    };
    statements.set(db, s);
  }
  return `${s.version.get()}:${s.changes.get()}`;
}
