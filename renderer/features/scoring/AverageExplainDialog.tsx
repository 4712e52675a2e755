import { apportion } from '../../../core/scoring/apportion';
import { Dialog } from '../../components/Dialog';
import type { AgentRowView } from './AgentScoresTable';

const SHOW = 50;

/** "Why is the average N?": each agent's share of the workspace average (the shares add up to it). */
export function AverageExplainDialog({ mean, agents, onOpen, onClose }: { mean: number; agents: AgentRowView[]; onOpen: (agentId: string) => void; onClose: () => void }) {
  const shares = apportion(agents.map((a) => a.score), mean * 10);
  const rows = agents.map((a, i) => ({ ...a, share: shares[i]! / 10, pulledDown: Math.round(((100 - a.score) / agents.length) * 10) / 10 })).sort((x, y) => x.score - y.score);
  return (
    <Dialog title={`Why the average is ${mean}`} onClose={onClose} wide>
      <p>
        The average of {agents.length} agent score{agents.length === 1 ? '' : 's'}. Each agent adds its score ÷ {agents.length}; the “share” column adds up to {mean}. The lowest scores pull it down most:
      </p>
      <div className="table-scroll">
        <table className="data-table explain-list">
          <caption className="sr-only">Each agent's share of the average, lowest score first</caption>
          <thead>
            <tr><th scope="col">Agent</th><th scope="col" className="num">Score</th><th scope="col" className="num">Share</th><th scope="col" className="num">Pulls down by</th><th scope="col">Main reason</th></tr>
          </thead>
          <tbody>
            {rows.slice(0, SHOW).map((r) => (
              <tr key={r.agentId}>
                <th scope="row"><button type="button" className="link-button" onClick={() => onOpen(r.agentId)}>{r.agentName}</button></th>
                <td className="num">{r.score}</td>
                <td className="num">{r.share.toFixed(1)}</td>
                <td className="num">−{r.pulledDown.toFixed(1)}</td>
                <td className="small">{r.capReasons[0] ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > SHOW && <p className="small muted">Showing the {SHOW} lowest of {rows.length} agents.</p>}
      <div className="dialog-actions"><button type="button" onClick={onClose}>Close</button></div>
    </Dialog>
  );
}
