import { api } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { UserText } from '../../components/UserText';
import { useQuery } from '../../components/useQuery';

const RULE_LABEL: Record<string, string> = {
  'unapproved-destructive': 'destructive production actions without approval',
  'unknown-actor-production-delete': 'unknown actors deleting in production',
  'unknown-actor-delete-rights': 'unknown actors holding production delete rights',
  'outside-grants': 'actions outside the declared grants',
  'credential-two-environments': 'credentials used in two environments',
  'log-gap': 'gaps in an agent’s log',
  'no-log-source': 'production-writing agents with no log',
};

/**
 * The dashboard's "what the logs show" panel (issue 13): the behaviour findings of the imported activity
 * logs, most serious first. Shown once a log is imported; loads after the dashboard's own numbers.
 */
export function ActivityDashboardPanel({ workspaceId, onOpenAgent }: { workspaceId: string; onOpenAgent: (agentId: string) => void }) {
  const navigate = useAppStore((s) => s.navigate);
  const q = useQuery(() => api.call('activity:dashboard', { workspaceId }), [workspaceId]);
  const d = q.data;
  if (!d?.imported) return null;
  const counts = Object.entries(d.byRule)
    .map(([rule, n]) => `${n} ${RULE_LABEL[rule] ?? rule}`)
    .join(', ');
  return (
    <section aria-labelledby="activity-dashboard-title" data-testid="dashboard-activity-findings">
      <h2 id="activity-dashboard-title">From the activity logs</h2>
      <p className="small muted">
        {d.total === 0 ? 'The imported logs show no behaviour finding.' : `${d.total} finding(s): ${counts}.`}{' '}
        <button type="button" className="link-button" onClick={() => navigate('activity')}>
          Open the Activity screen
        </button>
      </p>
      {d.findings.length > 0 && (
        <ul className="plain-list" aria-label="Findings from the activity logs">
          {d.findings.map((f, i) => (
            <li key={`${f.rule}-${f.agentId ?? ''}-${i}`} data-testid="dashboard-activity-finding">
              <UserText text={f.message} /> <span className="muted small">(controls {f.controls.join(', ')})</span>{' '}
              {f.agentId !== null && (
                <button type="button" className="link-button" onClick={() => onOpenAgent(f.agentId ?? '')}>
                  Open the agent’s readiness
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
