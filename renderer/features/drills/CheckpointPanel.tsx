import { useState } from 'react';
import { CHECKPOINT_LABELS, CHECKPOINT_MEASURES, type Checkpoint, type EventBodyInput } from '../../../core/drills/events';
import type { DrillView } from '../../../core/drills/model';
import { eventScenarioMs, formatT } from './format';

type Props = { view: DrillView; act: (e: EventBodyInput, what: string) => Promise<boolean> };

/** "Detected (stops Time to detect)": each checkpoint button names the measure its click sets. */
const buttonLabel = (c: Checkpoint): string => `${CHECKPOINT_LABELS[c]} (stops ${CHECKPOINT_MEASURES[c]})`;
/** "Detected at T+04:10 · Time to detect". */
const doneLabel = (c: Checkpoint, at: string) => (
  <p>
    <strong>{CHECKPOINT_LABELS[c]}</strong> at {at} <span className="small muted">· sets {CHECKPOINT_MEASURES[c]}</span>
  </p>
);

/** Detected, Contained (two confirmations) and Recovered (verified against the system of record). */
export function CheckpointPanel({ view, act }: Props) {
  const { checkpoints, containment } = view.state;
  const [sor, setSor] = useState('');
  const [verified, setVerified] = useState(false);
  const [loss, setLoss] = useState('');
  // The same two refusals the drill machine makes, shown at the field they concern instead of at the top of the page.
  const [recErr, setRecErr] = useState<{ field: 'verified' | 'sor' | 'loss'; message: string } | null>(null);
  const live = view.drill.status === 'running' || view.drill.status === 'paused';
  const at = (ms: number | undefined) => (ms === undefined ? '' : formatT(eventScenarioMs(view, ms)));
  const guide = view.scenario.checkpoints;
  const step = (s: 'agent-halted' | 'credentials-revoked', label: string) => (
    <label className="checkbox">
      <input
        type="checkbox"
        checked={!!containment[s]}
        disabled={!live || !!checkpoints.contained}
        onChange={(e) =>
          void act(
            { type: 'containment', payload: { step: s, confirmed: e.target.checked } },
            `${label}: ${e.target.checked ? 'confirmed' : 'withdrawn'}.`,
          )
        }
      />
      {label}
      {containment[s] ? <span className="muted small"> ({at(containment[s].atMs)})</span> : null}
    </label>
  );
  return (
    <section aria-labelledby="cp-title">
      <h2 id="cp-title">Checkpoints</h2>
      <div className="checkpoints">
        <div className={`checkpoint${checkpoints.declared ? ' done' : ''}`}>
          {checkpoints.declared ? (
            doneLabel('declared', at(checkpoints.declared.atMs))
          ) : (
            <button
              type="button"
              className="primary"
              disabled={!live}
              onClick={() =>
                void act({ type: 'checkpoint', payload: { checkpoint: 'declared' } }, `${CHECKPOINT_LABELS.declared} recorded.`)
              }
            >
              {buttonLabel('declared')}
            </button>
          )}
          {guide.declared && <p className="small muted">{guide.declared}</p>}
        </div>
        <div className={`checkpoint${checkpoints.contained ? ' done' : ''}`}>
          <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
            <legend className="small">Contained needs both:</legend>
            {step('agent-halted', 'Agent halted')}
            <br />
            {step('credentials-revoked', 'Credentials revoked')}
          </fieldset>
          {checkpoints.contained ? (
            doneLabel('contained', at(checkpoints.contained.atMs))
          ) : (
            <button
              type="button"
              className="primary"
              disabled={!live || !containment['agent-halted'] || !containment['credentials-revoked']}
              onClick={() => void act({ type: 'checkpoint', payload: { checkpoint: 'contained' } }, 'Contained recorded.')}
            >
              {buttonLabel('contained')}
            </button>
          )}
          {guide.contained && <p className="small muted">{guide.contained}</p>}
        </div>
        <div className={`checkpoint${checkpoints.recovered ? ' done' : ''}`}>
          {checkpoints.recovered ? (
            <p>
              <strong>Recovered</strong> at {at(checkpoints.recovered.atMs)}{' '}
              <span className="small muted">· sets {CHECKPOINT_MEASURES.recovered}</span>
              <br />
              <span className="small">Verified against: {view.state.recovery?.systemOfRecord}</span>
            </p>
          ) : (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (!verified)
                  return setRecErr({
                    field: 'verified',
                    message: 'Recovered needs the restored service or data verified against the system of record.',
                  });
                if (sor.trim() === '')
                  return setRecErr({ field: 'sor', message: 'Say what the restore was verified against (the system of record).' });
                const n = loss.trim() === '' ? null : Number(loss);
                if (n !== null && !(Number.isFinite(n) && n >= 0 && n <= 525600))
                  return setRecErr({ field: 'loss', message: 'Minutes of data lost: a number from 0 (leave empty if unknown).' });
                setRecErr(null);
                void act(
                  {
                    type: 'checkpoint',
                    payload: { checkpoint: 'recovered', verifiedAgainstSystemOfRecord: verified, systemOfRecord: sor, dataLossMinutes: n },
                  },
                  'Recovered recorded.',
                );
              }}
            >
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={verified}
                  onChange={(e) => setVerified(e.target.checked)}
                  disabled={!live}
                  aria-invalid={recErr?.field === 'verified' || undefined}
                  aria-describedby={recErr?.field === 'verified' ? 'cp-rec-error' : undefined}
                />
                Verified against the system of record
              </label>
              {recErr?.field === 'verified' && (
                <p id="cp-rec-error" className="field-error" role="alert">
                  {recErr.message}
                </p>
              )}
              <div className="field">
                <label htmlFor="cp-sor">What was checked</label>
                <input
                  id="cp-sor"
                  value={sor}
                  onChange={(e) => setSor(e.target.value)}
                  disabled={!live}
                  placeholder="e.g. row counts vs. the billing ledger"
                  aria-invalid={recErr?.field === 'sor' || undefined}
                  aria-describedby={recErr?.field === 'sor' ? 'cp-rec-error' : undefined}
                />
                {recErr?.field === 'sor' && (
                  <span id="cp-rec-error" className="field-error" role="alert">
                    {recErr.message}
                  </span>
                )}
              </div>
              <div className="field">
                <label htmlFor="cp-loss">
                  Data lost, minutes (optional{view.scenario.rpoMinutes !== undefined ? `; RPO ${view.scenario.rpoMinutes} min` : ''})
                </label>
                <input
                  id="cp-loss"
                  type="number"
                  min={0}
                  value={loss}
                  onChange={(e) => setLoss(e.target.value)}
                  disabled={!live}
                  aria-invalid={recErr?.field === 'loss' || undefined}
                  aria-describedby={recErr?.field === 'loss' ? 'cp-rec-error' : undefined}
                />
                {recErr?.field === 'loss' && (
                  <span id="cp-rec-error" className="field-error" role="alert">
                    {recErr.message}
                  </span>
                )}
              </div>
              <button type="submit" className="primary" disabled={!live || !checkpoints.contained}>
                {buttonLabel('recovered')}
              </button>
              {live && !checkpoints.contained && <span className="small muted"> Available once Contained is recorded.</span>}
            </form>
          )}
          {guide.recovered && <p className="small muted">{guide.recovered}</p>}
        </div>
      </div>
    </section>
  );
}
