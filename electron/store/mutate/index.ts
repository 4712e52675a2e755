import type { Database } from 'better-sqlite3';
import { appendEntries, discardPending, ensureCapture, entriesOfRows, takeBatches, takePending, type NewEntry } from '../history/index';
import type { PendingRow } from '../history/capture';
import { dataStamp } from '../data-stamp';
import { noteCommitted } from './journal';
import { retryBusyBegin } from './busy-retry';
import type { Change, WriteContext } from './write-context';

export type { Actor, Change, WriteContext } from './write-context';
export { changesSince, type CommittedRow } from './journal';

/**
 * The one write path of a workspace. Every service-level change runs its store write functions
 * inside `writeTransaction`, so each change is one IMMEDIATE transaction (a concurrent writer
 * waits instead of interleaving), and this is the one place the change history is appended:
 * after `fn` returns and before the commit, every row the transaction inserted, updated or
 * deleted (seen by the history's per-connection capture triggers, whichever table function made
 * it) plus every event `recordChange` noted becomes one hash-chained entry with `w.actor`,
 * `w.door`, `w.channel` and `w.now`. A failure anywhere rolls the change and its entries back.
 */
export function writeTransaction<T>(w: WriteContext, fn: (tx: WriteTx) => T): T {
  ensureCapture(w.db);
  const tx: WriteTx = { ...w, changes: [] };
  const outermost = !w.db.inTransaction;
  // For the journal (journal.ts): the data stamp before and after, and every row the transaction changed.
  let before: string | null = null;
  let after = '';
  let began = false;
  const attempt = (): T =>
    immediateOf(w.db)(() => {
      began = true;
      // Rows written outside any write transaction get no entry: verify names them instead of misattributing them here.
      if (outermost) {
        discardPending(w.db);
        before = dataStamp(w.db);
        committing.set(w.db, []);
      }
      const result = fn(tx);
      const batches = takeBatches(w.db);
      const rows = takePending(w.db);
      const entries: NewEntry[] = [
        // A bulk import's created rows first (one entry per table), so a later change of such a row in this transaction follows its create.
        ...batches,
        ...entriesOfRows(rows),
        ...tx.changes.map((c) => ({ ...eventOf(c), stateHash: null, origin: 'event' as const })),
      ];
      appendEntries(
        w.db,
        { actor: tx.actor, door: tx.door ?? 'system', operation: tx.channel, at: tx.now.toISOString(), reason: tx.reason ?? null },
        entries,
      );
      // A batch stands for 1,000 rows or more: more than the journal keeps, so readers score in full.
      if (batches.length > 0) committing.set(w.db, null);
      keep(w.db, rows);
      if (outermost) after = dataStamp(w.db); // commit moves neither total_changes nor this connection's data_version
      return result;
    }) as T;
  try {
    // Only the outermost transaction begins (a nested one is a SAVEPOINT, never busy).
    return outermost ? retryBusyBegin(attempt, () => began) : attempt();
  } catch (err) {
    // Rolled back: nothing changed, though the stamp moved (total_changes counts undone rows too).
    if (before !== null && !w.db.inTransaction) noteCommitted(w.db, before, dataStamp(w.db), []);
    before = null;
    throw err;
  } finally {
    if (before !== null) noteCommitted(w.db, before, after, committing.get(w.db) ?? null);
    if (outermost) committing.delete(w.db);
  }
}

/**
 * One IMMEDIATE transaction wrapper per connection, given the body to run: better-sqlite3's
 * `db.transaction(fn)` builds four wrapper functions per call, a cost every drill append paid (P3).
 * Nested calls still become savepoints (the wrapper checks `inTransaction` each time).
 */
type RunImmediate = (body: () => unknown) => unknown;
const immediates = new WeakMap<Database, RunImmediate>();
function immediateOf(db: Database): RunImmediate {
  let run = immediates.get(db);
  if (!run) {
    run = db.transaction((body: () => unknown) => body()).immediate;
    immediates.set(db, run);
  }
  return run;
}

/** Rows of the outermost write transaction and of those nested in it, committed together (null: too many to keep). */
const committing = new WeakMap<Database, PendingRow[] | null>();
const KEEP_ROWS = 1000;
function keep(db: Database, rows: PendingRow[]): void {
  const kept = committing.get(db);
  if (!kept) return;
  if (kept.length + rows.length > KEEP_ROWS) committing.set(db, null);
  else for (const r of rows) kept.push(r);
}

const asRecord = (v: unknown): Record<string, unknown> | null =>
  v === null || v === undefined ? null : typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };

function eventOf(c: Change): Omit<NewEntry, 'stateHash' | 'origin'> {
  return { entity: c.entity, entityId: c.id, action: c.action, before: asRecord(c.before), after: asRecord(c.after) };
}

/** A write context inside its transaction: the events recorded so far ride along with it; `reason` may be set by the handler. */
export type WriteTx = WriteContext & { changes: Change[] };

/** Notes an event that has no table row behind it (row changes are captured on their own). */
export function recordChange(tx: WriteTx, change: Change): void {
  tx.changes.push(change);
}

/**
 * A consistent read of several queries: one deferred transaction, so a report or a score sees
 * one version of the workspace even while another connection writes. Writes never go here.
 */
export function readSnapshot<T>(db: Database, fn: () => T): T {
  return db.transaction(fn).deferred();
}
