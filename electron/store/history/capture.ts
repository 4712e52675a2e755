import type { Database, Statement } from 'better-sqlite3';
import { capturedTables, quote } from './tables';

/**
 * Every row change of a workspace is seen here, whoever's code made it: temporary (per-connection)
 * triggers copy the old and new row of each INSERT, UPDATE and DELETE - cascades included - into
 * a temporary table, and `writeTransaction` turns them into history entries before it commits.
 * Temporary triggers live only on this app's connection, so they are not part of the file (a tool
 * editing the file directly bypasses them, which is what `verify` then reports).
 */
export type PendingRow = {
  table: string;
  entity: string;
  entityId: string;
  action: 'create' | 'update' | 'delete';
  old: string | null;
  new: string | null;
};

const installed = new WeakSet<Database>();
// Prepared once per connection: every write transaction runs these (a drill append is one small transaction each).
type PendingStatements = { clear: Statement; take: Statement<[], PendingDbRow> };
type PendingDbRow = {
  n: number;
  tbl: string;
  entity: string;
  entity_id: string;
  action: PendingRow['action'];
  old: string | null;
  new: string | null;
};
const pendingStatements = new WeakMap<Database, PendingStatements>();

function pending(db: Database): PendingStatements {
  let s = pendingStatements.get(db);
  if (!s) {
    s = {
      clear: db.prepare('DELETE FROM temp.history_pending'),
      // One statement reads and empties the list (a drill append runs it once per event); sorted by n below.
      take: db.prepare('DELETE FROM temp.history_pending RETURNING n, tbl, entity, entity_id, action, old, new') as Statement<
        [],
        PendingDbRow
      >,
    };
    pendingStatements.set(db, s);
  }
  return s;
}

export function ensureCapture(db: Database): void {
  if (installed.has(db)) return;
  if (!db.prepare("SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'history'").get()) return; // before migration 005
  db.pragma('temp_store = MEMORY');
  const ddl: string[] = [
    `CREATE TEMP TABLE IF NOT EXISTS history_pending (
      n INTEGER PRIMARY KEY, tbl TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL, action TEXT NOT NULL, old TEXT, new TEXT)`,
    // Bulk mode (bulk.ts): while history_bulk holds a row, an INSERT notes only the new row's id.
    'CREATE TEMP TABLE IF NOT EXISTS history_bulk (on_ INTEGER NOT NULL)',
    'CREATE TEMP TABLE IF NOT EXISTS history_bulk_rows (n INTEGER PRIMARY KEY, tbl TEXT NOT NULL, entity_id TEXT NOT NULL, rid INTEGER)',
  ];
  const bulk = 'EXISTS (SELECT 1 FROM temp.history_bulk)';
  for (const t of capturedTables(db)) {
    const name = (op: string) => quote(`history_capture_${t.table}_${op}`);
    const when = (ref: string, extra?: string) => {
      const parts = [...(t.skipSql ? [`NOT (${t.skipSql(ref)})`] : []), ...(extra ? [extra] : [])];
      return parts.length ? ` WHEN ${parts.join(' AND ')}` : '';
    };
    const insert = (action: string, ref: string, oldSql: string, newSql: string) =>
      `INSERT INTO temp.history_pending (tbl, entity, entity_id, action, old, new) VALUES ('${t.table}', '${t.entity}', ${t.idSql(ref)}, '${action}', ${oldSql}, ${newSql});`;
    const table = `main.${quote(t.table)}`;
    ddl.push(
      `CREATE TEMP TRIGGER IF NOT EXISTS ${name('i')} AFTER INSERT ON ${table}${when('NEW', `NOT ${bulk}`)} BEGIN ${insert('create', 'NEW', 'NULL', t.stateSql('NEW'))} END`,
      `CREATE TEMP TRIGGER IF NOT EXISTS ${name('b')} AFTER INSERT ON ${table}${when('NEW', bulk)} BEGIN INSERT INTO temp.history_bulk_rows (tbl, entity_id, rid) VALUES ('${t.table}', ${t.idSql('NEW')}, ${t.hasRowid ? 'NEW.rowid' : 'NULL'}); END`,
      `CREATE TEMP TRIGGER IF NOT EXISTS ${name('u')} AFTER UPDATE ON ${table}${when('NEW')} BEGIN ${insert('update', 'NEW', t.stateSql('OLD'), t.stateSql('NEW'))} END`,
      `CREATE TEMP TRIGGER IF NOT EXISTS ${name('d')} AFTER DELETE ON ${table}${when('OLD')} BEGIN ${insert('delete', 'OLD', t.stateSql('OLD'), 'NULL')} END`,
    );
  }
  db.exec(ddl.join(';\n'));
  installed.add(db);
}

export const isCapturing = (db: Database): boolean => installed.has(db);

/** Forgets changes made outside a write transaction (they get no entry, and `verify` names the rows). */
export function discardPending(db: Database): void {
  if (installed.has(db)) pending(db).clear.run();
}

/** The row changes of the current transaction, in the order they happened, and empties the list. */
export function takePending(db: Database): PendingRow[] {
  if (!installed.has(db)) return [];
  const rows = pending(db).take.all();
  if (rows.length > 1) rows.sort((a, b) => a.n - b.n);
  return rows.map((r) => ({ table: r.tbl, entity: r.entity, entityId: r.entity_id, action: r.action, old: r.old, new: r.new }));
}
