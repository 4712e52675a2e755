import type { CorrectionRequest } from './CorrectionDialog';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, errorMessage } from '../../api/client';
import { onChanges } from '../../api/changes';
import { COALESCE_MS } from '../../app/useLiveChanges';
import type { DrillEvent, EventBodyInput } from '../../../core/drills/events';
import type { DrillView } from '../../../core/drills/model';

export type ClockAnchor = { measuredMs: number; at: number; running: boolean; scale: number };

/**
 * A live drill in the runner: the back end's view (polled with drills:tick about once a second
 * while running, which also releases due injects), its events loaded incrementally, and actions.
 * The back end stamps every event; the displayed clock only interpolates between polls.
 */
export function useDrillSession(workspaceId: string, drillId: string, opts: { poll?: boolean } = {}) {
  const poll = opts.poll !== false;
  const [view, setView] = useState<DrillView | null>(null);
  const [events, setEvents] = useState<DrillEvent[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [anchor, setAnchor] = useState<ClockAnchor | null>(null);
  const lastSeq = useRef(0);
  const fetching = useRef(false);
  const wanted = useRef(0);

  const loadEvents = useCallback(async () => {
    if (fetching.current) return;
    fetching.current = true;
    try {
      while (lastSeq.current < wanted.current) {
        const page = await api.call('drills:events', { workspaceId, drillId, afterSeq: lastSeq.current, limit: 5000 });
        if (page.events.length === 0) break;
        lastSeq.current = page.events[page.events.length - 1]!.seq;
        setEvents((old) => old.concat(page.events));
      }
    } catch (err) {
      setError(`Could not load the log: ${errorMessage(err)}`);
    } finally {
      fetching.current = false;
    }
  }, [workspaceId, drillId]);

  const apply = useCallback(
    (v: DrillView) => {
      setView(v);
      setAnchor({ measuredMs: v.clock.measuredMs, at: performance.now(), running: v.clock.running, scale: v.drill.timeScale });
      wanted.current = Math.max(wanted.current, v.state.lastSeq);
      if (v.state.lastSeq > lastSeq.current) void loadEvents();
    },
    [loadEvents],
  );

  useEffect(() => {
    lastSeq.current = 0;
    wanted.current = 0;
    setEvents([]);
    api.call('drills:get', { workspaceId, drillId }).then(apply, (err: unknown) => setError(errorMessage(err)));
  }, [workspaceId, drillId, apply]);

  // Another window paused, logged or released something (browser mode's live stream): fetch the drill again.
  // A burst of notices is one fetch; one request in flight, and notices that arrive meanwhile ask for one more after it.
  useEffect(() => {
    let inFlight = false;
    let again = false;
    let stop = false;
    let timer: number | null = null;
    const refresh = (): void => {
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      again = false;
      api.call('drills:get', { workspaceId, drillId }).then(
        (v) => {
          inFlight = false;
          if (stop) return;
          apply(v);
          if (again) refresh();
        },
        () => {
          inFlight = false; // the next notice (or the runner's poll) tries again
        },
      );
    };
    const off = onChanges((n) => {
      if (timer !== null || !(n === null || (n.workspaceId === workspaceId && n.channel.startsWith('drills:')))) return;
      timer = window.setTimeout(() => {
        timer = null;
        refresh();
      }, COALESCE_MS);
    });
    return () => {
      stop = true;
      off();
      if (timer !== null) window.clearTimeout(timer);
    };
  }, [workspaceId, drillId, apply]);

  const running = view?.drill.status === 'running' && !view.needsResume;
  // Poll faster when the scenario clock runs fast, so injects are not released late by a whole tick.
  const every = (view?.drill.timeScale ?? 1) >= 10 ? 250 : 1000;
  useEffect(() => {
    if (!running || !poll) return;
    let stop = false;
    const id = window.setInterval(() => {
      api.call('drills:tick', { workspaceId, drillId }).then(
        (v) => !stop && apply(v),
        (err: unknown) => !stop && setError(errorMessage(err)),
      );
    }, every);
    return () => {
      stop = true;
      window.clearInterval(id);
    };
  }, [running, poll, every, workspaceId, drillId, apply]);

  const run = useCallback(
    async (what: string, fn: () => Promise<DrillView>): Promise<boolean> => {
      setError(null);
      try {
        apply(await fn());
        setStatus(what);
        return true;
      } catch (err) {
        setError(err instanceof ApiError ? err.message : errorMessage(err));
        return false;
      }
    },
    [apply],
  );

  const append = useCallback(
    (event: EventBodyInput, what: string) =>
      run(what, async () => {
        const r = await api.call('drills:append', { workspaceId, drillId, event: event as never });
        // The new event is in the response: show it at once instead of waiting for another fetch.
        if (r.event.seq === lastSeq.current + 1 && !fetching.current) {
          lastSeq.current = r.event.seq;
          setEvents((old) => old.concat([r.event as DrillEvent]));
        }
        return r.view;
      }),
    [run, workspaceId, drillId],
  );
  const complete = useCallback(
    (note: string) => run('Drill completed.', () => api.call('drills:complete', { workspaceId, drillId, note })),
    [run, workspaceId, drillId],
  );
  const resume = useCallback(
    () => run('Drill resumed; the gap was recorded.', () => api.call('drills:resume', { workspaceId, drillId })),
    [run, workspaceId, drillId],
  );

  /** Appends a correction; throws the back end's error (with field issues) so the dialog can show it. */
  const correct = useCallback(
    async (req: CorrectionRequest) => {
      const r = await api.call('drills:correct', { workspaceId, drillId, ...req });
      if (r.event.seq === lastSeq.current + 1 && !fetching.current) {
        lastSeq.current = r.event.seq;
        setEvents((old) => old.concat([r.event as DrillEvent]));
      }
      apply(r.view);
      setStatus('Correction recorded.');
    },
    [apply, workspaceId, drillId],
  );

  return { view, events, error, status, anchor, append, complete, resume, correct, setError };
}
