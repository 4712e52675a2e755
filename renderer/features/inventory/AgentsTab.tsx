import { useDeferredValue, useMemo, useState } from 'react';
import type { InventoryOverview, AgentSummary } from '../../../core/inventory/contract';
import { LIFECYCLES } from '../../../core/inventory/model';
import { RISK_LEVELS } from '../../../core/inventory/risk';
import { api } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { DataTable, type Column } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { RiskBadge } from '../../components/RiskBadge';
import { ProvenanceBadge, provenanceSort, useProvenance } from '../discovery/ProvenanceBadge';
import { agentFields, agentInput, agentValues } from './forms';
import { ListToolbar, matches } from './ListToolbar';
import { useEntityActions } from './useEntityActions';
import { useCan } from '../team/team';

export function AgentsTab({ data }: { data: InventoryOverview }) {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const navigate = useAppStore((s) => s.navigate);
  const [query, setQuery] = useState('');
  const [lifecycle, setLifecycle] = useState('');
  const [risk, setRisk] = useState('');
  const deferred = useDeferredValue(query);
  const { dialog, edit } = useEntityActions();
  const can = useCan();
  const provenance = useProvenance(workspaceId);
  const workflowNames = useMemo(() => new Map(data.workflows.map((w) => [w.id, w.name])), [data.workflows]);

  const rows = useMemo(
    () =>
      data.agents.filter(
        (a) =>
          (!lifecycle || a.lifecycle === lifecycle) &&
          (!risk || a.riskLevel === risk) &&
          matches(deferred, a.name, a.accountableOwner, a.purpose, a.vendorModel, a.technicalOperator),
      ),
    [data.agents, lifecycle, risk, deferred],
  );

  const columns: Column<AgentSummary>[] = [
    { key: 'name', label: 'Agent', sortValue: (a) => a.name, render: (a) => <span className="strong">{a.name}</span> },
    {
      key: 'lifecycle',
      label: 'Status',
      sortValue: (a) => LIFECYCLES.indexOf(a.lifecycle),
      render: (a) => <span className={`pill lifecycle-${a.lifecycle}`}>{a.lifecycle}</span>,
    },
    {
      key: 'owner',
      label: 'Accountable owner',
      sortValue: (a) => a.accountableOwner,
      render: (a) => a.accountableOwner || <span className="warning-text">No accountable owner</span>,
    },
    { key: 'workflows', label: 'Workflows', render: (a) => a.workflowIds.map((id) => workflowNames.get(id) ?? '').join(', ') },
    { key: 'grants', label: 'Grants', sortValue: (a) => a.grantCount, render: (a) => a.grantCount },
    {
      key: 'source',
      label: 'Source',
      sortValue: (a) => provenanceSort(provenance.get(`agent:${a.id}`)),
      render: (a) => <ProvenanceBadge record={provenance.get(`agent:${a.id}`)} />,
    },
    {
      key: 'risk',
      label: 'Riskiest access',
      sortValue: (a) => RISK_LEVELS.indexOf(a.riskLevel),
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
        shown={rows.length}
        total={data.agents.length}
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
      {data.agents.length === 0 ? (
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
      ) : rows.length === 0 ? (
        <EmptyState title="No agents match">Clear the search or the filters to see all {data.agents.length} agents.</EmptyState>
      ) : (
        <DataTable caption="Agents" rows={rows} columns={columns} rowKey={(a) => a.id} onOpen={(a) => navigate('agent', { id: a.id })} />
      )}
      {dialog}
    </>
  );
}
