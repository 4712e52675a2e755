import type { ChangeNotice } from '../../../core/live/changes';

export type Stream = {
  status: number;
  contentType: string;
  cacheControl: string;
  /** The next `change` notice that matches, waited for at most `ms` (rejects after: a missed notice fails the test). */
  next: (match: (n: ChangeNotice) => boolean, ms?: number) => Promise<ChangeNotice>;
  /** Every notice received so far, in order. */
  seen: ChangeNotice[];
  /** Resolves once the server's first frame (`: ready`, sent after it subscribed) has arrived. */
  ready: Promise<void>;
  close: () => void;
};

/** Opens the live change stream with fetch (as a browser's EventSource would) and parses its frames. */
export async function openStream(url: string, headers: Record<string, string>): Promise<Stream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const seen: ChangeNotice[] = [];
  const waiters: { match: (n: ChangeNotice) => boolean; resolve: (n: ChangeNotice) => void }[] = [];
  let markReady = (): void => undefined;
  const ready = new Promise<void>((r) => (markReady = r));
  const deliver = (n: ChangeNotice): void => {
    seen.push(n);
    for (const w of waiters.splice(0)) {
      if (w.match(n)) w.resolve(n);
      else waiters.push(w);
    }
  };
  if (res.ok && res.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buf = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buf += decoder.decode(chunk, { stream: true });
          let at: number;
          while ((at = buf.indexOf('\n\n')) >= 0) {
            const frame = buf.slice(0, at);
            buf = buf.slice(at + 2);
            if (frame.split('\n').includes(': ready')) markReady();
            const data = frame.split('\n').find((l) => l.startsWith('data: '));
            if (frame.includes('event: change') && data) deliver(JSON.parse(data.slice(6)) as ChangeNotice);
          }
        }
      } catch {
        // aborted
      }
    })();
  } else {
    markReady();
  }
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    cacheControl: res.headers.get('cache-control') ?? '',
    seen,
    ready,
    next: (match, ms = 5000) => {
      const found = seen.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching notice within ${ms} ms; seen ${JSON.stringify(seen)}`)), ms);
        waiters.push({
          match,
          resolve: (n) => {
            clearTimeout(timer);
            resolve(n);
          },
        });
      });
    },
    close: () => abort.abort(),
  };
}
