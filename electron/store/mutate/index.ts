import type { Database } from 'better-sqlite3';
import type { Change, WriteContext } from './write-context';

export type { Actor, Change, WriteContext } from './write-context';

/**
 * The one write path of a workspace. Every service-level change runs its store write functions
 * inside `writeTransaction`, so each change is one IMMEDIATE transaction (a concurrent writer
 * waits instead of interleaving) and there is exactly one place where issue 11's hash-chained
 * change history is appended, in the same transaction, with `w.actor` and `w.channel`.
 *
 * `recordChange` is that hook: entity write functions that know their before/after call it.
 * Today it only collects the changes for the transaction (nothing is stored) so tests can see
 * what a call changed; issue 11 replaces the body with the history append.
 */
export function writeTransaction<T>(w: WriteContext, fn: (tx: WriteTx) => T): T {
  const tx: WriteTx = { ...w, changes: [] };
  return w.db.transaction(() => fn(tx)).immediate();
}

/** A write context inside its transaction: the changes recorded so far ride along with it. */
export type WriteTx = WriteContext & { changes: Change[] };

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
