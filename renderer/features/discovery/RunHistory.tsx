import { api } from '../../api/client';
import { showDateTime } from '../../components/time';
import { UserText } from '../../components/UserText';
import { useQuery } from '../../components/useQuery';

/** Every discovery run, newest first: drift over time. Opening one shows its sources and its proposal against today's inventory. */
export function RunHistory({ workspaceId, onOpen }: { workspaceId: string; onOpen: (runId: string) => void }) {
  const q = useQuery(() => api.call('discovery:runs', { workspaceId, limit: 50 }), [workspaceId]);
  const runs = q.data?.runs ?? [];
  if (runs.length === 0) return null;
  return (
    <div className="card">
      <h2>Runs</h2>
      <div className="table-scroll">
        <table className="data-table" aria-label="Discovery runs">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">By</th>
              <th scope="col">Files read</th>
              <th scope="col">Skipped</th>
              <th scope="col">Proposed at the time</th>
              <th scope="col">
                <span className="sr-only">Open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <td>{showDateTime(r.at)}</td>
                <td>
                  <UserText text={r.actor} />
                </td>
                <td>{r.read}</td>
                <td>{r.skipped}</td>
                <td>{r.proposed}</td>
                <td>
                  <button type="button" className="link-button" onClick={() => onOpen(r.id)}>
                    Open
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
