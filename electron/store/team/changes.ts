import pg from 'pg';
import { MAX_NOTIFY_BYTES, TEAM_CHANGES_CHANNEL } from '../../../core/live/changes';
import type { TeamDatabase } from './database';

/**
 * Live updates across team server instances (issue 14 §5): `notifyChange` sends one payload on
 * the `ar_changes` channel through the pool (after the change committed: NOTIFY outside a
 * transaction is delivered at once), and `listenChanges` keeps one dedicated connection that
 * LISTENs and reconnects when it is lost. Payloads are opaque strings here; the service layer
 * validates them with core/live's schema.
 */
export async function notifyChange(db: TeamDatabase, payload: string): Promise<void> {
  if (Buffer.byteLength(payload, 'utf8') > MAX_NOTIFY_BYTES) throw new Error(`NOTIFY payload over ${MAX_NOTIFY_BYTES} bytes`);
  await db.pool.query('SELECT pg_notify($1, $2)', [TEAM_CHANGES_CHANNEL, payload]);
}

export type ChangeListening = {
  /** Resolves once the first LISTEN is in place (notices sent after it are delivered). */
  ready: Promise<void>;
  /** True while the LISTEN connection is up. */
  readonly listening: boolean;
  /** How many times the connection was (re)established. */
  readonly connects: number;
  close: () => Promise<void>;
};

export type ListenOptions = {
  /** First retry delay after a lost connection; doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Called when the connection is lost or cannot be made (for the log); the listener keeps retrying. */
  onError?: (err: Error) => void;
  /** Called after every (re)connection, with the count: notices sent while it was down are lost. */
  onConnect?: (connects: number) => void;
};

export function listenChanges(db: TeamDatabase, onPayload: (payload: string) => void, opts: ListenOptions = {}): ChangeListening {
  const retryMs = opts.retryMs ?? 200;
  const maxRetryMs = opts.maxRetryMs ?? 5000;
  let closed = false;
  let client: pg.Client | null = null;
  let listening = false;
  let connects = 0;
  let delay = retryMs;
  let timer: NodeJS.Timeout | null = null;
  let markReady = (): void => undefined;
  const ready = new Promise<void>((r) => (markReady = r));

  const lost = (c: pg.Client, err: Error | null): void => {
    if (client !== c) return;
    client = null;
    listening = false;
    c.removeAllListeners('notification');
    c.end().catch(() => undefined);
    if (closed) return;
    if (err) opts.onError?.(err);
    timer = setTimeout(connect, delay);
    timer.unref();
    delay = Math.min(delay * 2, maxRetryMs);
  };

  function connect(): void {
    timer = null;
    if (closed) return;
    const c = new pg.Client({ connectionString: db.pool.options.connectionString });
    client = c;
    c.on('error', (err) => lost(c, err));
    c.on('end', () => lost(c, new Error('LISTEN connection ended')));
    c.on('notification', (m) => {
      if (m.channel === TEAM_CHANGES_CHANNEL && typeof m.payload === 'string') onPayload(m.payload);
    });
    c.connect()
      .then(() => c.query(`LISTEN ${TEAM_CHANGES_CHANNEL}`))
      .then(() => {
        if (client !== c) return;
        listening = true;
        delay = retryMs;
        connects += 1;
        opts.onConnect?.(connects);
        markReady();
      })
      .catch((err: unknown) => lost(c, err instanceof Error ? err : new Error(String(err))));
  }
  connect();

  return {
    ready,
    get listening() {
      return listening;
    },
    get connects() {
      return connects;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      listening = false;
      if (c) await c.end().catch(() => undefined);
    },
  };
}
