import type { AgentScore } from '../../../core/scoring/types';
import { Dialog } from '../../components/Dialog';
import { ANSWER_LABELS } from './common';

/** "Why this score?": every control's share of the score and what it cost; the columns add up to the score. */
export function ExplanationDialog({ score, onClose }: { score: AgentScore; onClose: () => void }) {
  const scored = score.explanation.filter((e) => e.effective !== 'na');
  const na = score.explanation.filter((e) => e.effective === 'na');
  const lost = scored.filter((e) => e.lost > 0);
  const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 10) / 10;
  return (
    <Dialog title={`Why ${score.agentName} scores ${score.score}`} onClose={onClose} wide>
      <p>
        Each control earns its weight × 2 points for yes, × 1 for partial, nothing for no; n/a is left out. The earned column adds up to{' '}
        {score.score}; the lost column adds up to {100 - score.score}.
      </p>
      {score.capReasons.length > 0 && (
        <div className="finding" role="note">
          <strong>Verdict capped at Not ready</strong> (the score alone would give{' '}
          {score.bandVerdict === 'ready' ? 'Ready' : score.bandVerdict === 'conditional' ? 'Conditional' : 'Not ready'}):
          <ul className="notes">
            {score.capReasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="table-scroll">
        <table className="data-table explain-list">
          <caption className="sr-only">Score explanation, largest losses first</caption>
          <thead>
            <tr>
              <th scope="col">Control</th>
              <th scope="col">Counted as</th>
              <th scope="col" className="num">
                Earned
              </th>
              <th scope="col" className="num">
                Lost
              </th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {scored.map((e) => (
              <tr key={e.controlId} data-testid={`explain-${e.controlId}`}>
                <th scope="row">
                  {e.controlId} {e.title}
                </th>
                <td>{ANSWER_LABELS[e.effective]}</td>
                <td className="num">+{e.points.toFixed(1)}</td>
                <td className="num">{e.lost > 0 ? `−${e.lost.toFixed(1)}` : '0.0'}</td>
                <td className="small">{e.reasons.slice(0, 3).join(' ')}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td />
              <td className="num">
                <strong>{sum(scored.map((e) => e.points)).toFixed(1)}</strong>
              </td>
              <td className="num">−{sum(lost.map((e) => e.lost)).toFixed(1)}</td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
      {na.length > 0 && (
        <p className="small">Not counted (n/a): {na.map((e) => `${e.controlId} (${e.reasons[1] ?? e.reasons[0] ?? ''})`).join('; ')}</p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
