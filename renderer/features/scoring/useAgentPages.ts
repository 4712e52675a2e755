import { useCallback, useEffect, useRef, useState } from 'react';
import type { AgentSortKey } from '../../../core/scoring/contract';
import type { Verdict } from '../../../core/scoring/types';
import { api, errorMessage } from '../../api/client';
import { useAppStore } from '../../app/app.store';

export type AgentRowView = {
  agentId: string;
  agentName: string;
  lifecycle: string;
  score: number;
  verdict: Verdict;
  capReasons: string[];
  capReasonCount?: number | undefined;
  openFindings: number;
  blastRadius: number;
  delta: number | null;
};

export type AgentQuery = { workspaceId: string; q: string; verdict: 'all' | Verdict; sort: AgentSortKey; dir: 'asc' | 'desc' };

/** Rows per request: a screenful is about 15 rows, so one page covers several screens of scrolling. */
export const PAGE_SIZE = 100;

type Loaded = { key: string; total: number; all: number; pages: Map<number, AgentRowView[]> };

export type AgentPages = {
  /** The rows of the last query that answered (the previous query's stay on screen until the new one answers). */
  total: number | null;
  all: number | null;
  rowAt: (index: number) => AgentRowView | undefined;
  /** Asks for the pages covering rows [start, end] of the current query. */
  ensure: (start: number, end: number) => void;
  /** The current query has not answered yet (or a page is on its way). */
  loading: boolean;
  /** The rows shown answer the current query (false while a new search, filter or sort is on its way). */
  fresh: boolean;
  error: string | null;
  retry: () => void;
};

/**
 * The all-agents table's data, paged on the server (score:agents). Every query (search, verdict, sort,
 * or a change elsewhere in the workspace) starts a new generation; answers from an older generation
 * are dropped, so a slow early request never overwrites the results of a later one.
 */
export function useAgentPages(query: AgentQuery): AgentPages {
  const revision = useAppStore((s) => s.revision);
  const key = JSON.stringify([query.workspaceId, query.q, query.verdict, query.sort, query.dir, revision]);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(0);
  const current = useRef(key);
  const inFlight = useRef(new Set<string>());
  current.current = key;

  const fetchPage = useCallback(
    (page: number) => {
      const id = `${key}#${page}`;
      if (inFlight.current.has(id)) return;
      inFlight.current.add(id);
      setPending((n) => n + 1);
      api
        .call('score:agents', {
          workspaceId: query.workspaceId,
          q: query.q,
          verdict: query.verdict,
          sort: query.sort,
          dir: query.dir,
          offset: page * PAGE_SIZE,
          limit: PAGE_SIZE,
        })
        .then(
          (r) => {
            if (current.current !== key) return; // an older query: its answer is stale
            setError(null);
            setLoaded((prev) => {
              const pages = prev && prev.key === key ? new Map(prev.pages) : new Map<number, AgentRowView[]>();
              pages.set(page, r.rows);
              return { key, total: r.total, all: r.all, pages };
            });
          },
          (err: unknown) => {
            if (current.current === key) setError(errorMessage(err));
          },
        )
        .finally(() => {
          inFlight.current.delete(id);
          setPending((n) => n - 1);
        });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` covers every field of the query
    [key],
  );

  // A new query starts from its first page; the table scrolls back to the top.
  useEffect(() => {
    setError(null);
    fetchPage(0);
  }, [fetchPage]);

  const fresh = loaded !== null && loaded.key === key;
  const ensure = useCallback(
    (start: number, end: number) => {
      if (!fresh || !loaded || error) return; // wait for the first page (it says how many rows there are); after a failure, for Retry
      const last = Math.min(end, loaded.total - 1);
      for (let p = Math.floor(Math.max(0, start) / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++)
        if (!loaded.pages.has(p)) fetchPage(p);
    },
    [fresh, loaded, error, fetchPage],
  );
  const retry = useCallback(() => {
    setError(null);
    if (!fresh) fetchPage(0);
  }, [fresh, fetchPage]);

  return {
    total: loaded?.total ?? null,
    all: loaded?.all ?? null,
    rowAt: (index) => loaded?.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    ensure,
    loading: !fresh || pending > 0,
    fresh,
    error,
    retry,
  };
}
