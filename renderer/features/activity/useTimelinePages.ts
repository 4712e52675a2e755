import { useCallback, useEffect, useRef, useState } from 'react';
import type { Request, Response } from '../../../core/contract/index';
import { api, errorMessage } from '../../api/client';
import { useAppStore } from '../../app/app.store';

export type TimelineRow = Response<'activity:timeline'>['events'][number];
export type TimelineFilters = Omit<Request<'activity:timeline'>, 'offset' | 'limit'>;

export const PAGE_SIZE = 200;

/**
 * The timeline's rows, paged on the server (1 M events never load at once). A new filter, or a change
 * elsewhere in the workspace, starts a new generation; answers of an older one are dropped.
 */
export function useTimelinePages(filters: TimelineFilters) {
  const revision = useAppStore((s) => s.revision);
  const key = JSON.stringify([filters, revision]);
  const [state, setState] = useState<{ key: string; total: number; pages: Map<number, TimelineRow[]> } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = useRef(key);
  const inFlight = useRef(new Set<string>());
  current.current = key;

  const fetchPage = useCallback(
    (page: number) => {
      const id = `${key}#${page}`;
      if (inFlight.current.has(id)) return;
      inFlight.current.add(id);
      api.call('activity:timeline', { ...filters, offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then(
        (r) => {
          if (current.current !== key) return;
          setError(null);
          setState((prev) => {
            const pages = prev && prev.key === key ? new Map(prev.pages) : new Map<number, TimelineRow[]>();
            pages.set(page, r.events);
            return { key, total: r.total, pages };
          });
        },
        (err: unknown) => {
          inFlight.current.delete(id);
          if (current.current === key) setError(errorMessage(err));
        },
      );
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` covers every filter and the revision
    [key],
  );
  useEffect(() => fetchPage(0), [fetchPage]);

  const fresh = state?.key === key;
  const ensure = useCallback(
    (start: number, end: number) => {
      for (let p = Math.floor(start / PAGE_SIZE); p <= Math.floor(end / PAGE_SIZE); p++) if (!(fresh && state?.pages.has(p))) fetchPage(p);
    },
    [fetchPage, fresh, state],
  );
  const rowAt = (index: number): TimelineRow | undefined => state?.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  return { total: state?.total ?? null, fresh, error, ensure, rowAt };
}
