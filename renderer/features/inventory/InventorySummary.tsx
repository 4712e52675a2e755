import { api } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { RiskBadge } from '../../components/RiskBadge';
import { useQuery } from '../../components/useQuery';

/** A summary stays short at any size: the full list (virtualised) is the inventory's. */
const SHOWN = 15;

/** Inventory at a glance: counts and the agents with critical access. */
export function InventorySummary() {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const navigate = useAppStore((s) => s.navigate);
  const q = useQuery(() => api.call('inventory:summary', { workspaceId, limit: SHOWN }), [workspaceId]);
  if (q.error)
    return (
      <p className="form-error" role="alert">
        {q.error}
      </p>
    );
  if (!q.data) return <p aria-busy="true">Loading…</p>;
  const d = q.data;
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">Inventory summary</h2>
      <ul className="stat-row">
        <li className="stat">
          <span className="stat-value">{d.agents}</span> agents
        </li>
        <li className="stat">
          <span className="stat-value">{d.workflows}</span> workflows
        </li>
        <li className="stat">
          <span className="stat-value">{d.systems}</span> systems
        </li>
        <li className="stat">
          <span className="stat-value">{d.grants}</span> grants
        </li>
      </ul>
      {/* With no agents the readiness panel above already offers the way to the inventory. */}
      {d.agents === 0 ? null : (
        <>
          <h3>Agents with critical access ({d.criticalCount})</h3>
          {d.criticalCount === 0 ? (
            <p>No agent can take a destructive action in production without approval.</p>
          ) : (
            <ul className="plain-list">
              {d.critical.map((a) => (
                <li key={a.id}>
                  <RiskBadge level="critical" />{' '}
                  <button type="button" className="link-button" onClick={() => navigate('agent', { id: a.id })}>
                    {a.name}
                  </button>
                  : {a.riskReason}
                </li>
              ))}
              {d.criticalCount > d.critical.length && (
                <li>
                  …and {d.criticalCount - d.critical.length} more.{' '}
                  <button type="button" className="link-button" onClick={() => navigate('inventory')}>
                    See every agent in the inventory
                  </button>{' '}
                  (filter by risk).
                </li>
              )}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
