import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { preloadScreens } from '../../app/screens';
import { EmptyState } from '../../components/EmptyState';
import { useQuery } from '../../components/useQuery';
import { ActivityDashboardPanel } from '../activity/ActivityDashboardPanel';
import { InventorySummary } from '../inventory/InventorySummary';
import { AgentScoresTable } from './AgentScoresTable';
import { AverageExplainDialog } from './AverageExplainDialog';
import { AreaChart } from './AreaChart';
import { Delta, VerdictBadge } from './common';
import { showDate } from '../../components/time';
import { UserText } from '../../components/UserText';

/** The first screen of a workspace: how ready are we, who is not, the top risks, and what changed. */
export function ReadinessDashboard() {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const navigate = useAppStore((s) => s.navigate);
  const q = useQuery(() => api.call('score:dashboard', { workspaceId }), [workspaceId]);
  const [explain, setExplain] = useState(false);
  const painted = useAfterFirstPaint(q.data !== undefined);
  if (q.error)
    return (
      <p className="form-error" role="alert">
        {q.error}
      </p>
    );
  if (!q.data) return <p aria-busy="true">Loading…</p>;
  const d = q.data;
  const w = d.workspace;
  const notReady = d.notReady;
  const notReadyCount = w.verdicts['not-ready'];
  const open = (agentId: string) => navigate('readiness-agent', { id: agentId });
  return (
    <>
      <section aria-labelledby="readiness-title">
        <div className="page-header">
          <h1 id="readiness-title">Readiness</h1>
          <span className="muted small">
            Checklist: {d.checklist.title} v{d.checklist.version} · as of {d.asOf}
          </span>
        </div>
        {w.agentCount === 0 ? (
          <EmptyState
            title="No agents to assess yet"
            action={
              <button type="button" className="primary" onClick={() => navigate('inventory')}>
                Add agents in the inventory
              </button>
            }
          >
            Readiness is scored per agent. Record your agents and their permissions first.
          </EmptyState>
        ) : (
          <>
            <p className="lede" data-testid="readiness-headline">
              <strong>
                {w.verdicts.ready} of {w.agentCount}
              </strong>{' '}
              agent{w.agentCount === 1 ? ' is' : 's are'} ready for production; {w.verdicts.conditional} conditional (staging or read-only
              only), <strong>{w.verdicts['not-ready']} not ready</strong>. Average score {w.meanScore ?? '—'} / 100, {w.openFindings} open
              findings.
            </p>
            <ul className="stat-row">
              <li className="stat">
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setExplain(true)}
                  aria-label={`${w.meanScore ?? '—'} average score, explain it`}
                  data-testid="average-score"
                >
                  <span className="stat-value">{w.meanScore ?? '—'}</span> average score
                </button>
              </li>
              <li className="stat">
                <span className="stat-value">{w.verdicts.ready}</span> ready
              </li>
              <li className="stat">
                <span className="stat-value">{w.verdicts.conditional}</span> conditional
              </li>
              <li className="stat">
                <span className="stat-value">{w.verdicts['not-ready']}</span> not ready
              </li>
            </ul>
            <div className="readiness-grid">
              <section className="card" aria-labelledby="not-ready-title">
                <h2 id="not-ready-title">Agents not ready ({notReadyCount})</h2>
                {notReady.length === 0 ? (
                  <p>Every agent is at least conditional.</p>
                ) : (
                  <ul className="plain-list" aria-label="Agents not ready">
                    {notReady.map((a) => (
                      <li key={a.agentId} data-testid="not-ready-agent">
                        <button type="button" className="link-button" onClick={() => open(a.agentId)}>
                          <UserText text={a.agentName} />
                        </button>{' '}
                        <span className="muted">{a.score}/100</span> {a.delta !== null && <Delta value={a.delta} />}
                        {a.capReasons[0] && (
                          <div className="small">
                            {a.capReasons[0]}
                            {(a.capReasonCount ?? a.capReasons.length) > 1
                              ? ` (+${(a.capReasonCount ?? a.capReasons.length) - 1} more)`
                              : ''}
                          </div>
                        )}
                      </li>
                    ))}
                    {notReadyCount > notReady.length && (
                      <li className="muted">…and {notReadyCount - notReady.length} more (see All agents below).</li>
                    )}
                  </ul>
                )}
              </section>
              {painted ? (
                <AreaChart areas={w.areas} title="Average score by area" />
              ) : (
                <p className="muted small" aria-busy="true">
                  Loading chart…
                </p>
              )}
            </div>
            <section aria-labelledby="risks-title">
              <h2 id="risks-title">Top risks: blast radius × readiness gap</h2>
              <p className="small muted">Blast radius = environment × worst action × system criticality. Gap = 100 − agent score.</p>
              <div className="table-scroll">
                <table className="data-table">
                  <caption className="sr-only">Top risks ranked by blast radius times readiness gap</caption>
                  <thead>
                    <tr>
                      <th scope="col">Risk</th>
                      <th scope="col">Agent</th>
                      <th scope="col">Can do</th>
                      <th scope="col">Blast</th>
                      <th scope="col">Gap</th>
                      <th scope="col">Why</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.topRisks.map((r) => (
                      <tr key={r.grantId}>
                        <td>
                          <strong>{r.risk}</strong>
                        </td>
                        <td>
                          <button type="button" className="link-button" onClick={() => open(r.agentId)}>
                            <UserText text={r.agentName} />
                          </button>{' '}
                          <VerdictBadge verdict={r.verdict} />
                        </td>
                        <td>
                          {r.actions.join(', ')} on {r.systemName} ({r.environmentName})
                        </td>
                        <td>{r.blastRadius}</td>
                        <td>{r.gap}</td>
                        <td className="small">
                          {r.findings[0] ?? d.topRiskCaps[r.agentId] ?? '—'}
                          {r.findings.length > 1 ? ` (+${r.findings.length - 1})` : ''}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
            <ActivityDashboardPanel workspaceId={workspaceId} onOpenAgent={open} />
            <AgentScoresTable workspaceId={workspaceId} agentCount={w.agentCount} onOpen={open} />
            {d.workflows.length > 0 && (
              <section aria-labelledby="workflows-title">
                <h2 id="workflows-title">By workflow</h2>
                <div className="table-scroll">
                  <table className="data-table">
                    <caption className="sr-only">Readiness per workflow</caption>
                    <thead>
                      <tr>
                        <th scope="col">Workflow</th>
                        <th scope="col">Agents</th>
                        <th scope="col">Average</th>
                        <th scope="col">Lowest</th>
                        <th scope="col">Ready / Cond. / Not ready</th>
                        <th scope="col">Open findings</th>
                      </tr>
                    </thead>
                    <tbody>
                      {d.workflows.map((f) => (
                        <tr key={f.workflowId}>
                          <th scope="row">{f.workflowName}</th>
                          <td>{f.agentCount}</td>
                          <td>{f.meanScore ?? '—'}</td>
                          <td>{f.minScore ?? '—'}</td>
                          <td>
                            {f.verdicts.ready} / {f.verdicts.conditional} / {f.verdicts['not-ready']}
                          </td>
                          <td>{f.openFindings}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
            )}
            <section aria-labelledby="changed-title">
              <h2 id="changed-title">Since the last assessment</h2>
              {!d.lastAssessment || !d.sinceLast ? (
                <EmptyState
                  title="No finalised assessment yet"
                  action={
                    <button type="button" onClick={() => navigate('assessments')}>
                      Finalise the first assessment
                    </button>
                  }
                >
                  Finalise an assessment to keep a snapshot; this panel then shows what improved and what regressed since.
                </EmptyState>
              ) : (
                <>
                  <p>
                    Compared with “<UserText text={d.lastAssessment.title} />” ({showDate(d.lastAssessment.finalisedAt)}): average{' '}
                    {d.sinceLast.meanBefore ?? '—'} → {d.sinceLast.meanAfter ?? '—'} <Delta value={d.sinceLast.delta} />;{' '}
                    {d.sinceLast.improved} improved, {d.sinceLast.regressed} regressed.
                  </p>
                  {d.sinceLast.agents.length === 0 ? (
                    <p className="muted">Nothing changed.</p>
                  ) : (
                    <ul className="plain-list" aria-label="Changes since the last assessment">
                      {d.sinceLast.agents.slice(0, 10).map((a) => (
                        <li key={a.agentId}>
                          <button type="button" className="link-button" onClick={() => open(a.agentId)}>
                            <UserText text={a.agentName} />
                          </button>{' '}
                          {a.direction === 'added' ? (
                            'new agent'
                          ) : (
                            <>
                              {a.before ?? '—'} → {a.after ?? '—'} <Delta value={a.delta} />
                            </>
                          )}
                          {a.changes[0] && (
                            <div className="small">
                              {a.changes[0].controlId}: {a.changes[0].why[0]}
                            </div>
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                </>
              )}
            </section>
          </>
        )}
      </section>
      {explain && w.meanScore !== null && (
        <AverageExplainDialog
          workspaceId={workspaceId}
          mean={w.meanScore}
          onOpen={(id) => {
            setExplain(false);
            open(id);
          }}
          onClose={() => setExplain(false)}
        />
      )}
      <InventorySummary />
    </>
  );
}

/**
 * True once the screen has painted with its data: the chart's code (recharts, ~350 KB) is evaluated only
 * then, so the headline and the numbers are on screen before that work starts, not after it.
 */
function useAfterFirstPaint(hasData: boolean): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    if (!hasData || painted) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // requestAnimationFrame runs just before the frame is painted; the timeout after it, once it has been.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        setPainted(true);
        preloadScreens(); // the next screen's code, now that this one is on screen
      }, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [hasData, painted]);
  return painted;
}
