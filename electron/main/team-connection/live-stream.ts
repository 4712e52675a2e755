import { CHANGE_EVENT, CHANGES_PATH, ChangeNotice } from '../../../core/live/changes';

/**
 * The team server's change stream (server-sent events, GET /events/changes) read by the main
 * process, so the renderer never opens a connection to a remote origin (issue 14 §6). Each
 * `change` frame is validated and handed on; after a gap (the stream dropped and came back) the
 * listener gets `null`, meaning "refetch": notices sent meanwhile are lost. A 401 means the
 * session ended on the server: the stream stops and says so.
 */
export type LiveCallbacks = {
  onNotice: (notice: ChangeNotice | null) => void;
  /** The server refused the session (signed out elsewhere, expired). The stream has stopped. */
  onSessionEnded: () => void;
  onOpen?: () => void;
};

export type LiveStream = { stop: () => void };

const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 15_000;

export function openLiveStream(
  origin: string,
  headers: () => Record<string, string>,
  cb: LiveCallbacks,
  fetchImpl: typeof fetch = fetch,
): LiveStream {
  let stopped = false;
  let abort: AbortController | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let delay = RETRY_MIN_MS;
  let everOpen = false;

  const schedule = (): void => {
    if (stopped) return;
    retryTimer = setTimeout(() => void run(), delay);
    retryTimer.unref?.();
    delay = Math.min(delay * 2, RETRY_MAX_MS);
  };

  async function run(): Promise<void> {
    retryTimer = null;
    if (stopped) return;
    abort = new AbortController();
    try {
      const res = await fetchImpl(`${origin}${CHANGES_PATH}`, {
        headers: { accept: 'text/event-stream', ...headers() },
        signal: abort.signal,
      });
      if (res.status === 401) {
        stopped = true;
        await res.body?.cancel();
        return cb.onSessionEnded();
      }
      if (!res.ok || !res.body) {
        await res.body?.cancel();
        return schedule();
      }
      await read(res.body);
    } catch {
      // network gone or aborted: try again unless stopped
    }
    schedule();
  }

  async function read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buf = '';
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      buf += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, '\n');
      let at: number;
      while ((at = buf.indexOf('\n\n')) >= 0) {
        const frame = buf.slice(0, at).split('\n');
        buf = buf.slice(at + 2);
        if (frame.includes(': ready')) {
          // The server subscribed before sending this: from here on nothing is missed.
          delay = RETRY_MIN_MS;
          if (everOpen) cb.onNotice(null);
          everOpen = true;
          cb.onOpen?.();
        }
        const event = frame
          .find((l) => l.startsWith('event:'))
          ?.slice(6)
          .trim();
        const data = frame.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart());
        if (event !== CHANGE_EVENT || data.length === 0) continue;
        let parsed: unknown;
        try {
          parsed = JSON.parse(data.join('\n'));
        } catch {
          continue;
        }
        const notice = ChangeNotice.safeParse(parsed);
        if (notice.success) cb.onNotice(notice.data);
      }
      if (buf.length > 1024 * 1024) return; // a server that never ends a frame: drop and reconnect
    }
  }

  void run();
  return {
    stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      abort?.abort();
    },
  };
}
