import { useMemo, useState } from 'react';
import type { Verdict } from '../../../core/scoring/types';
import { DataTable, type Column } from '../../components/DataTable';
import { Delta, VerdictBadge } from './common';

export type AgentRowView = { agentId: string; agentName: string; lifecycle: string; score: number; verdict: Verdict; capReasons: string[]; openFindings: number; blastRadius: number; delta: number | null };

const ORDER: Record<Verdict, number> = { 'not-ready': 0, conditional: 1, ready: 2 };

/** Every agent's score, sortable and virtualised (10k agents stay fast); Enter or click opens the assessment. */
export function AgentScoresTable({ rows, onOpen }: { rows: AgentRowView[]; onOpen: (agentId: string) => void }) {
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return f ? rows.filter((r) => r.agentName.toLowerCase().includes(f)) : rows;
  }, [rows, filter]);
  const columns: Column<AgentRowView>[] = [
    { key: 'name', label: 'Agent', sortValue: (r) => r.agentName, render: (r) => r.agentName },
    { key: 'verdict', label: 'Verdict', sortValue: (r) => ORDER[r.verdict], render: (r) => <VerdictBadge verdict={r.verdict} /> },
    { key: 'score', label: 'Score', sortValue: (r) => r.score, render: (r) => r.score },
    { key: 'delta', label: 'Since last', sortValue: (r) => r.delta ?? 0, render: (r) => <Delta value={r.delta} /> },
    { key: 'findings', label: 'Open findings', sortValue: (r) => r.openFindings, render: (r) => r.openFindings },
    { key: 'blast', label: 'Blast radius', sortValue: (r) => r.blastRadius, render: (r) => r.blastRadius },
    { key: 'lifecycle', label: 'Lifecycle', sortValue: (r) => r.lifecycle, render: (r) => r.lifecycle },
  ];
  return (
    <section aria-labelledby="all-agents-title">
      <h2 id="all-agents-title">All agents ({rows.length})</h2>
      <div className="field inline">
        <label htmlFor="agent-filter">Filter by name</label>
        <input id="agent-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </div>
      {shown.length === 0 ? (
        <p role="status">No agent matches “{filter}”.</p>
      ) : (
        <DataTable rows={shown} columns={columns} rowKey={(r) => r.agentId} caption="Agent readiness scores; press Enter on a row to open its assessment" onOpen={(r) => onOpen(r.agentId)} initialSort="verdict" />
      )}
    </section>
  );
}
