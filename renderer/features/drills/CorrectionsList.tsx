import { describeCorrection } from '../../../core/drills/correction-text';
import type { DrillView } from '../../../core/drills/model';
import { showDateTime } from '../../components/time';
import { UserText } from '../../components/UserText';

/** Corrections to a drill's record, for the after-action review: what was superseded, how, why and by whom. */
export function CorrectionsList({ view }: { view: Pick<DrillView, 'state'> }) {
  const list = view.state.corrections;
  if (list.length === 0) return null;
  return (
    <section aria-labelledby="corrections-title">
      <h2 id="corrections-title">Corrections to the record</h2>
      <p className="small muted">The corrected entries stay in the log; the measures above follow the corrections.</p>
      <ul className="plain-list" aria-label="Corrections">
        {list.map((c) => (
          <li key={c.seq}>
            <UserText text={describeCorrection(c)} /> <span className="small muted">({showDateTime(c.wallClock)})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
