/**
 * BEGIN IMMEDIATE refused with SQLITE_BUSY. The busy timeout (5 s, database.ts) makes SQLite wait
 * for another writer, but SQLite does not always wait on it: where waiting could deadlock it
 * answers SQLITE_BUSY at once, and with another process writing to the same file (the team
 * server's second instance, issue 14) that happens under load, after tens of milliseconds
 * instead of seconds (found by the team load test, test/load/). The transaction had not begun,
 * so nothing was done: it is tried again, pausing a little longer each time, for as long as the
 * busy timeout would have waited. A busy failure after the transaction began is not retried.
 */
export const BUSY_RETRY_MS = 5000;

const pauseCell = new Int32Array(new SharedArrayBuffer(4));
/** A synchronous pause: a SQLite transaction cannot span an await (SQLite's own busy wait blocks the same way). */
const pause = (ms: number): void => void Atomics.wait(pauseCell, 0, 0, ms);

export const isBusy = (err: unknown): boolean => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
};

/** Runs `attempt` until it succeeds, or fails otherwise than busy before beginning (`began()`), or the time is up. */
export function retryBusyBegin<T>(attempt: () => T, began: () => boolean, budgetMs = BUSY_RETRY_MS): T {
  const deadline = performance.now() + budgetMs;
  for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
    try {
      return attempt();
    } catch (err) {
      if (began() || !isBusy(err) || performance.now() + wait > deadline) throw err;
      pause(wait);
    }
  }
}
