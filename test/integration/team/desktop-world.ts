import { createServer } from 'node:net';

/** What a desktop team connection sent its window: main -> renderer events, in order. */
export type Sent = { channel: string; payload: unknown }[];

/** A port nothing listens on (bound, read, released). */
export const freePort = (): Promise<number> =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

/** Resolves with the first event on `channel` that matches, already sent or still to come; rejects after `ms` (a missed event fails). */
export const waitFor = <T>(sent: Sent, channel: string, match: (p: T) => boolean, ms = 3000): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${channel} within ${ms} ms: ${JSON.stringify(sent.map((s) => s.channel))}`)), ms);
    const check = (e: { channel: string; payload: unknown }): boolean => {
      if (e.channel !== channel || !match(e.payload as T)) return false;
      clearTimeout(timer);
      resolve(e.payload as T);
      return true;
    };
    if (sent.some(check)) return;
    const push = sent.push.bind(sent);
    sent.push = (...items) => {
      const n = push(...items);
      items.some(check);
      return n;
    };
  });
