import type { Database } from 'better-sqlite3';
import { dataStamp } from '../data-stamp';
import type { PendingRow } from '../history/capture';

/**
 * What each committed write transaction of this connection changed, for read caches that update
 * instead of recomputing (incremental scoring, issue 16). Each item holds the data stamp
 * (store/data-stamp) at the start of the transaction and at its end, so a reader can tell whether
 * the items it takes explain every change since its own stamp: a write by another connection, or
 * one outside `writeTransaction`, breaks the chain and the reader starts over.
 */
export type CommittedRow = Pick<PendingRow, 'table' | 'entityId' | 'action' | 'old' | 'new'>;
/** `rows` null: a large change (an import) whose rows are not kept; readers start over. */
type Item = { before: string; after: string; rows: CommittedRow[] | null };

const KEEP = 256;
const journals = new WeakMap<Database, Item[]>();

export function noteCommitted(db: Database, before: string, after: string, rows: CommittedRow[] | null): void {
  let j = journals.get(db);
  if (!j) journals.set(db, (j = []));
  j.push({ before, after, rows });
  // Trimmed in chunks: cutting one item per write shifted the whole journal on every drill append (P3).
  if (j.length >= 2 * KEEP) j.splice(0, j.length - KEEP);
}

/** The rows changed since `stamp`, in order, with the stamp they lead to; null when the journal cannot account for every change. */
export function changesSince(db: Database, stamp: string): { rows: CommittedRow[]; stamp: string } | null {
  const now = dataStamp(db);
  if (now === stamp) return { rows: [], stamp };
  const j = journals.get(db) ?? [];
  let i = j.length - 1;
  while (i >= 0 && j[i]!.before !== stamp) i--;
  if (i < 0) return null;
  const rows: CommittedRow[] = [];
  let at = stamp;
  for (; i < j.length; i++) {
    const item = j[i]!;
    if (item.before !== at || item.rows === null) return null;
    for (const r of item.rows) rows.push(r);
    at = item.after;
  }
  return at === now ? { rows, stamp: now } : null;
}
