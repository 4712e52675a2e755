import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { authorText } from '../../../core/drills/correction-text';
import { CORRECTABLE_TYPES, type DrillEvent, type EventBodyInput } from '../../../core/drills/events';
import { CorrectionDialog, type CorrectionRequest } from './CorrectionDialog';
import type { DrillView } from '../../../core/drills/model';
import type { DrillRole } from '../../../core/drills/scenario';
import { describeEvent, eventScenarioMs, formatT, localTime } from './format';
import { UserText } from '../../components/UserText';
import { showDateTime } from '../../components/time';

type Props = {
  view: DrillView;
  events: DrillEvent[];
  act: (e: EventBodyInput, what: string) => Promise<boolean>;
  /** Absent where the record cannot be corrected (a signed-off AAR). */
  correct?: ((req: CorrectionRequest) => Promise<void>) | undefined;
  /** The player view: notes only (no expected decisions to pick from), logged as this participant (null: as the profile). */
  player?: { as: { name: string; role: DrillRole } | null };
};

const CORRECTABLE = new Set<string>(CORRECTABLE_TYPES);
const authorOf = (e: DrillEvent): { name: string; role: string | null } | null =>
  e.type === 'note' || e.type === 'decision' || e.type === 'checkpoint' ? e.payload.by : null;

const ROW = 34;

/** Keyboard-first log (type and press Enter) and the virtualised record of every event. */
export function LogPanel({ view, events, act, correct, player }: Props) {
  const [correcting, setCorrecting] = useState<DrillEvent | null>(null);
  // The latest correction of each entry: the row says it was retimed or retracted.
  const correctedAs = new Map(view.state.corrections.map((c) => [c.supersedesSeq, c.kind]));
  const canCorrect = !!correct && view.drill.status !== 'setup' && !view.aar?.signedOffAt;
  const [text, setText] = useState('');
  const [kind, setKind] = useState<'note' | 'decision'>('note');
  const [expected, setExpected] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  // Only the user stops the log following the bottom: a scroll within a second of their own wheel, touch,
  // pointer or key. Scrolls the list makes itself (rows measured, a batch of entries from another window) do not.
  const byHandAt = useRef(Number.NEGATIVE_INFINITY);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const byHand = () => {
      byHandAt.current = performance.now();
    };
    const kinds = ['wheel', 'touchmove', 'pointerdown', 'keydown'] as const;
    for (const k of kinds) el.addEventListener(k, byHand, { passive: true });
    return () => {
      for (const k of kinds) el.removeEventListener(k, byHand);
    };
  }, []);
  const live = view.drill.status !== 'completed' && view.drill.status !== 'setup';
  const virtual = useVirtualizer({ count: events.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 12 });

  useEffect(() => {
    if (atBottom.current && events.length > 0) virtual.scrollToIndex(events.length - 1, { align: 'end' });
  }, [events.length, virtual]);

  const decisions = view.scenario.phases.flatMap((p) => p.decisions.map((d) => ({ ...d, phase: p.title })));
  const submit = async () => {
    const t = text.trim();
    if (!t) return;
    const body: EventBodyInput = player
      ? { type: 'note', payload: { text: t, by: player.as } }
      : kind === 'decision'
        ? { type: 'decision', payload: { text: t, expectedDecisionId: expected || null } }
        : { type: 'note', payload: { text: t } };
    if (await act(body, kind === 'decision' ? 'Decision logged.' : 'Note logged.')) {
      setText('');
      setExpected('');
      input.current?.focus();
    }
  };

  return (
    <section aria-labelledby="log-title">
      <h2 id="log-title">Log</h2>
      {live && (
        <form
          className="log-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          {!player && (
            <>
              <div className="field">
                <label htmlFor="log-kind">Kind</label>
                <select id="log-kind" value={kind} onChange={(e) => setKind(e.target.value as 'note' | 'decision')}>
                  <option value="note">Note</option>
                  <option value="decision">Decision</option>
                </select>
              </div>
              <div className="field">
                <label htmlFor="log-expected">Meets expected decision</label>
                <select id="log-expected" value={expected} disabled={kind !== 'decision'} onChange={(e) => setExpected(e.target.value)}>
                  <option value="">(none)</option>
                  {decisions.map((d) => (
                    <option key={d.id} value={d.id} disabled={!!view.state.decisionsMade[d.id]}>
                      {`by T+${d.by}: ${d.text}${view.state.decisionsMade[d.id] ? ' (done)' : ''}`}
                    </option>
                  ))}
                </select>
              </div>
            </>
          )}
          <div className="field log-text">
            <label htmlFor="log-text">
              {player ? 'Log entry (type and press Enter)' : 'Log entry (type and press Enter; Ctrl+Enter logs it as a decision)'}
            </label>
            <input
              id="log-text"
              ref={input}
              type="text"
              autoComplete="off"
              value={text}
              maxLength={4000}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !player) {
                  e.preventDefault();
                  setKind('decision');
                  const t = text.trim();
                  if (t)
                    void act({ type: 'decision', payload: { text: t, expectedDecisionId: expected || null } }, 'Decision logged.').then(
                      (ok) => ok && setText(''),
                    );
                }
              }}
            />
          </div>
        </form>
      )}
      <p className="small muted">
        {events.length === 0
          ? 'No entries yet: the log opens when the drill starts.'
          : `${events.length} ${events.length === 1 ? 'entry' : 'entries'}`}
      </p>
      <div
        className="log-scroll"
        ref={scroller}
        role="log"
        aria-label="Drill log"
        // A scrolling log must take focus so keyboard users can scroll it (axe: scrollable-region-focusable).
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          const near = el.scrollHeight - el.scrollTop - el.clientHeight < ROW * 2;
          if (near) atBottom.current = true;
          else if (performance.now() - byHandAt.current < 1000) atBottom.current = false;
        }}
      >
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((row) => {
            const e = events[row.index]!;
            const d = describeEvent(e, view);
            return (
              <div
                key={e.seq}
                ref={virtual.measureElement}
                data-index={row.index}
                className="log-row"
                style={{ top: row.start, minHeight: ROW }}
                data-kind={e.type}
              >
                <span className="t">{formatT(eventScenarioMs(view, e.monotonicMs))}</span>
                <span className="kind" title={`Wall clock ${showDateTime(e.wallClock)}`}>
                  {localTime(e.wallClock)}
                </span>
                <span className={correctedAs.get(e.seq) === 'retract' ? 'retracted' : undefined}>
                  <span className="kind">{d.kind}: </span>
                  <UserText text={d.text} />
                </span>
                {/* Beside the entry's text, not inside it: the entry reads (and is found) as it was logged. */}
                {authorOf(e) && <span className="small muted">{authorText(authorOf(e))}</span>}
                {correctedAs.has(e.seq) && <span className="pill">{correctedAs.get(e.seq) === 'retract' ? 'retracted' : 'retimed'}</span>}
                {canCorrect && CORRECTABLE.has(e.type) && correctedAs.get(e.seq) !== 'retract' && (
                  <button type="button" className="small" onClick={() => setCorrecting(e)} aria-label={`Correct entry ${e.seq}: ${d.text}`}>
                    Correct…
                  </button>
                )}
              </div>
            );
          })}
        </div>
      </div>
      {correcting && correct && <CorrectionDialog view={view} entry={correcting} correct={correct} onClose={() => setCorrecting(null)} />}
    </section>
  );
}
