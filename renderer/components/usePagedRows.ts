import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import { useAppStore } from '../app/app.store';

/** One answer of a paged channel: the page's rows, how many match the query, and how many there are in all. */
export type PageAnswer<T> = { rows: T[]; total: number; all: number };

export type PagedRows<T> = {
  /** Counts of the last query that answered (the previous query's rows stay on screen until the new one answers). */
  total: number | null;
  all: number | null;
  rowAt: (index: number) => T | undefined;
  /** Asks for the pages covering rows [start, end] of the current query. */
  ensure: (start: number, end: number) => void;
  loading: boolean;
  /** The rows shown answer the current query (false while a new search, filter or sort is on its way). */
  fresh: boolean;
  error: string | null;
  retry: () => void;
};

type Loaded<T> = { key: string; total: number; all: number; pages: Map<number, T[]> };

/**
 * Rows of a list paged on the server, fetched a page at a time as the table scrolls (the pattern of
 * the scores table and the activity timeline, for any channel). `key` names the query: a new one (or
 * a change elsewhere in the workspace) starts a new generation and answers of an older one are dropped.
 */
export function usePagedRows<T>(
  key: string,
  pageSize: number,
  fetch: (offset: number, limit: number) => Promise<PageAnswer<T>>,
): PagedRows<T> {
  const revision = useAppStore((s) => s.revision);
  const fullKey = `${key}#${revision}`;
  const [loaded, setLoaded] = useState<Loaded<T> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(0);
  const current = useRef(fullKey);
  const inFlight = useRef(new Set<string>());
  const fetchRef = useRef(fetch);
  current.current = fullKey;
  fetchRef.current = fetch;

  const fetchPage = useCallback(
    (page: number) => {
      const id = `${fullKey}@${page}`;
      if (inFlight.current.has(id)) return;
      inFlight.current.add(id);
      setPending((n) => n + 1);
      fetchRef
        .current(page * pageSize, pageSize)
        .then(
          (r) => {
            if (current.current !== fullKey) return; // an older query: its answer is stale
            setError(null);
            setLoaded((prev) => {
              const pages = prev && prev.key === fullKey ? new Map(prev.pages) : new Map<number, T[]>();
              pages.set(page, r.rows);
              return { key: fullKey, total: r.total, all: r.all, pages };
            });
          },
          (err: unknown) => {
            if (current.current === fullKey) setError(errorMessage(err));
          },
        )
        .finally(() => {
          inFlight.current.delete(id);
          setPending((n) => n - 1);
        });
    },
    [fullKey, pageSize],
  );

  useEffect(() => {
    setError(null);
    fetchPage(0);
  }, [fetchPage]);

  const fresh = loaded !== null && loaded.key === fullKey;
  const ensure = useCallback(
    (start: number, end: number) => {
      if (!fresh || !loaded || error) return; // wait for the first page (it says how many rows there are); after a failure, for Retry
      const last = Math.min(end, loaded.total - 1);
      for (let p = Math.floor(Math.max(0, start) / pageSize); p <= Math.floor(last / pageSize); p++) if (!loaded.pages.has(p)) fetchPage(p);
    },
    [fresh, loaded, error, fetchPage, pageSize],
  );
  const retry = useCallback(() => {
    setError(null);
    if (!fresh) fetchPage(0);
  }, [fresh, fetchPage]);

  return {
    total: loaded?.total ?? null,
    all: loaded?.all ?? null,
    rowAt: (index) => loaded?.pages.get(Math.floor(index / pageSize))?.[index % pageSize],
    ensure,
    loading: !fresh || pending > 0,
    fresh,
    error,
    retry,
  };
}
