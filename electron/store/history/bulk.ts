import type { Database } from 'better-sqlite3';
import type { NewEntry } from './append';
import { isCapturing } from './capture';
import { sha256 } from './hash';
import { capturedTables } from './tables';

/**
 * Batched history for bulk imports (issue 11: "history rows in bulk imports are batched"). Inside
 * `bulkCreates`, the capture triggers note only the id of each inserted row (temp.history_bulk_rows);
 * updates and deletes keep their own entries. Before the commit, `takeBatches` turns the rows
 * created per table into ONE entry: entity = the table's entity, entity id `*`, action create, and
 * `after` = {"count": n, "table": name, "rows": [[id, state], ...]}, each state being the exact
 * json_object text SQLite produced for the row (what a per-row entry's state hash covers). The
 * whole text is covered by the entry's hash like any entry. `verify` and the upgrade baseline
 * expand a batch into one create per row (`batchRowStates`); the history screen shows a record's
 * own create from it (queries.ts).
 */
export const BATCH_ID = '*';

/** From this many records created in one transaction, a bulk import batches their history (`bulkCreates`). */
export const BULK_HISTORY_MIN = 1000;

// Connections that ran a bulk scope since their last `takeBatches` (every other write transaction skips the lookup).
const ran = new WeakSet<Database>();

/** Runs `fn` (inside the caller's write transaction) with created rows batched per table. */
export function bulkCreates<T>(db: Database, fn: () => T): T {
  if (!isCapturing(db)) return fn();
  ran.add(db);
  db.prepare('INSERT INTO temp.history_bulk (on_) VALUES (1)').run();
  try {
    return fn();
  } finally {
    db.prepare('DELETE FROM temp.history_bulk').run();
  }
}

/** The batch entries of the rows created in bulk in this transaction (one per table), and forgets them. */
export function takeBatches(db: Database): NewEntry[] {
  if (!ran.has(db)) return [];
  ran.delete(db);
  const tables = db.prepare('SELECT DISTINCT tbl FROM temp.history_bulk_rows').pluck().all() as string[];
  if (tables.length === 0) return [];
  const out: NewEntry[] = [];
  for (const t of capturedTables(db).filter((c) => tables.includes(c.table))) {
    // One string built by SQLite, rows in the order they were created, found by rowid (ascending: close to a
    // sequential read; a sort of 100k ids cost more than the rest). `|| ''` drops json_object's JSON subtype, so
    // each state is kept as a JSON string: its exact text.
    const rowsOf = t.hasRowid
      ? `temp.history_bulk_rows AS b JOIN main."${t.table}" AS t ON t.rowid = b.rid WHERE b.tbl = ?`
      : `main."${t.table}" AS t WHERE ${t.idSql('t')} IN (SELECT entity_id FROM temp.history_bulk_rows WHERE tbl = ?)`;
    const r = db
      .prepare(`SELECT count(*) AS n, json_group_array(json_array(${t.idSql('t')}, ${t.stateSql('t')} || '')) AS rows FROM ${rowsOf}`)
      .get(t.table) as { n: number; rows: string };
    if (r.n === 0) continue; // created and deleted again in the same transaction: the delete has its own entry
    out.push({
      entity: t.entity,
      entityId: BATCH_ID,
      action: 'create',
      before: null,
      after: null,
      afterJson: `{"count":${r.n},"table":${JSON.stringify(t.table)},"rows":${r.rows}}`,
      stateHash: null, // each row's state is in `after`, which the entry's hash covers
      origin: 'row',
    });
  }
  db.prepare('DELETE FROM temp.history_bulk_rows').run();
  return out;
}

/** Each row a batch entry created, with its recorded state text; empty for an entry that is not a readable batch. */
export function batchRowStates(afterJson: string | null): [string, string][] {
  if (afterJson === null) return [];
  try {
    const v = JSON.parse(afterJson) as { rows?: unknown };
    if (!Array.isArray(v.rows)) return [];
    return v.rows.filter(
      (r): r is [string, string] => Array.isArray(r) && r.length === 2 && typeof r[0] === 'string' && typeof r[1] === 'string',
    );
  } catch {
    return []; // an edited entry: its hash no longer matches, which verify reports first
  }
}

/** The latest recorded state hash of every row, batches expanded: what verify and the upgrade baseline compare live rows with. */
export function latestRowStates<R extends { seq: number; entity: string; entity_id: string; action: string; state_hash: string | null }>(
  rows: (R & { after_json: string | null })[],
): Map<string, R> {
  const latest = new Map<string, R>();
  for (const r of rows) {
    if (r.entity_id !== BATCH_ID) {
      latest.set(`${r.entity}\u0000${r.entity_id}`, r);
      continue;
    }
    for (const [id, state] of batchRowStates(r.after_json))
      latest.set(`${r.entity}\u0000${id}`, { ...r, entity_id: id, action: 'create', state_hash: sha256(state) });
  }
  return latest;
}

/**
 * The creates a batch entry holds for one record id (and ids under it, `id:...`), each as a row of
 * the history's shape: the record's id and state, the batch's seq, actor, time and hashes. Found in
 * the stored text (no parse of a whole batch, which can be tens of megabytes).
 */
export function recordsInBatch<R extends { entity_id: string; after_json: string | null }>(batch: R, id: string): R[] {
  const text = batch.after_json ?? '';
  const out: R[] = [];
  for (const start of [`["${JSON.stringify(id).slice(1, -1)}"`, `["${JSON.stringify(id).slice(1, -1)}:`]) {
    for (let i = text.indexOf(start); i >= 0; i = text.indexOf(start, i + 1)) {
      const end = elementEnd(text, i);
      if (end < 0) break;
      try {
        const [key, state] = JSON.parse(text.slice(i, end)) as [string, string];
        out.push({ ...batch, entity_id: key, after_json: state });
      } catch {
        break; // an edited entry: verify names it
      }
    }
  }
  return out;
}

/** The index just past `["key","state"]` starting at `i` (-1 when the text is not such an element). */
function elementEnd(text: string, i: number): number {
  let strings = 0;
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '"') {
      for (j++; j < text.length && text[j] !== '"'; j++) if (text[j] === '\\') j++;
      strings++;
    } else if (c === ']') return strings === 2 ? j + 1 : -1;
  }
  return -1;
}
