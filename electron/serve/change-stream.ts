import type { IncomingMessage, ServerResponse } from 'node:http';
import { CHANGE_EVENT, type ChangeNotice } from '../../core/live/changes';
import type { ChangeFeed } from '../services/change-feed';

/** A comment line every 15 s keeps idle streams (and any proxy between) from timing out, and finds dead clients. */
export const HEARTBEAT_MS = 15_000;
/** More open streams than any real set of windows; past it a new stream gets 503 instead of exhausting the process. */
export const MAX_STREAMS = 64;
/** A client that stops reading is dropped once this much is queued for it (its browser reconnects and refetches). */
const MAX_QUEUED_BYTES = 1024 * 1024;

export type ChangeStreams = {
  /**
   * Serves one GET of the stream; the caller has already checked the token, Host and Origin.
   * `accept` narrows what this client is sent (the team server: its account's workspaces).
   * Returns the function that ends this stream (null: refused, 503).
   */
  handle: (req: IncomingMessage, res: ServerResponse, accept?: (n: ChangeNotice) => boolean) => (() => void) | null;
  /** Open streams now. */
  readonly open: number;
  /** Ends every stream (server shutdown). */
  closeAll: () => void;
};

const frame = (n: ChangeNotice): string => `id: ${n.serial}\nevent: ${CHANGE_EVENT}\ndata: ${JSON.stringify(n)}\n\n`;

/**
 * Browser mode's live change stream: server-sent events, one `change` event per committed change
 * (a `ChangeNotice`, no data from the workspace itself), heartbeat comments, at most MAX_STREAMS.
 */
export function changeStreams(feed: ChangeFeed, opts: { heartbeatMs?: number; maxStreams?: number } = {}): ChangeStreams {
  const heartbeatMs = opts.heartbeatMs ?? HEARTBEAT_MS;
  const max = opts.maxStreams ?? MAX_STREAMS;
  const ends = new Set<() => void>();

  function handle(req: IncomingMessage, res: ServerResponse, accept?: (n: ChangeNotice) => boolean): (() => void) | null {
    if (ends.size >= max) {
      res.statusCode = 503;
      res.setHeader('Retry-After', '5');
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end(`Too many open live streams (at most ${max}). Close some windows.`);
      return null;
    }
    let done = false;
    const write = (chunk: string): void => {
      if (done) return;
      res.write(chunk);
      if (res.writableLength > MAX_QUEUED_BYTES) end();
    };
    const unsubscribe = feed.subscribe((n) => {
      if (!accept || accept(n)) write(frame(n));
    });
    const timer = setInterval(() => write(': heartbeat\n\n'), heartbeatMs);
    timer.unref();
    function end(): void {
      if (done) return;
      done = true;
      clearInterval(timer);
      unsubscribe();
      ends.delete(end);
      if (!res.writableEnded) res.end();
    }
    ends.add(end);
    req.on('close', end);
    res.on('close', end);
    res.on('error', end);
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Connection', 'keep-alive');
    res.flushHeaders();
    // Subscribed before this first frame: a client that has read it misses no later change.
    write('retry: 2000\n: ready\n\n');
    return end;
  }

  return {
    handle,
    get open() {
      return ends.size;
    },
    closeAll: () => {
      for (const end of [...ends]) end();
    },
  };
}
