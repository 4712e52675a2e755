import type { AgentSortKey } from '../../../core/scoring/contract';
import type { Verdict } from '../../../core/scoring/types';
import { api } from '../../api/client';
import { usePagedRows, type PagedRows } from '../../components/usePagedRows';

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

export type AgentPages = PagedRows<AgentRowView>;

/**
 * The all-agents table's data, paged on the server (score:agents). Every query (search, verdict, sort,
 * or a change elsewhere in the workspace) starts a new generation; answers from an older generation
 * are dropped, so a slow early request never overwrites the results of a later one.
 */
export function useAgentPages(query: AgentQuery): AgentPages {
  const key = JSON.stringify([query.workspaceId, query.q, query.verdict, query.sort, query.dir]);
  return usePagedRows<AgentRowView>(key, PAGE_SIZE, (offset, limit) =>
    api.call('score:agents', {
      workspaceId: query.workspaceId,
      q: query.q,
      verdict: query.verdict,
      sort: query.sort,
      dir: query.dir,
      offset,
      limit,
    }),
  );
}
