import { useMemo, useState } from 'react';
import { useAppStore } from '../../app/app.store';
import { playerEvents, playerView } from '../../../core/drills/player';
import { ROLE_LABELS } from '../../../core/drills/scenario';
import { UserText } from '../../components/UserText';
import { BigClock } from './BigClock';
import { InjectPanel } from './InjectPanel';
import { LogPanel } from './LogPanel';
import { useDrillSession } from './useDrillSession';
import './drills.css';

/**
 * The player view of a running drill (issue 14 §5): what the people playing see on their own
 * screens, following the facilitator live. Released injects, the clock and the log; never an
 * upcoming inject or an expected decision (core/drills/player.ts strips them before rendering).
 * It does not poll the schedule: the facilitator's runner releases injects, and this view hears of
 * every change through the live stream.
 */
export function DrillPlayer({ id }: { id: string }) {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const s = useDrillSession(workspaceId, id, { poll: false });
  const key = `ar.drills.as.${id}`;
  const [as, setAs] = useState(() => localStorage.getItem(key) ?? '');
  const view = useMemo(() => (s.view ? playerView(s.view) : null), [s.view]);
  const events = useMemo(() => (s.view ? playerEvents(s.view, s.events) : []), [s.view, s.events]);
  if (!view)
    return (
      <p className="loading" role="status">
        {s.error ?? 'Loading the drill…'}
      </p>
    );
  const st = view.drill.status;
  const participants = view.drill.participants;
  const me = participants.find((p) => `${p.name}\u0000${p.role}` === as) ?? null;
  return (
    <section aria-labelledby="player-title" className="runner player">
      <div className="runner-top">
        <div style={{ flex: '1 1 100%' }}>
          <p className="pill">Player view</p>
          <h1 id="player-title" style={{ marginBottom: 0 }}>
            <UserText text={view.scenario.title} />
          </h1>
        </div>
        <BigClock anchor={s.anchor} />
        <span className={`status-pill status-${st}`} data-testid="drill-status">
          {view.needsResume ? 'interrupted' : st}
        </span>
        <span className="spacer" />
        <div className="field">
          <label htmlFor="player-as">Logging as</label>
          <select
            id="player-as"
            value={me ? as : ''}
            onChange={(e) => {
              setAs(e.target.value);
              localStorage.setItem(key, e.target.value);
            }}
          >
            <option value="">(my profile)</option>
            {participants.map((p) => (
              <option key={`${p.name}\u0000${p.role}`} value={`${p.name}\u0000${p.role}`}>
                {`${p.name} (${ROLE_LABELS[p.role]})`}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="runner-top" aria-live="polite">
        {s.error && (
          <p className="form-error" role="alert">
            {s.error}
          </p>
        )}
      </div>
      <div>
        <LogPanel view={view} events={events} act={s.append} player={{ as: me }} />
      </div>
      <div>
        <InjectPanel view={view} act={s.append} player />
      </div>
    </section>
  );
}
