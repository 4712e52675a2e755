import type { Database } from 'better-sqlite3';
import type { WriteTx } from '../mutate/index';

/**
 * The workspace's fingerprint key: made once, on the first discovery run, and reused on every run so
 * the same credential always gives the same fingerprint in this workspace. It is read only here and
 * never leaves the file (the JSON export skips discovery_key; reports and backups' manifests never
 * read it). `make` is injected: the store does not choose how keys are generated.
 */
export function fingerprintKey(tx: WriteTx, make: () => Buffer): Buffer {
  const row = tx.db.prepare('SELECT key FROM discovery_key WHERE id = 1').get() as { key: Buffer } | undefined;
  if (row) return row.key;
  const key = make();
  tx.db.prepare('INSERT INTO discovery_key (id, key, created_at) VALUES (1, ?, ?)').run(key, tx.now.toISOString());
  return key;
}

/** Whether a key exists (tests, and the export's check that it is left out). */
export const hasFingerprintKey = (db: Database): boolean => !!db.prepare('SELECT 1 FROM discovery_key WHERE id = 1').get();

/** Tables that hold secrets' keys: never copied into an export. */
export const NEVER_EXPORTED_TABLES: ReadonlySet<string> = new Set(['discovery_key']);
