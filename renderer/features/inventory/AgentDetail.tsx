import { HistoryPanel } from '../history/HistoryPanel';
import { useMemo } from 'react';
import { grantFields as grantRegistry } from '../../../core/inventory/fields';
import type { Grant, GrantInput } from '../../../core/inventory/model';
import { grantRisk } from '../../../core/inventory/risk';
import { api, ApiError } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { BackLink } from '../../components/BackLink';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { UserText } from '../../components/UserText';
import { DataTable, type Column } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { RiskBadge } from '../../components/RiskBadge';
import { useQuery } from '../../components/useQuery';
import { agentFields, agentInput, agentValues, GATE_LABELS, grantFields, grantInput, grantValues } from './forms';
import { registryColumns } from './registry-columns';
import { ProvenanceBadge, provenanceSort, useProvenance } from '../discovery/ProvenanceBadge';
import { useEntityActions } from './useEntityActions';
import { GrantApprovalCell } from './GrantApproval';
import { useState, type ReactNode } from 'react';
import { useCan } from '../team/team';

/** "62 → 48 (-14)", or "unchanged at 62". */
export const scoreChange = (before: number, after: number): string => {
  const b = Math.round(before);
  const a = Math.round(after);
  return a === b ? `unchanged at ${a}` : `${b} → ${a} (${a > b ? '+' : ''}${a - b})`;
};

