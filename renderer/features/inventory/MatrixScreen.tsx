import { useEffect, useMemo, useState } from 'react';
import type { MatrixCell } from '../../../core/inventory/risk';
import { api } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { EmptyState } from '../../components/EmptyState';
import { useQuery } from '../../components/useQuery';
import { GATE_LABELS } from './forms';

const GATE_SHORT = { none: 'no gate', single: '1 approver', 'two-person': '2 approvers' } as const;
/** Agents per page: a page is a few screens of rows; at 100k agents the environment is never sent whole. */
const PAGE_SIZE = 100;
const SEARCH_DEBOUNCE_MS = 150;

/**
 * Agents x systems for one environment, each cell coloured by its riskiest grant. Answers
 * "who can delete in production without approval?" at a glance. Paged and filtered on the server
 * (by workflow, agent name and risk): the totals are the environment's, the rows one page.
 */
export function MatrixScreen({ environmentId }: { environmentId?: string | undefined }) {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const navigate = useAppStore((s) => s.navigate);
  const overview = useQuery(() => api.call('inventory:overview', { workspaceId, limit: 0 }), [workspaceId]);
  const envs = overview.data?.environments ?? [];
  const workflows = overview.data?.workflows ?? [];
  const env = envs.find((e) => e.id === environmentId) ?? envs.find((e) => e.tier === 'production') ?? envs[0];
  const [onlyRisky, setOnlyRisky] = useState(false);
  const [workflowId, setWorkflowId] = useState('');
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  useEffect(() => {
    const t = setTimeout(() => setQ(text.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text]);
  // A new environment or filter starts at the first page.
  useEffect(() => setOffset(0), [env?.id, onlyRisky, workflowId, q]);
  const matrix = useQuery(
    () =>
      env
        ? api.call('inventory:matrix', {
            workspaceId,
            environmentId: env.id,
            onlyRisky,
            q,
            offset,
            limit: PAGE_SIZE,
            ...(workflowId ? { workflowId } : {}),
          })
        : Promise.resolve(undefined),
    [workspaceId, env?.id, onlyRisky, q, offset, workflowId],
  );

  const { agents, systems, cellAt } = useMemo(() => {
    const byKey = new Map<string, MatrixCell>((matrix.data?.cells ?? []).map((c) => [`${c.agentId}|${c.systemId}`, c as MatrixCell]));
    return {
      agents: matrix.data?.agents ?? [],
      systems: matrix.data?.systems ?? [],
      cellAt: (a: string, s: string) => byKey.get(`${a}|${s}`),
    };
  }, [matrix.data]);

  const criticalCount = matrix.data?.criticalCount ?? 0;
  const total = matrix.data?.agentTotal ?? 0;
  const filtered = onlyRisky || !!workflowId || !!q;
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
        <div className="field inline">
          <label htmlFor="matrix-workflow">Workflow</label>
          <select id="matrix-workflow" value={workflowId} onChange={(e) => setWorkflowId(e.target.value)}>
            <option value="">Any</option>
            {workflows.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="matrix-search">Agent name</label>
          <input id="matrix-search" type="search" value={text} maxLength={200} onChange={(e) => setText(e.target.value)} />
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={onlyRisky} onChange={(e) => setOnlyRisky(e.target.checked)} /> Only high and critical
        </label>
        <span className="spacer" />
        {env && matrix.data && (
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
      ) : total === 0 ? (
        <EmptyState title={filtered ? (onlyRisky ? 'Nothing high or critical here' : 'No agent matches') : 'No grants in this environment'}>
          {filtered ? 'Clear the filters to see every grant.' : 'Add grants from an agent’s page to see them here.'}
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
              {agents.map((a) => (
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
          <Pager offset={offset} shown={agents.length} total={total} onPage={setOffset} />
        </div>
      )}
    </section>
  );
}

/** Previous / next page of agents, with where this page is; plain buttons, so Tab and Enter reach them. */
function Pager({ offset, shown, total, onPage }: { offset: number; shown: number; total: number; onPage: (offset: number) => void }) {
  if (total <= PAGE_SIZE) return null;
  return (
    <nav className="toolbar" aria-label="Matrix pages">
      <button type="button" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - PAGE_SIZE))}>
        Previous agents
      </button>
      <span aria-live="polite" data-testid="matrix-page">
        Agents {offset + 1}–{offset + shown} of {total}
      </span>
      <button type="button" disabled={offset + shown >= total} onClick={() => onPage(offset + PAGE_SIZE)}>
        Next agents
      </button>
    </nav>
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
