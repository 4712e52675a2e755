/**
 * The inject schedule. Given the scenario, the drill's time scale and its measured (un-paused)
 * elapsed time, it says which injects are due now and which comes next.
 */
import type { DrillSetup, DrillState } from './model';
import { injectsInOrder, type Inject } from './scenario';

export type ScheduledInject = Inject & {
  /** Measured (real, un-paused) milliseconds from T0 when it is due at this time scale. */
  dueMeasuredMs: number;
};

/** Measured ms at which an inject at T+`at` minutes is due, at a time scale. */
export const dueMeasuredMs = (atMinutes: number, timeScale: number): number => (atMinutes * 60_000) / timeScale;

/**
 * Injects due for release by the schedule: pending (not held, released or skipped) and whose T+
 * has been reached. Held injects are never due; lifting the hold makes them due again.
 */
export function dueInjects(setup: DrillSetup, state: Pick<DrillState, 'injects' | 'status'>, measuredElapsedMs: number): ScheduledInject[] {
  if (state.status !== 'running') return [];
  return injectsInOrder(setup.scenario)
    .filter((i) => state.injects[i.id]?.status === 'pending')
    .map((i) => ({ ...i, dueMeasuredMs: dueMeasuredMs(i.at, setup.timeScale) }))
    .filter((i) => i.dueMeasuredMs <= measuredElapsedMs);
}

/** The next pending inject not yet due (for a countdown), or null. */
export function nextInject(setup: DrillSetup, state: Pick<DrillState, 'injects'>, measuredElapsedMs: number): ScheduledInject | null {
  for (const i of injectsInOrder(setup.scenario)) {
    const st = state.injects[i.id]?.status;
    if (st !== 'pending' && st !== 'held') continue;
    const due = dueMeasuredMs(i.at, setup.timeScale);
    if (due > measuredElapsedMs) return { ...i, dueMeasuredMs: due };
  }
  return null;
}
