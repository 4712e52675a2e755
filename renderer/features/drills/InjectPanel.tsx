import type { EventBodyInput } from '../../../core/drills/events';
import type { DrillView } from '../../../core/drills/model';
import { injectsInOrder } from '../../../core/drills/scenario';
import { eventScenarioMs, formatT } from './format';
import { UserText } from '../../components/UserText';

type Props = {
  view: DrillView;
  act: (e: EventBodyInput, what: string) => Promise<boolean>;
  hideUpcoming?: boolean;
  /** The player view: released injects only, no controls (its view holds no other inject anyway). */
  player?: boolean;
};

/** Injects: released ones (newest first, large text), then upcoming ones with hold / skip / release now. */
export function InjectPanel({ view, act, hideUpcoming = false, player = false }: Props) {
  const ordered = injectsInOrder(view.scenario);
  const released = ordered
    .filter((i) => view.state.injects[i.id]?.status === 'released')
    .sort((a, b) => (view.state.injects[b.id]?.atMs ?? 0) - (view.state.injects[a.id]?.atMs ?? 0));
  const upcoming = ordered.filter((i) => ['pending', 'held'].includes(view.state.injects[i.id]?.status ?? ''));
  const skipped = ordered.filter((i) => view.state.injects[i.id]?.status === 'skipped');
  const live = view.drill.status === 'running' || view.drill.status === 'paused';
  const inject = (injectId: string, action: 'released-now' | 'skipped' | 'held' | 'unheld', what: string) =>
    act({ type: 'inject', payload: { injectId, action } }, what);
  const list = (
    <>
      {upcoming.length === 0 && <p className="muted">None.</p>}
      <ul className="inject-list" aria-label="Upcoming injects">
        {upcoming.map((i) => {
          const held = view.state.injects[i.id]?.status === 'held';
          return (
            <li key={i.id} className={`inject${held ? ' held' : ''}`}>
              <div>
                <strong>T+{i.at}</strong> <UserText text={i.title} /> {held && <span className="warning-text">(on hold)</span>}
              </div>
              {live && (
                <div className="inject-actions">
                  <button
                    type="button"
                    onClick={() => void inject(i.id, 'released-now', `Released: ${i.title}`)}
                    aria-label={`Release now: ${i.title}`}
                  >
                    Release now
                  </button>
                  {held ? (
                    <button
                      type="button"
                      onClick={() => void inject(i.id, 'unheld', `Hold lifted: ${i.title}`)}
                      aria-label={`Lift hold: ${i.title}`}
                    >
                      Lift hold
                    </button>
                  ) : (
                    <button type="button" onClick={() => void inject(i.id, 'held', `Held: ${i.title}`)} aria-label={`Hold: ${i.title}`}>
                      Hold
                    </button>
                  )}
                  <button type="button" onClick={() => void inject(i.id, 'skipped', `Skipped: ${i.title}`)} aria-label={`Skip: ${i.title}`}>
                    Skip
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
  return (
    <section aria-labelledby="injects-title">
      <h2 id="injects-title">Injects</h2>
      {released.length === 0 && <p className="muted">No inject released yet.</p>}
      <ul className="inject-list" aria-label="Released injects">
        {released.map((i) => {
          const st = view.state.injects[i.id]!;
          return (
            <li key={i.id} className="inject released">
              <div className="small muted">
                T+{i.at} planned · released {st.atMs !== null ? formatT(eventScenarioMs(view, st.atMs)) : ''}{' '}
                {st.how === 'now' ? '(released by hand)' : ''}
                {i.from ? ` · from ${i.from}` : ''}
              </div>
              <strong>
                <UserText text={i.title} />
              </strong>
              <p className="inject-text">
                <UserText text={i.text} />
              </p>
            </li>
          );
        })}
      </ul>
      {player ? null : hideUpcoming ? (
        <details>
          <summary>
            {upcoming.length} upcoming inject{upcoming.length === 1 ? '' : 's'} (facilitator only: open to hold, skip or release)
          </summary>
          {list}
        </details>
      ) : (
        <>
          <h3>Upcoming</h3>
          {list}
        </>
      )}
      {!player && skipped.length > 0 && <p className="small muted">Skipped: {skipped.map((i) => i.title).join(', ')}</p>}
    </section>
  );
}
