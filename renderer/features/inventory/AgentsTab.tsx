import { useEffect, useMemo, useState } from 'react';
import type { InventoryOverview, AgentSummary } from '../../../core/inventory/contract';
import { LIFECYCLES } from '../../../core/inventory/model';
import { RISK_LEVELS } from '../../../core/inventory/risk';
import { api } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { PagedTable, type PagedColumn, type ServerSort } from '../../components/PagedTable';
import { usePagedRows } from '../../components/usePagedRows';
import type { AgentSort } from '../../../core/inventory/paging';
import { EmptyState } from '../../components/EmptyState';
import { RiskBadge } from '../../components/RiskBadge';
import { ProvenanceBadge, useProvenance } from '../discovery/ProvenanceBadge';
import { agentFields, agentInput, agentValues } from './forms';
import { ListToolbar } from './ListToolbar';
import { useEntityActions } from './useEntityActions';
import { useCan } from '../team/team';

/** Rows per request: a screenful is about 15 rows, so one page covers several screens of scrolling. */
const PAGE_SIZE = 100;
/** Typing waits this long for the next key before asking the server. */
const SEARCH_DEBOUNCE_MS = 120;

/**
 * The agents list, searched, filtered and sorted on the server a page at a time (issue 16: 100k agents
 * never load at once); only the visible rows render. `data` is the overview without agents (its counts,
 * workflows, systems and environments).
 */
export function AgentsTab({ data }: { data: InventoryOverview }) {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const navigate = useAppStore((s) => s.navigate);
  const [query, setQuery] = useState('');
  const [q, setQ] = useState('');
  const [lifecycle, setLifecycle] = useState('');
  const [risk, setRisk] = useState('');
  const [workflowId, setWorkflowId] = useState('');
  const [sort, setSort] = useState<ServerSort<AgentSort>>({ key: 'name', dir: 'asc' });
  useEffect(() => {
    const t = setTimeout(() => setQ(query.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [query]);
  const { dialog, edit } = useEntityActions();
  const can = useCan();
  const provenance = useProvenance(workspaceId);
  const workflowNames = useMemo(() => new Map(data.workflows.map((w) => [w.id, w.name])), [data.workflows]);

  const key = JSON.stringify([workspaceId, q, lifecycle, risk, workflowId, sort]);
  const rows = usePagedRows<AgentSummary>(key, PAGE_SIZE, (offset, limit) =>
    api
      .call('inventory:overview', {
        workspaceId,
        offset,
        limit,
        q,
        sort: sort.key,
        dir: sort.dir,
        ...(lifecycle ? { lifecycle: lifecycle as AgentSummary['lifecycle'] } : {}),
        ...(risk ? { riskLevel: risk as AgentSummary['riskLevel'] } : {}),
        ...(workflowId ? { workflowId } : {}),
      })
      .then((o) => ({ rows: o.agents, total: o.page.matched, all: o.page.agentTotal })),
  );

  const columns: PagedColumn<AgentSummary, AgentSort>[] = [
    { key: 'name', label: 'Agent', sort: 'name', render: (a) => <span className="strong">{a.name}</span> },
    {
      key: 'lifecycle',
      label: 'Status',
      sort: 'lifecycle',
      render: (a) => <span className={`pill lifecycle-${a.lifecycle}`}>{a.lifecycle}</span>,
    },
    {
      key: 'owner',
      label: 'Accountable owner',
      sort: 'owner',
      render: (a) => a.accountableOwner || <span className="warning-text">No accountable owner</span>,
    },
    { key: 'workflows', label: 'Workflows', render: (a) => a.workflowIds.map((id) => workflowNames.get(id) ?? '').join(', ') },
    { key: 'grants', label: 'Grants', sort: 'grants', render: (a) => a.grantCount },
    {
      key: 'source',
      label: 'Source',
      render: (a) => <ProvenanceBadge record={provenance.get(`agent:${a.id}`)} />,
    },
    {
      key: 'risk',
      label: 'Riskiest access',
      sort: 'risk',
      render: (a) => <RiskBadge level={a.riskLevel} reason={a.riskReason} />,
    },
  ];

  const create = () =>
    edit({
      title: 'New agent',
      fields: agentFields(data.workflows),
      initial: agentValues(),
      submitLabel: 'Create agent',
      save: async (v) => {
        const agent = await api.call('agent:create', { workspaceId, agent: agentInput(v) });
        navigate('agent', { id: agent.id });
      },
    });

  return (
    <>
      <ListToolbar
        label="agents"
        query={query}
        onQuery={setQuery}
        shown={rows.total ?? data.page.agentTotal}
        total={rows.all ?? data.page.agentTotal}
        action={
          can('agent:create') ? (
            <button type="button" className="primary" onClick={create}>
              New agent
            </button>
          ) : null
        }
      >
        <div className="field inline">
          <label htmlFor="filter-lifecycle">Status</label>
          <select id="filter-lifecycle" value={lifecycle} onChange={(e) => setLifecycle(e.target.value)}>
            <option value="">Any</option>
            {LIFECYCLES.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="filter-workflow">Workflow</label>
          <select id="filter-workflow" value={workflowId} onChange={(e) => setWorkflowId(e.target.value)}>
            <option value="">Any</option>
            {data.workflows.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="filter-risk">Risk</label>
          <select id="filter-risk" value={risk} onChange={(e) => setRisk(e.target.value)}>
            <option value="">Any</option>
            {RISK_LEVELS.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </div>
      </ListToolbar>
      {rows.error && (
        <p className="form-error" role="alert">
          The agents could not be loaded: {rows.error}{' '}
          <button type="button" onClick={rows.retry}>
            Retry
          </button>
        </p>
      )}
      {(rows.all ?? data.page.agentTotal) === 0 ? (
        <EmptyState
          title="No agents yet"
          action={
            <button type="button" className="primary" onClick={create}>
              Add your first agent
            </button>
          }
        >
          List each AI agent that can act on your systems, then record what it may do where.
        </EmptyState>
      ) : rows.fresh && rows.total === 0 ? (
        <EmptyState title="No agents match">Clear the search or the filters to see all {rows.all} agents.</EmptyState>
      ) : rows.total === null ? (
        !rows.error && <p aria-busy="true">Loading agents…</p>
      ) : (
        <PagedTable
          caption="Agents"
          rows={rows}
          columns={columns}
          rowKey={(a) => a.id}
          sort={sort}
          onSort={setSort}
          resetKey={key}
          onOpen={(a) => navigate('agent', { id: a.id })}
        />
      )}
      {dialog}
    </>
  );
}
