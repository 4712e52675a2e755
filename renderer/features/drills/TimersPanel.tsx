import type { EventBodyInput } from '../../../core/drills/events';
import type { DrillView } from '../../../core/drills/model';
import { fmtDuration } from './format';

type Props = { view: DrillView; act: (e: EventBodyInput, what: string) => Promise<boolean> };

/** Timed questions: log-query time, owner-reach time and the scenario's own. Start when asked, stop when answered. */
export function TimersPanel({ view, act }: Props) {
  const live = view.drill.status === 'running' || view.drill.status === 'paused';
  if (view.measures.timers.length === 0) return null;
  return (
    <section aria-labelledby="timers-title">
      <h2 id="timers-title">Timed questions</h2>
      <ul className="inject-list">
        {view.measures.timers.map((t) => (
          <li key={t.id} className="inject">
            <div>{t.label}</div>
            <div className="inject-actions" style={{ alignItems: 'center' }}>
              <span className="muted small">
                {t.status === 'not-started'
                  ? 'not started'
                  : t.status === 'running'
                    ? `running, ${fmtDuration(t.duration?.scenarioMs)}`
                    : `answered in ${fmtDuration(t.duration?.scenarioMs)}`}
                {t.controls.length ? ` · ${t.controls.join(', ')}` : ''}
              </span>
              {live && t.status === 'not-started' && (
                <button
                  type="button"
                  aria-label={`Start timer: ${t.label}`}
                  onClick={() => void act({ type: 'timer', payload: { timerId: t.id, action: 'started' } }, `Timer started: ${t.label}`)}
                >
                  Start
                </button>
              )}
              {live && t.status === 'running' && (
                <button
                  type="button"
                  aria-label={`Stop timer: ${t.label}`}
                  onClick={() => void act({ type: 'timer', payload: { timerId: t.id, action: 'stopped' } }, `Timer stopped: ${t.label}`)}
                >
                  Answered
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
