import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { OpenableRow, SortableHeader } from '../../components/tableParts';
import type { AgentSortKey } from '../../../core/scoring/contract';
import { VERDICT_LABELS, type Verdict } from '../../../core/scoring/types';
import { Delta, VerdictBadge } from './common';
import { useAgentPages, type AgentQuery, type AgentRowView } from './useAgentPages';
import { UserText } from '../../components/UserText';

export type { AgentRowView } from './useAgentPages';

const ROW_HEIGHT = 40;
/** Typing waits this long for the next key before asking the server (each request is a few ms at 10k agents). */
const SEARCH_DEBOUNCE_MS = 120;

const COLUMNS: { key: AgentSortKey; label: string; render: (r: AgentRowView) => ReactNode }[] = [
  { key: 'name', label: 'Agent', render: (r) => <UserText text={r.agentName} /> },
  { key: 'verdict', label: 'Verdict', render: (r) => <VerdictBadge verdict={r.verdict} /> },
  { key: 'score', label: 'Score', render: (r) => r.score },
  { key: 'delta', label: 'Since last', render: (r) => <Delta value={r.delta} /> },
  { key: 'findings', label: 'Open findings', render: (r) => r.openFindings },
  { key: 'blast', label: 'Blast radius', render: (r) => r.blastRadius },
  { key: 'lifecycle', label: 'Lifecycle', render: (r) => r.lifecycle },
];

/**
 * Every agent's score, searchable, filterable and sortable on the server, a page at a time (10k agents
 * never load at once); only the visible rows render. Enter or click opens the agent's assessment.
 */
export function AgentScoresTable({
  workspaceId,
  agentCount,
  onOpen,
}: {
  workspaceId: string;
  agentCount: number;
  onOpen: (agentId: string) => void;
}) {
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [verdict, setVerdict] = useState<'all' | Verdict>('all');
  const [sort, setSort] = useState<{ key: AgentSortKey; dir: 'asc' | 'desc' }>({ key: 'verdict', dir: 'asc' });
  useEffect(() => {
    const t = setTimeout(() => setQ(text.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text]);
  const query: AgentQuery = { workspaceId, q, verdict, sort: sort.key, dir: sort.dir };
  const data = useAgentPages(query);

  const scrollRef = useRef<HTMLDivElement>(null);
  const count = data.total ?? 0;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const { ensure } = data;
  useEffect(() => ensure(first, last), [ensure, first, last]);
  // A new search, filter or sort starts at the top of the list (the virtualiser's own offset too, not only the element's).
  useEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [virtualizer, q, verdict, sort]);
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);

  const status = data.error
    ? null
    : !data.fresh
      ? 'Loading agents…'
      : data.total === 0
        ? q || verdict !== 'all'
          ? `No agent matches${q ? ` “${q}”` : ''}${verdict !== 'all' ? ` among ${VERDICT_LABELS[verdict].toLowerCase()} agents` : ''}.`
          : 'No agents.'
        : data.total === data.all
          ? `${data.total} agents`
          : `${data.total} of ${data.all} agents`;

  return (
    <section aria-labelledby="all-agents-title">
      <h2 id="all-agents-title">All agents ({data.all ?? agentCount})</h2>
      <div className="toolbar">
        <div className="field inline">
          <label htmlFor="agent-filter">Filter by name</label>
          <input
            id="agent-filter"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            maxLength={200}
            aria-controls="all-agents-table"
          />
        </div>
        <div className="field inline">
          <label htmlFor="agent-verdict">Verdict</label>
          <select
            id="agent-verdict"
            value={verdict}
            onChange={(e) => setVerdict(e.target.value as 'all' | Verdict)}
            aria-controls="all-agents-table"
          >
            <option value="all">All verdicts</option>
            {(Object.keys(VERDICT_LABELS) as Verdict[]).map((v) => (
              <option key={v} value={v}>
                {VERDICT_LABELS[v]}
              </option>
            ))}
          </select>
        </div>
        <span role="status" aria-live="polite" data-testid="agents-status">
          {status}
        </span>
      </div>
      {data.error && (
        <p className="form-error" role="alert">
          The agents could not be loaded: {data.error}{' '}
          <button type="button" onClick={data.retry}>
            Retry
          </button>
        </p>
      )}
      {data.total === null ? (
        !data.error && (
          <p aria-busy="true" className="muted">
            Loading agents…
          </p>
        )
      ) : (
        // Kept mounted when nothing matches (hidden), so the virtualiser keeps one scroll element and its offset stays true.
        <div className="table-scroll" ref={scrollRef} tabIndex={-1} hidden={data.fresh && data.total === 0}>
          <table
            id="all-agents-table"
            className="data-table"
            aria-rowcount={count + 1}
            aria-busy={data.loading}
            style={data.fresh ? undefined : { opacity: 0.6 }}
          >
            <caption className="sr-only">Agent readiness scores; press Enter on a row to open its assessment</caption>
            <thead>
              <tr aria-rowindex={1}>
                {COLUMNS.map((c) => {
                  const active = sort.key === c.key;
                  return (
                    <SortableHeader
                      key={c.key}
                      label={c.label}
                      active={active}
                      ascending={sort.dir === 'asc'}
                      onSort={() => setSort({ key: c.key, dir: active && sort.dir === 'asc' ? 'desc' : 'asc' })}
                    />
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {padTop > 0 && <tr aria-hidden="true" style={{ height: padTop }} />}
              {items.map((vi) => {
                const row = data.rowAt(vi.index);
                if (!row) {
                  return (
                    <tr key={`loading-${vi.index}`} aria-rowindex={vi.index + 2}>
                      <td colSpan={COLUMNS.length} className="muted">
                        Loading…
                      </td>
                    </tr>
                  );
                }
                return (
                  <OpenableRow key={row.agentId} index={vi.index} onOpen={() => onOpen(row.agentId)}>
                    {COLUMNS.map((c) => (
                      <td key={c.key}>{c.render(row)}</td>
                    ))}
                  </OpenableRow>
                );
              })}
              {padBottom > 0 && <tr aria-hidden="true" style={{ height: padBottom }} />}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
