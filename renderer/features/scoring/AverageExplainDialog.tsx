import { api } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { useQuery } from '../../components/useQuery';
import { UserText } from '../../components/UserText';

const SHOW = 50;

/** "Why is the average N?": each agent's share of the workspace average (the shares add up to it), computed on the server. */
export function AverageExplainDialog({
  workspaceId,
  mean,
  onOpen,
  onClose,
}: {
  workspaceId: string;
  mean: number;
  onOpen: (agentId: string) => void;
  onClose: () => void;
}) {
  const q = useQuery(() => api.call('score:average', { workspaceId, limit: SHOW }), [workspaceId]);
  const n = q.data?.agentCount ?? 0;
  return (
    <Dialog title={`Why the average is ${q.data?.mean ?? mean}`} onClose={onClose} wide>
      {q.error ? (
        <p className="form-error" role="alert">
          {q.error}
        </p>
      ) : !q.data ? (
        <p aria-busy="true">Loading…</p>
      ) : (
        <>
          <p>
            The average of {n} agent score{n === 1 ? '' : 's'}. Each agent adds its score ÷ {n}; the “share” column adds up to{' '}
            {q.data.mean ?? mean}. The lowest scores pull it down most:
          </p>
          <div className="table-scroll">
            <table className="data-table explain-list">
              <caption className="sr-only">Each agent's share of the average, lowest score first</caption>
              <thead>
                <tr>
                  <th scope="col">Agent</th>
                  <th scope="col" className="num">
                    Score
                  </th>
                  <th scope="col" className="num">
                    Share
                  </th>
                  <th scope="col" className="num">
                    Pulls down by
                  </th>
                  <th scope="col">Main reason</th>
                </tr>
              </thead>
              <tbody>
                {q.data.lowest.map((r) => (
                  <tr key={r.agentId}>
                    <th scope="row">
                      <button type="button" className="link-button" onClick={() => onOpen(r.agentId)}>
                        <UserText text={r.agentName} />
                      </button>
                    </th>
                    <td className="num">{r.score}</td>
                    <td className="num">{r.share.toFixed(1)}</td>
                    <td className="num">−{r.pulledDown.toFixed(1)}</td>
                    <td className="small">{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {n > SHOW && (
            <p className="small muted">
              Showing the {SHOW} lowest of {n} agents.
            </p>
          )}
        </>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
