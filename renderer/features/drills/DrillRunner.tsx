import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { BigClock } from './BigClock';
import { Briefing } from './Briefing';
import { CheckpointPanel } from './CheckpointPanel';
import { fmtDuration, fmtPct, formatT } from './format';
import { InjectPanel } from './InjectPanel';
import { TimersPanel } from './TimersPanel';
import { LogPanel } from './LogPanel';
import { LiveFirePanel } from './LiveFirePanel';
import { useDrillSession } from './useDrillSession';
import { ROLE_LABELS } from '../../../core/drills/scenario';
import './drills.css';
import { UserText } from '../../components/UserText';
import { useCan } from '../team/team';
import { DrillPlayer } from './DrillPlayer';

/** The runner screen, fit for projecting: big clock, injects, checkpoints and the fast log. */
/**
 * The facilitator view. On a team server only facilitators run drills (issue 14 §3); anyone else
 * who opens it follows the drill in the player view (released injects, the clock and the log).
 */
export function DrillRunner({ id }: { id: string }) {
  const can = useCan();
  if (can('drills:append')) return <FacilitatorView id={id} />;
  return (
    <>
      <p className="muted" role="note">
        Only facilitators run drills: you follow this one in the player view.
      </p>
      <DrillPlayer id={id} />
    </>
  );
}

