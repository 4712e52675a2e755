import { useMemo, useState } from 'react';
import type { MatrixCell } from '../../../core/inventory/risk';
import { api } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { EmptyState } from '../../components/EmptyState';
import { useQuery } from '../../components/useQuery';
import { GATE_LABELS } from './forms';

const GATE_SHORT = { none: 'no gate', single: '1 approver', 'two-person': '2 approvers' } as const;
const MAX_ROWS = 300;

/**
 * Agents x systems for one environment, each cell coloured by its riskiest grant. Answers
 * "who can delete in production without approval?" at a glance.
 */
export function MatrixScreen({ environmentId }: { environmentId?: string | undefined }) {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const navigate = useAppStore((s) => s.navigate);
  const overview = useQuery(() => api.call('inventory:overview', { workspaceId }), [workspaceId]);
  const envs = overview.data?.environments ?? [];
  const env = envs.find((e) => e.id === environmentId) ?? envs.find((e) => e.tier === 'production') ?? envs[0];
  const matrix = useQuery(
    () => (env ? api.call('inventory:matrix', { workspaceId, environmentId: env.id }) : Promise.resolve(undefined)),
    [workspaceId, env?.id],
  );
  const [onlyRisky, setOnlyRisky] = useState(false);

  const { agents, systems, cellAt } = useMemo(() => {
    const cells = matrix.data?.cells ?? [];
    const byKey = new Map<string, MatrixCell>(cells.map((c) => [`${c.agentId}|${c.systemId}`, c as MatrixCell]));
    const visible = onlyRisky ? cells.filter((c) => c.level === 'critical' || c.level === 'high') : cells;
    const agentIds = new Set(visible.map((c) => c.agentId));
    const systemIds = new Set(visible.map((c) => c.systemId));
    return {
      agents: (overview.data?.agents ?? []).filter((a) => agentIds.has(a.id)),
      systems: (overview.data?.systems ?? []).filter((s) => systemIds.has(s.id)),
      cellAt: (a: string, s: string) => byKey.get(`${a}|${s}`),
    };
  }, [matrix.data, overview.data, onlyRisky]);

  const criticalCount = matrix.data?.cells.filter((c) => c.level === 'critical').length ?? 0;
  return (
    <section aria-labelledby="matrix-title">
      <h1 id="matrix-title">Permission matrix</h1>
      <div className="toolbar">
        <div className="field inline">
          <label htmlFor="matrix-env">Environment</label>
          <select id="matrix-env" value={env?.id ?? ''} onChange={(e) => navigate('matrix', { env: e.target.value })}>
            {envs.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name} ({e.tier})
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={onlyRisky} onChange={(e) => setOnlyRisky(e.target.checked)} /> Only high and critical
        </label>
        <span className="spacer" />
        {env && (
          <strong role="status" className={criticalCount ? 'warning-text' : ''}>
            {criticalCount === 0
              ? `No critical access in ${env.name}`
              : `${criticalCount} critical: destructive actions in ${env.name} without approval`}
          </strong>
        )}
      </div>
      <Legend />
      {matrix.error && (
        <p className="form-error" role="alert">
          {matrix.error}
        </p>
      )}
      {!matrix.data ? (
        <p aria-busy="true">Loading matrix…</p>
      ) : agents.length === 0 ? (
        <EmptyState title={onlyRisky ? 'Nothing high or critical here' : 'No grants in this environment'}>
          {onlyRisky ? 'Untick the filter to see every grant.' : 'Add grants from an agent’s page to see them here.'}
        </EmptyState>
      ) : (
        <div className="matrix-scroll">
          <table className="matrix" aria-describedby="matrix-legend">
            <caption className="sr-only">Permissions of each agent on each system in {env?.name}</caption>
            <thead>
              <tr>
                <th scope="col">Agent</th>
                {systems.map((s) => (
                  <th scope="col" key={s.id}>
                    {s.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {agents.slice(0, MAX_ROWS).map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <button type="button" className="link-button" onClick={() => navigate('agent', { id: a.id })}>
                      {a.name}
                    </button>
                  </th>
                  {systems.map((s) => {
                    const c = cellAt(a.id, s.id);
                    return (
                      <td
                        key={s.id}
                        className={c ? `cell risk-${c.level}` : 'cell'}
                        title={c ? `${c.reason} (${GATE_LABELS[c.weakestGate]})` : undefined}
                        data-level={c?.level ?? 'none'}
                      >
                        {c ? (
                          <>
                            <span className="cell-actions">{c.actions.join(', ')}</span>
                            <span className="cell-gate">{GATE_SHORT[c.weakestGate]}</span>
                            <span className="sr-only">
                              Risk {c.level}: {c.reason}
                            </span>
                          </>
                        ) : (
                          <span className="sr-only">no access</span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          {agents.length > MAX_ROWS && (
            <p className="muted">
              Showing the first {MAX_ROWS} of {agents.length} agents. Tick “Only high and critical” or pick an environment to narrow it.
            </p>
          )}
        </div>
      )}
    </section>
  );
}

function Legend() {
  return (
    <ul className="legend" id="matrix-legend" aria-label="Legend">
      <li>
        <span className="swatch risk-critical" /> Critical: destructive action in production, no approval
      </li>
      <li>
        <span className="swatch risk-high" /> High: destructive with one approver, or production writes without approval
      </li>
      <li>
        <span className="swatch risk-medium" /> Medium: gated production changes, or ungated destructive in staging
      </li>
      <li>
        <span className="swatch risk-low" /> Low: reads, or changes outside production
      </li>
    </ul>
  );
}
