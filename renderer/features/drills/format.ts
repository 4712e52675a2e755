import { CHECKPOINT_LABELS, type DrillEvent } from '../../../core/drills/events';
import { describeCorrection } from '../../../core/drills/correction-text';
import { formatT } from '../../../core/drills/machine';
import type { DrillView } from '../../../core/drills/model';
import { showDateTime, showDuration, showTime } from '../../components/time';

export { formatT };

/** "1 min 20 s" / "—" from milliseconds: the same format as the PDF and HTML reports (core/common/format-duration). */
export const fmtDuration = showDuration;

export const fmtPct = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`);

/** A drill event's wall-clock time, with its zone (it is evidence). */
export const localTime = (iso: string): string => showTime(iso);

export const localDateTime = (iso: string | null): string => showDateTime(iso);

/** Scenario-clock ms of an event (pauses excluded), from the view's pauses and time scale. */
export function eventScenarioMs(view: Pick<DrillView, 'state' | 'drill'>, offsetMs: number): number {
  let paused = 0;
  for (const p of view.state.pauses) {
    const end = Math.min(p.endMs ?? Number.POSITIVE_INFINITY, offsetMs);
    if (end > p.startMs) paused += end - p.startMs;
  }
  return Math.max(0, offsetMs - paused) * view.drill.timeScale;
}

/** One line of the drill log for an event. */
export function describeEvent(e: DrillEvent, view: Pick<DrillView, 'scenario'>): { kind: string; text: string } {
  switch (e.type) {
    case 'start':
      return { kind: 'Start', text: 'Drill started (T0)' };
    case 'note':
      return { kind: 'Note', text: e.payload.text };
    case 'decision': {
      const exp = e.payload.expectedDecisionId
        ? view.scenario.phases.flatMap((p) => p.decisions).find((d) => d.id === e.payload.expectedDecisionId)
        : null;
      return { kind: 'Decision', text: exp ? `${e.payload.text} (meets: ${exp.text})` : e.payload.text };
    }
    case 'inject': {
      const inj = view.scenario.injects.find((i) => i.id === e.payload.injectId);
      const verb = {
        released: 'released on schedule',
        'released-now': 'released now',
        skipped: 'skipped',
        held: 'held',
        unheld: 'hold lifted',
      }[e.payload.action];
      return { kind: 'Inject', text: `${inj?.title ?? e.payload.injectId}: ${verb}` };
    }
    case 'pause':
      return { kind: 'Pause', text: e.payload.reason ? `Paused: ${e.payload.reason}` : 'Paused' };
    case 'resume':
      return { kind: 'Resume', text: 'Resumed' };
    case 'containment':
      return {
        kind: 'Containment',
        text: `${e.payload.step === 'agent-halted' ? 'Agent halted' : 'Credentials revoked'}: ${e.payload.confirmed ? 'confirmed' : 'withdrawn'}`,
      };
    case 'checkpoint': {
      const extra =
        e.payload.checkpoint === 'recovered'
          ? ` (verified against: ${e.payload.systemOfRecord}${e.payload.dataLossMinutes !== null ? `; data lost: ${e.payload.dataLossMinutes} min` : ''})`
          : '';
      return {
        kind: 'Checkpoint',
        text: `${CHECKPOINT_LABELS[e.payload.checkpoint]}${extra}${e.payload.note ? ` - ${e.payload.note}` : ''}`,
      };
    }
    case 'timer': {
      const t = view.scenario.timers?.find((x) => x.id === e.payload.timerId);
      return { kind: 'Timer', text: `${t?.label ?? e.payload.timerId}: ${e.payload.action === 'started' ? 'asked' : 'answered'}` };
    }
    case 'app-gap':
      return {
        kind: 'App gap',
        text: `The app was not running for about ${Math.round(e.payload.wallGapMs / 1000)} s (wall clock); excluded from measured time.`,
      };
    case 'correction':
      return { kind: 'Correction', text: describeCorrection(e.payload) };
    case 'complete':
      return { kind: 'Complete', text: e.payload.note ? `Drill completed: ${e.payload.note}` : 'Drill completed' };
  }
}
