import { api } from '../../api/client';
import { useQuery } from '../../components/useQuery';
import { Delta } from './common';
import { showDate } from '../../components/time';
import { UserText } from '../../components/UserText';

/** This agent's changes since the last finalised assessment: score, verdict and the controls that moved. */
export function AgentSinceLast({ workspaceId, agentId }: { workspaceId: string; agentId: string }) {
  const q = useQuery(async () => {
    const list = await api.call('assessment:list', { workspaceId });
    const last = list[0];
    if (!last) return null;
    const cmp = await api.call('assessment:compare', { workspaceId, from: last.id, to: 'current' });
    return { last, change: cmp.agents.find((a) => a.agentId === agentId) ?? null };
  }, [workspaceId, agentId]);
  if (!q.data) return null;
  const { last, change } = q.data;
  return (
    <section aria-labelledby="agent-since-title" className="card">
      <h2 id="agent-since-title">
        Since “<UserText text={last.title} />” ({showDate(last.finalisedAt)})
      </h2>
      {!change ? (
        <p>No change for this agent.</p>
      ) : change.direction === 'added' ? (
        <p>This agent was added after that assessment.</p>
      ) : (
        <>
          <p>
            Score {change.before} → {change.after} <Delta value={change.delta} />
            {change.verdictBefore !== change.verdictAfter && `; verdict changed`}.
          </p>
          {change.changes.length > 0 && (
            <ul className="notes small">
              {change.changes.map((c) => (
                <li key={c.controlId}>
                  <strong className={c.direction === 'improved' ? 'delta-up' : c.direction === 'regressed' ? 'delta-down' : ''}>
                    {c.direction}
                  </strong>{' '}
                  {c.controlId} {c.title}: {c.why.join(' ')}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
