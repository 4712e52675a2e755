import type { LiveFireContainment, LiveFireRecovery } from '../../../core/drills/live-fire-contract';
import { fmtDuration } from './format';

/** "Containment verified", with each check the app made and what it saw. */
export function ContainmentResult({ c }: { c: LiveFireContainment }) {
  return (
    <div data-testid="lf-containment">
      <p className={c.verified ? 'lf-verified' : 'form-error'} role="status">
        {c.verified ? 'Containment verified' : 'Containment NOT verified'} ({c.durationMs} ms)
      </p>
      <ul className="small lf-checks">
        {c.checks.map((x) => (
          <li key={x.check}>
            <span aria-hidden="true">{x.ok ? '✓' : '✗'}</span> <strong>{x.check}</strong>
            {x.ok ? '' : ' (failed)'}: {x.detail}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** How the real RPO reads: wall clock, and on the scenario clock against the scenario's target. */
export function rpoText(r: LiveFireRecovery): string {
  if (r.rpoMs === null) return 'No backup was restored: everything the rogue destroyed is lost.';
  const target = r.scenarioRpoMinutes === null ? '' : ` (target ${r.scenarioRpoMinutes} min)`;
  return `RPO ${fmtDuration(r.rpoMs)} real time, ${r.rpoScenarioMinutes ?? 0} min on the scenario clock${target}`;
}

/** "Recovery verified": per table, the data now against the pre-incident snapshot, and the real loss. */
export function RecoveryResult({ r }: { r: LiveFireRecovery }) {
  const ok = r.recovered;
  return (
    <div data-testid="lf-recovery">
      <p className={ok ? 'lf-verified' : 'form-error'} role="status">
        {ok ? 'Recovery verified' : r.acceptedLoss ? 'Recovery recorded with an accepted loss' : 'Recovery NOT verified'}: {r.rowsLost} rows
        lost, {r.rowsChanged} changed, {r.rowsExtra} invented. {rpoText(r)}
      </p>
      {r.restoredFrom && <p className="small muted">Restored from {r.restoredFrom}</p>}
      <table className="lf-table">
        <caption className="small muted">Against the pre-incident snapshot (row counts and SHA-256 per table)</caption>
        <thead>
          <tr>
            <th scope="col">Table</th>
            <th scope="col">Before</th>
            <th scope="col">Now</th>
            <th scope="col">Lost</th>
            <th scope="col">Changed</th>
            <th scope="col">Invented</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {r.tables.map((t) => (
            <tr key={t.table}>
              <th scope="row">{t.table}</th>
              <td>{t.expectedRows}</td>
              <td>{t.actualRows}</td>
              <td>{t.rowsLost}</td>
              <td>{t.rowsChanged}</td>
              <td>{t.rowsExtra}</td>
              <td>{t.matches ? 'matches' : 'differs'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