/** One agent: who owns it, what it serves, and every permission it holds, with the risk of each. */
export function AgentDetail({ id }: { id: string }) {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const { navigate, bump, notify } = useAppStore.getState();
  const q = useQuery(() => api.call('agent:get', { workspaceId, id }), [workspaceId, id]);
  const { dialog, edit, remove } = useEntityActions();
  const [confirm, setConfirm] = useState<ReactNode>(null);
  const d = q.data;
  const systems = useMemo(() => new Map(d?.systems.map((s) => [s.id, s]) ?? []), [d]);
  const envs = useMemo(() => new Map(d?.environments.map((e) => [e.id, e]) ?? []), [d]);
  const provenance = useProvenance(workspaceId);
  const can = useCan();

  if (q.error)
    return (
      <p className="form-error" role="alert">
        {q.error}{' '}
        <button type="button" onClick={() => navigate('inventory')}>
          Back to inventory
        </button>
      </p>
    );
  if (!d) return <p aria-busy="true">Loading agent…</p>;
  const { agent } = d;

  const readinessScore = async (): Promise<number> => (await api.call('score:agent', { workspaceId, agentId: agent.id })).score.score;
  const editGrant = (g?: Grant): void =>
    edit({
      title: g ? 'Edit grant' : `New grant for ${agent.name}`,
      fields: grantFields(d.systems, d.environments),
      initial: grantValues(g, d.systems),
      submitLabel: g ? 'Save grant' : 'Add grant',
      // A duplicate is refused with the existing grant's id: offer to open that one instead.
      errorAction: (err) => {
        const existingId = err instanceof ApiError && err.code === 'CONFLICT' ? err.details?.existingGrantId : undefined;
        const existing = d.grants.find((x) => x.id === existingId);
        return existing ? { label: 'Open the existing grant', run: () => editGrant(existing) } : null;
      },
      ...(g ? { version: g.version, currentValues: (current: Record<string, unknown>) => grantValues(current as Grant, d.systems) } : {}),
      save: async (v, expectedVersion) => {
        const before = await readinessScore();
        if (g) await api.call('grant:update', { workspaceId, id: g.id, grant: grantInput(agent.id, v), expectedVersion });
        else await api.call('grant:create', { workspaceId, grant: grantInput(agent.id, v) });
        const after = await readinessScore();
        notify(`Grant ${g ? 'saved' : 'added'}. ${agent.name}'s readiness score: ${scoreChange(before, after)}.`);
      },
    });

  const systemName = (g: Grant) => systems.get(g.systemId)?.name ?? '';
  const envName = (g: Grant) => envs.get(g.environmentId)?.name ?? '';
  const columns: Column<Grant>[] = [
    ...registryColumns<GrantInput, Grant>(grantRegistry, {
      omit: ['agentId', 'justification'],
      label: { scope: 'Scope', credentialIdentity: 'Credential', expiresAt: 'Expires' },
      render: {
        systemId: systemName,
        environmentId: envName,
        approvalGate: (g) => GATE_LABELS[g.approvalGate],
        scope: (g) => <code>{g.scope}</code>,
        credentialIdentity: (g) => g.credentialIdentity || <span className="muted">not recorded</span>,
        expiresAt: (g) => g.expiresAt ?? <span className="warning-text">Never</span>,
      },
      sortValue: {
        systemId: systemName,
        environmentId: envName,
        scope: null,
        credentialIdentity: null,
        expiresAt: (g) => g.expiresAt ?? '9999',
      },
    }),
    {
      key: 'source',
      label: 'Source',
      sortValue: (g) => provenanceSort(provenance.get(`grant:${g.id}`)),
      render: (g) => <ProvenanceBadge record={provenance.get(`grant:${g.id}`)} />,
    },
    {
      key: 'risk',
      label: 'Risk',
      render: (g) => {
        const r = grantRisk(g, envs.get(g.environmentId)?.tier ?? 'production');
        return <RiskBadge level={r.level} reason={r.reason} />;
      },
    },
    {
      key: 'approval',
      label: 'Approval',
      render: (g) => <GrantApprovalCell grant={g} where={`${systemName(g)} in ${envName(g)}`} />,
    },
    {
      key: 'row-actions',
      label: 'Actions on grant',
      render: (g) => (
        <span className="row-actions">
          {can('grant:update', agent.workflowIds) && (
            <button
              type="button"
              onClick={() => editGrant(g)}
              aria-label={`Edit grant on ${systems.get(g.systemId)?.name ?? ''} ${envs.get(g.environmentId)?.name ?? ''}`}
            >
              Edit
            </button>
          )}
          <button
            type="button"
            aria-label={`History of grant on ${systems.get(g.systemId)?.name ?? ''} ${envs.get(g.environmentId)?.name ?? ''}`}
            onClick={() => navigate('history', { entity: 'grant', id: g.id })}
          >
            History
          </button>
          {can('grant:delete', agent.workflowIds) && (
            <button
              type="button"
              className="danger-text"
              aria-label={`Delete grant on ${systems.get(g.systemId)?.name ?? ''} ${envs.get(g.environmentId)?.name ?? ''}`}
              onClick={() =>
                setConfirm(
                  <ConfirmDialog
                    title="Delete grant?"
                    message={`Remove ${g.actions.join(', ')} on ${systems.get(g.systemId)?.name ?? ''} (${envs.get(g.environmentId)?.name ?? ''}) from ${agent.name}?`}
                    confirmLabel="Delete grant"
                    onClose={() => setConfirm(null)}
                    onConfirm={async () => {
                      await api.call('grant:delete', { workspaceId, id: g.id });
                      notify('Grant deleted.');
                      bump();
                    }}
                  />,
                )
              }
            >
              Delete
            </button>
          )}
        </span>
      ),
    },
  ];

  const workflowNames = d.workflows.filter((w) => agent.workflowIds.includes(w.id)).map((w) => w.name);
  return (
    <article aria-labelledby="agent-title">
      <p>
        <BackLink fallback={{ id: 'inventory', params: {} }} />
      </p>
      <header className="page-header">
        <h1 id="agent-title">
          <UserText text={agent.name} />
        </h1>
        <span className={`pill lifecycle-${agent.lifecycle}`}>{agent.lifecycle}</span>
        <span className="spacer" />
        {can('agent:update', agent.workflowIds) && (
          <button
            type="button"
            onClick={() =>
              edit({
                title: `Edit agent "${agent.name}"`,
                fields: agentFields(d.workflows),
                initial: agentValues(agent),
                submitLabel: 'Save changes',
                version: agent.version,
                currentValues: (current) => agentValues(current as typeof agent),
                save: async (v, expectedVersion) =>
                  void (await api.call('agent:update', { workspaceId, id: agent.id, agent: agentInput(v), expectedVersion })),
              })
            }
          >
            Edit agent
          </button>
        )}
        {can('agent:delete', agent.workflowIds) && (
          <button type="button" className="danger" onClick={() => remove('agent', agent.id, agent.name, () => navigate('inventory'))}>
            Delete agent
          </button>
        )}
      </header>
      {agent.purpose && <p className="lede">{agent.purpose}</p>}
      <ReadinessLine workspaceId={workspaceId} agentId={agent.id} />
      <dl className="facts">
        <Fact label="Accountable owner" value={agent.accountableOwner} missing="No accountable owner" />
        <Fact label="Technical operator" value={agent.technicalOperator} />
        <Fact label="Escalation contact" value={agent.escalationContact} missing="No escalation contact" />
        <Fact label="Vendor / model" value={agent.vendorModel} />
        <Fact label="Workflows" value={workflowNames.join(', ')} />
      </dl>
      <section aria-labelledby="grants-title">
        <div className="section-header">
          <h2 id="grants-title">Permissions ({d.grants.length})</h2>
          <span className="spacer" />
          {can('grant:create', agent.workflowIds) && (
            <button type="button" className="primary" onClick={() => editGrant()} disabled={d.systems.length === 0}>
              Add grant
            </button>
          )}
        </div>
        {d.systems.length === 0 ? (
          <EmptyState
            title="Add a system first"
            action={
              <button type="button" onClick={() => navigate('inventory', { tab: 'systems' })}>
                Go to systems
              </button>
            }
          >
            A grant says what this agent may do on a system in an environment. Record the systems it touches first.
          </EmptyState>
        ) : d.grants.length === 0 ? (
          <EmptyState title="No permissions recorded">
            Add each system, environment and action this agent can perform, with the approval gate that guards it.
          </EmptyState>
        ) : (
          <DataTable caption={`Permissions of ${agent.name}`} rows={d.grants} columns={columns} rowKey={(g) => g.id} />
        )}
      </section>
      <HistoryPanel entity={null} entityId={agent.id} title="History of this agent" />
      {dialog}
      {confirm}
    </article>
  );
}

const VERDICT_LABEL: Record<string, string> = { ready: 'Ready', conditional: 'Conditional', 'not-ready': 'Not ready' };

/** The agent's readiness score and verdict, with the way into its assessment. */
function ReadinessLine({ workspaceId, agentId }: { workspaceId: string; agentId: string }) {
  const q = useQuery(() => api.call('score:agent', { workspaceId, agentId }), [workspaceId, agentId]);
  const s = q.data?.score;
  return (
    <p className="readiness-line">
      {s ? (
        <>
          Readiness: <strong>{Math.round(s.score)}/100</strong>, <strong>{VERDICT_LABEL[s.verdict] ?? s.verdict}</strong>
          {s.openFindings > 0 && ` · ${s.openFindings} open finding${s.openFindings === 1 ? '' : 's'}`}{' '}
        </>
      ) : (
        q.error && <span className="muted">Readiness unavailable: {q.error} </span>
      )}
      <button type="button" className="link-button" onClick={() => useAppStore.getState().navigate('readiness-agent', { id: agentId })}>
        Open readiness assessment
      </button>
    </p>
  );
}

function Fact({ label, value, missing }: { label: string; value: string; missing?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value || (missing ? <span className="warning-text">{missing}</span> : <span className="muted">—</span>)}</dd>
    </div>
  );
}
