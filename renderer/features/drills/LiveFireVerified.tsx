import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { UserText } from '../../components/UserText';
import type { LiveFireStatus } from '../../../core/drills/live-fire-contract';
import type { DrillView } from '../../../core/drills/model';
import { fmtDuration } from './format';
import { rpoText } from './LiveFireResults';

/**
 * The AAR's live-fire measures: TTD, TTC and TTR marked "verified" when the app checked them on the
 * sandbox (the first console query that saw the damage, the kill switch's checks, the restore checked
 * against the pre-incident snapshot), with what each check found.
 */
export function LiveFireVerified({ workspaceId, view }: { workspaceId: string; view: DrillView }) {
  const [s, setS] = useState<LiveFireStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const drillId = view.drill.id;
  useEffect(() => {
    api.call('drills:live-fire-status', { workspaceId, drillId }).then(setS, (err: unknown) => setError(errorMessage(err)));
  }, [workspaceId, drillId]);
  if (error) return <p className="form-error">{error}</p>;
  if (!s) return null;
  if (s.phase === 'not-started')
    return <p className="small muted">Live-fire scenario, run without its sandbox: the measures are as declared.</p>;
  const m = view.measures;
  const cp = view.state.checkpoints;
  const detectedHere = !!s.detectedBy && !!cp.declared?.note.startsWith('Detected in the live-fire console');
  const containedHere = !!s.containment?.verified && !!cp.contained?.note.startsWith('Verified by the app');
  const recoveredHere =
    !!s.recovery &&
    (s.recovery.recovered || s.recovery.acceptedLoss) &&
    !!cp.recovered?.note.match(/^(Verified by the app|The team accepted)/);
  const mark = (ok: boolean) => (ok ? 'verified' : 'declared, not verified');
  return (
    <section aria-labelledby="lf-aar-title">
      <h2 id="lf-aar-title">Live-fire measures</h2>
      <ul className="plain-list">
        <li data-testid="lf-ttd">
          Time to detect {fmtDuration(m.ttd?.scenarioMs)}: <strong>{mark(detectedHere)}</strong>
          {s.detectedBy && (
            <>
              {' '}
              (first console query after the damage:{' '}
              <code>
                <UserText text={s.detectedBy.sql} />
              </code>
              )
            </>
          )}
        </li>
        <li data-testid="lf-ttc">
          Time to contain {fmtDuration(m.ttc?.scenarioMs)}: <strong>{mark(containedHere)}</strong>
          {s.containment && ` (${s.containment.checks.map((c) => `${c.check}: ${c.ok ? 'yes' : 'NO'}`).join('; ')})`}
        </li>
        <li data-testid="lf-ttr">
          Time to recover {fmtDuration(m.ttr?.scenarioMs)}: <strong>{mark(recoveredHere)}</strong>
          {s.recovery &&
            ` (${s.recovery.recovered ? 'every table matches the pre-incident snapshot' : 'loss accepted'}; ${s.recovery.rowsLost + s.recovery.rowsChanged} rows lost or changed; ${rpoText(s.recovery)})`}
        </li>
      </ul>
    </section>
  );
}
