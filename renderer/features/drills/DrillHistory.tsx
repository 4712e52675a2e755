import { useState } from 'react';
import { api } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { EmptyState } from '../../components/EmptyState';
import { AgentPicker } from '../../components/AgentPicker';
import { useQuery } from '../../components/useQuery';
import { fmtDuration, fmtPct, localDateTime } from './format';
import { lazyChart } from '../../components/lazyChart';
import './drills.css';
import { UserText } from '../../components/UserText';

/** Trend chart in ./DrillTrendChart, loaded on first use (recharts is a large part of the renderer's code). */
const TrendChart = lazyChart(() => import('./DrillTrendChart').then((m) => m.DrillTrendChart));

/** Every drill, filterable by scenario and agent, with TTD/TTC/TTR trends per scenario and per agent. */
export function DrillHistory() {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const navigate = useAppStore((s) => s.navigate);
  const [scenarioId, setScenarioId] = useState('');
  const [agentId, setAgentId] = useState('');
  const scenarios = useQuery(() => api.call('drills:scenarios', { workspaceId }), [workspaceId]);
  const hist = useQuery(
    () => api.call('drills:history', { workspaceId, scenarioId: scenarioId || null, agentId: agentId || null }),
    [workspaceId, scenarioId, agentId],
  );
  return (
    <section aria-labelledby="hist-title">
      <h1 id="hist-title">Drill history</h1>
      <div className="filters">
        <div className="field">
          <label htmlFor="hist-scenario">Scenario</label>
          <select id="hist-scenario" value={scenarioId} onChange={(e) => setScenarioId(e.target.value)}>
            <option value="">All scenarios</option>
            {scenarios.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <AgentPicker
            id="hist-agent"
            label="Agent"
            single
            noneLabel="All agents"
            workspaceId={workspaceId}
            value={agentId ? [agentId] : []}
            onChange={(ids) => setAgentId(ids[0] ?? '')}
          />
        </div>
        <button type="button" onClick={() => navigate('drills')} style={{ marginBottom: '0.75rem' }}>
          Scenario library
        </button>
      </div>
      {hist.error && (
        <p className="form-error" role="alert">
          {hist.error}
        </p>
      )}
      {hist.data && hist.data.rows.length === 0 && (
        <EmptyState title="No drills yet">Run a drill from the scenario library; it will appear here with its measures.</EmptyState>
      )}
      {hist.data && hist.data.rows.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-label="Drills">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Scenario</th>
                <th scope="col">Agents</th>
                <th scope="col">Status</th>
                <th scope="col">TTD</th>
                <th scope="col">TTC</th>
                <th scope="col">TTR</th>
                <th scope="col">Decisions</th>
                <th scope="col">Data lost</th>
                <th scope="col">AAR</th>
                <th scope="col">
                  <span className="sr-only">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {hist.data.rows.map((r) => (
                <tr key={r.drill.id}>
                  <td>{localDateTime(r.drill.startedAt ?? r.drill.createdAt)}</td>
                  <td>
                    <UserText text={r.drill.scenarioTitle} />
                    {r.drill.timeScale !== 1 ? <span className="muted small"> ({r.drill.timeScale}×)</span> : null}
                  </td>
                  <td>
                    <UserText text={r.drill.agents.map((a) => a.name).join(', ')} />
                  </td>
                  <td>{r.drill.status}</td>
                  <td>{fmtDuration(r.ttdMs)}</td>
                  <td>{fmtDuration(r.ttcMs)}</td>
                  <td>{fmtDuration(r.ttrMs)}</td>
                  <td>
                    {r.drill.status === 'completed'
                      ? `${fmtPct(r.decisionAccuracy)} (${r.onTime} on time, ${r.late} late, ${r.missed} missed)`
                      : '—'}
                  </td>
                  <td>{r.dataLossMinutes !== null ? `${r.dataLossMinutes} min${r.withinRpo === false ? ' (over RPO)' : ''}` : '—'}</td>
                  <td>
                    {r.drill.status !== 'completed' ? '—' : r.aarSignedOff ? 'signed off' : 'draft'}
                    {r.openCorrectiveActions ? ` · ${r.openCorrectiveActions} open action${r.openCorrectiveActions > 1 ? 's' : ''}` : ''}
                  </td>
                  <td>
                    <button
                      type="button"
                      onClick={() => navigate(r.drill.status === 'completed' ? 'drill-aar' : 'drill-run', { id: r.drill.id })}
                    >
                      {r.drill.status === 'completed' ? 'Review' : 'Open'}
                      <span className="sr-only"> {r.drill.scenarioTitle}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {hist.data && hist.data.byScenario.length > 0 && (
        <>
          <h2>Trends per scenario</h2>
          {hist.data.byScenario.map((s) => (
            <TrendChart key={s.key} series={{ ...s, label: scenarios.data?.find((x) => x.id === s.key)?.title ?? s.label }} />
          ))}
          <h2>Trends per agent</h2>
          {hist.data.byAgent.map((s) => (
            <TrendChart key={s.key} series={s} />
          ))}
        </>
      )}
    </section>
  );
}
