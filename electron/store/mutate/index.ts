import type { Database } from 'better-sqlite3';
import { appendEntries, discardPending, ensureCapture, entriesOfRows, takeBatches, takePending, type NewEntry } from '../history/index';
import type { Change, WriteContext } from './write-context';

export type { Actor, Change, WriteContext } from './write-context';

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
  return w.db
    .transaction(() => {
      // Rows written outside any write transaction get no entry: verify names them instead of misattributing them here.
      if (outermost) discardPending(w.db);
      const result = fn(tx);
      const entries: NewEntry[] = [
        // A bulk import's created rows first (one entry per table), so a later change of such a row in this transaction follows its create.
        ...takeBatches(w.db),
        ...entriesOfRows(takePending(w.db)),
        ...tx.changes.map((c) => ({ ...eventOf(c), stateHash: null, origin: 'event' as const })),
      ];
      appendEntries(
        w.db,
        { actor: tx.actor, door: tx.door ?? 'system', operation: tx.channel, at: tx.now.toISOString(), reason: tx.reason ?? null },
        entries,
      );
      return result;
    })
    .immediate();
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