function FacilitatorView({ id }: { id: string }) {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const navigate = useAppStore((s) => s.navigate);
  const s = useDrillSession(workspaceId, id);
  const [confirmComplete, setConfirmComplete] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  // Projector view: hide what the room should not see yet (upcoming inject titles).
  const [projector, setProjector] = useState(() => localStorage.getItem('ar.drills.projector') === '1');
  const status = s.view?.needsResume ? 'interrupted' : s.view?.drill.status;
  const append = s.append;
  // Facilitator keys (when not typing): L focuses the log, P pauses or resumes.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName);
      if (typing || e.altKey || e.ctrlKey || e.metaKey || document.querySelector('[role="dialog"]')) return;
      if (e.key === 'l' || e.key === 'L') {
        const input = document.getElementById('log-text');
        if (input) {
          e.preventDefault();
          input.focus();
        }
      } else if ((e.key === 'p' || e.key === 'P') && (status === 'running' || status === 'paused')) {
        e.preventDefault();
        void append(
          status === 'running' ? { type: 'pause', payload: {} } : { type: 'resume', payload: {} },
          status === 'running' ? 'Paused: the clock is stopped.' : 'Resumed.',
        );
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [status, append]);
  if (!s.view)
    return (
      <p className="loading" role="status">
        {s.error ?? 'Loading the drill…'}
      </p>
    );
  const v = s.view;
  const st = v.drill.status;
  return (
    <section aria-labelledby="runner-title" className="runner">
      <div className="runner-top">
        <div style={{ flex: '1 1 100%' }}>
          <h1 id="runner-title" style={{ marginBottom: 0 }}>
            <UserText text={v.scenario.title} />
          </h1>
          <p className="muted small" style={{ margin: 0 }}>
            Target: <UserText text={v.drill.agents.map((a) => a.name).join(', ')} /> ·{' '}
            <UserText text={v.drill.participants.map((p) => `${p.name} (${ROLE_LABELS[p.role]})`).join(', ') || 'no participants listed'} />
          </p>
        </div>
        <BigClock anchor={s.anchor} />
        <span className={`status-pill status-${st}`} data-testid="drill-status">
          {v.needsResume ? 'interrupted' : st}
        </span>
        {v.nextInject && st === 'running' && (
          <span className="muted">
            Next inject at T+{v.nextInject.at}
            {projector ? '' : `: ${v.nextInject.title}`} (in {formatT(v.nextInject.dueInMeasuredMs).slice(2)} real time)
          </span>
        )}
        <span className="spacer" />
        <label className="checkbox small">
          <input
            type="checkbox"
            checked={projector}
            onChange={(e) => {
              setProjector(e.target.checked);
              localStorage.setItem('ar.drills.projector', e.target.checked ? '1' : '0');
            }}
          />
          Projector view (hide upcoming injects)
        </label>
        {/* Players follow on their own screens: in browser mode this link (after the server's sign-in link) opens the player view. */}
        <a
          href={`#/drill-play?id=${encodeURIComponent(id)}`}
          title="Released injects, the clock and the log only: share this link with the players"
        >
          Player view
        </a>
        {st === 'setup' && (
          <>
            <button
              type="button"
              className="primary"
              style={{ fontSize: '1.3rem' }}
              onClick={() => void s.append({ type: 'start', payload: {} }, 'Drill started. T0 now.')}
            >
              Start drill (T0)
            </button>
            <button type="button" onClick={() => setConfirmDiscard(true)}>
              Discard
            </button>
          </>
        )}
        {v.needsResume && (
          <button type="button" className="primary" onClick={() => void s.resume()}>
            Resume drill
          </button>
        )}
        {st === 'running' && !v.needsResume && (
          <button
            type="button"
            aria-keyshortcuts="P"
            onClick={() => void s.append({ type: 'pause', payload: {} }, 'Paused: the clock is stopped.')}
          >
            Pause
          </button>
        )}
        {st === 'paused' && !v.needsResume && (
          <button
            type="button"
            className="primary"
            aria-keyshortcuts="P"
            onClick={() => void s.append({ type: 'resume', payload: {} }, 'Resumed.')}
          >
            Resume
          </button>
        )}
        {(st === 'running' || st === 'paused') && !v.needsResume && (
          <button type="button" className="danger" onClick={() => setConfirmComplete(true)}>
            Complete drill
          </button>
        )}
        {st === 'completed' && (
          <button type="button" className="primary" onClick={() => navigate('drill-aar', { id })}>
            After-action review
          </button>
        )}
      </div>
      <div className="runner-top" aria-live="polite">
        {s.error && (
          <p className="form-error" role="alert">
            {s.error}
          </p>
        )}
        {!s.error && s.status && <p role="status">{s.status}</p>}
      </div>
      {v.scenario.sandbox && <LiveFirePanel workspaceId={workspaceId} view={v} />}
      <div>
        <CheckpointPanel view={v} act={s.append} />
        <LogPanel view={v} events={s.events} act={s.append} correct={s.correct} />
        <p className="small muted">Keys: L focuses the log, P pauses or resumes, Enter logs, Ctrl+Enter logs a decision.</p>
      </div>
      <div>
        <section aria-labelledby="m-title">
          <h2 id="m-title">Measures so far</h2>
          <ul className="measure-row">
            <li className="stat">
              <span className="stat-value">{fmtDuration(v.measures.ttd?.scenarioMs)}</span>Time to detect
            </li>
            <li className="stat">
              <span className="stat-value">{fmtDuration(v.measures.ttc?.scenarioMs)}</span>Time to contain
            </li>
            <li className="stat">
              <span className="stat-value">{fmtDuration(v.measures.ttr?.scenarioMs)}</span>Time to recover
            </li>
            <li className="stat">
              <span className="stat-value">{fmtPct(v.measures.decisionAccuracy)}</span>decisions made
            </li>
          </ul>
          {v.measures.pauseCount > 0 && (
            <p className="small muted">
              Paused {v.measures.pauseCount}× ({fmtDuration(v.measures.pausedMs)} excluded).
            </p>
          )}
          {v.measures.appGapCount > 0 && (
            <p className="small warning-text">
              App gap: {v.measures.appGapCount}× (about {fmtDuration(v.measures.appGapWallMs)} by wall clock, excluded).
            </p>
          )}
        </section>
        <InjectPanel view={v} act={s.append} hideUpcoming={projector} />
        <TimersPanel view={v} act={s.append} />
        {!projector && <Briefing view={v} />}
      </div>
      {confirmDiscard && (
        <ConfirmDialog
          title="Discard this drill?"
          message="The drill set-up (targets, participants, time scale) is deleted. The scenario stays in the library."
          confirmLabel="Discard drill"
          onConfirm={async () => {
            await api.call('drills:discard', { workspaceId, drillId: id });
            navigate('drills');
          }}
          onClose={() => setConfirmDiscard(false)}
        />
      )}
      {confirmComplete && (
        <ConfirmDialog
          title="Complete the drill?"
          message="The record becomes immutable: no more events can be added. Expected decisions not made yet will count as missed."
          confirmLabel="Complete drill"
          onConfirm={async () => {
            if (!(await s.complete(''))) throw new Error(s.error ?? 'Could not complete the drill.');
          }}
          onClose={() => setConfirmComplete(false)}
        />
      )}
    </section>
  );
}
