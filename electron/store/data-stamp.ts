import type { Database } from 'better-sqlite3';

/**
 * A value that changes whenever the workspace's data may have: total_changes() moves with every
 * write on this connection, data_version with every commit by another one. Read caches key on it.
 */
export function dataStamp(db: Database): string {
  const dv = db.pragma('data_version', { simple: true }) as number;
  const tc = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  return `${dv}:${tc}`;
}
