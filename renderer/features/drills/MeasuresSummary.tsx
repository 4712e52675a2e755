import type { DrillView } from '../../../core/drills/model';
import { fmtDuration, fmtPct, formatT } from './format';

/** A completed drill's measures: checkpoints, decisions (on time / late / missed), data loss vs RPO. */
export function MeasuresSummary({ view }: { view: DrillView }) {
  const m = view.measures;
  return (
    <section aria-labelledby="measures-title">
      <h2 id="measures-title">Measures</h2>
      <ul className="measure-row">
        <li className="stat">
          <span className="stat-value" data-testid="ttd">
            {fmtDuration(m.ttd?.scenarioMs)}
          </span>
          Time to detect
        </li>
        <li className="stat">
          <span className="stat-value" data-testid="ttc">
            {fmtDuration(m.ttc?.scenarioMs)}
          </span>
          Time to contain
        </li>
        <li className="stat">
          <span className="stat-value" data-testid="ttr">
            {fmtDuration(m.ttr?.scenarioMs)}
          </span>
          Time to recover
        </li>
        <li className="stat">
          <span className="stat-value">{fmtPct(m.decisionAccuracy)}</span>Decision accuracy
        </li>
        <li className="stat">
          <span className="stat-value">{m.dataLoss ? `${m.dataLoss.minutes} min` : '—'}</span>
          Data lost
          {m.dataLoss?.rpoMinutes !== null && m.dataLoss?.rpoMinutes !== undefined
            ? ` (RPO ${m.dataLoss.rpoMinutes} min: ${m.dataLoss.withinRpo ? 'within' : 'exceeded'})`
            : ''}
        </li>
      </ul>
      <p className="small muted">
        Durations are from T0 on the scenario clock
        {m.timeScale !== 1 ? ` (run at ${m.timeScale}×; real measured TTR ${fmtDuration(m.ttr?.measuredMs)})` : ''}, pauses excluded
        {m.pauseCount ? ` (${m.pauseCount} pause${m.pauseCount > 1 ? 's' : ''}, ${fmtDuration(m.pausedMs)})` : ''}
        {m.appGapCount ? `; the app was down ${m.appGapCount}× (about ${fmtDuration(m.appGapWallMs)} by wall clock, excluded)` : ''}.
        Elapsed {formatT(m.elapsed.scenarioMs)}.
      </p>
      {m.timers.length > 0 && (
        <ul className="plain-list" aria-label="Timed questions">
          {m.timers.map((t) => (
            <li key={t.id}>
              {t.label}:{' '}
              <strong>
                {t.status === 'done' ? fmtDuration(t.duration?.scenarioMs) : t.status === 'running' ? 'not answered' : 'not timed'}
              </strong>
              {t.controls.length ? <span className="muted small"> ({t.controls.join(', ')})</span> : null}
            </li>
          ))}
        </ul>
      )}
      <table className="data-table decision-table">
        <caption>
          Expected decisions: {m.onTime} on time, {m.late} late, {m.missed} missed
        </caption>
        <thead>
          <tr>
            <th scope="col">Phase</th>
            <th scope="col">Decision</th>
            <th scope="col">Deadline</th>
            <th scope="col">Outcome</th>
            <th scope="col">Made at</th>
          </tr>
        </thead>
        <tbody>
          {m.decisions.map((d) => (
            <tr key={d.id}>
              <td>{d.phaseTitle}</td>
              <td>{d.text}</td>
              <td>T+{d.byMinutes}</td>
              <td className={`outcome-${d.outcome}`}>
                {d.outcome}
                {d.lateByMs > 0 ? ` (+${fmtDuration(d.lateByMs)})` : ''}
              </td>
              <td>{d.madeAtMs !== null ? formatT(d.madeAtMs) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
