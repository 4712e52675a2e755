import type { Database } from 'better-sqlite3';
import { entityOfTable } from '../../../core/history/entities';

/**
 * Which tables' rows the change history follows, found from the schema itself so a table added by
 * a later migration is followed without anyone remembering to list it. Left out: the history's own
 * tables, SQLite's, and rows that are not the user's data (a running drill's heartbeat in meta).
 */
export type CapturedTable = {
  table: string;
  entity: string;
  columns: string[];
  /** SQL for the row's entity id with `ref` as the row alias (NEW, OLD or the table name). */
  idSql: (ref: string) => string;
  /** SQL for the row's state as a JSON object. */
  stateSql: (ref: string) => string;
  /** Whether rows have a rowid (not WITHOUT ROWID): a bulk batch then finds its rows by rowid. */
  hasRowid: boolean;
  /** SQL condition that is true for rows the history ignores (null: none). */
  skipSql: ((ref: string) => string) | null;
};

// discovery_key: the workspace's fingerprint key is a secret, not a record; it never enters the history or its exports.
const NOT_CAPTURED = new Set(['history', 'history_head', 'discovery_key']);
// version: bookkeeping for stale-save checks (migration 011), raised with every update the entry already records;
// left out so that rows recorded before the column existed still match their last entry.
const NOT_CAPTURED_COLUMNS = new Set(['version']);
const SKIPPED_ROWS: Record<string, (ref: string) => string> = {
  // Overwritten every few seconds while a drill runs: operational, not a record anyone changed.
  meta: (ref) => `${ref}."key" LIKE 'drill-alive:%'`,
};

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export function capturedTables(db: Database): CapturedTable[] {
  const tables = db
    .prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  return tables.filter((t) => !NOT_CAPTURED.has(t)).map((t) => describe(db, t));
}

function describe(db: Database, table: string): CapturedTable {
  const info = db.prepare(`SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`).all(table) as { name: string; pk: number }[];
  const columns = info.map((c) => c.name).filter((c) => !NOT_CAPTURED_COLUMNS.has(c));
  const keys = info
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  const idSql =
    keys.length === 0
      ? (ref: string) => `CAST(${ref}.rowid AS TEXT)`
      : (ref: string) => keys.map((k) => `CAST(${ref}.${quote(k)} AS TEXT)`).join(` || ':' || `);
  // JSON cannot hold a BLOB, and a blob may be a secret (the discovery fingerprint key) or a large
  // document (a frozen snapshot, which carries its own SHA-256 column): the history keeps its size only.
  const value = (ref: string, c: string) =>
    `CASE WHEN typeof(${ref}.${quote(c)}) = 'blob' THEN 'blob of ' || length(${ref}.${quote(c)}) || ' bytes' ELSE ${ref}.${quote(c)} END`;
  const stateSql = (ref: string) => `json_object(${columns.map((c) => `'${c.replace(/'/g, "''")}', ${value(ref, c)}`).join(', ')})`;
  const hasRowid = (db.prepare("SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?").pluck().get(table) as number) === 0;
  return { table, entity: entityOfTable(table), columns, idSql, stateSql, hasRowid, skipSql: SKIPPED_ROWS[table] ?? null };
}

export { quote };
