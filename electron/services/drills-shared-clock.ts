/**
 * The drill clock on a team server (issue 14), where several instances serve one drill. Each
 * instance has its own monotonic clock, so an anchor taken by the instance that started the drill
 * means nothing to another one. An instance without an anchor for a running or paused drill takes
 * one from the database instead: the last moment the drill was seen (its last event, or its last
 * heartbeat if later), carried forward by the wall clock. The instances run on one host (see
 * docs/team-server.md), so they share that clock; from then on the instance's own monotonic clock
 * carries it.
 *
 * A running drill last seen longer ago than SHARED_CLOCK_WINDOW_MS is not taken over: every
 * instance was down, and the drill needs a resume that records the gap, as on the desktop. A
 * paused drill is taken over whatever its age: time in a pause is not measured, so a gap in it
 * changes no figure.
 */
import type { DrillState } from '../../core/drills/machine';
import type { OpenWorkspace } from '../store/workspaces';
import { readAlive } from '../store/drills/records';

/** A running runner records a heartbeat about once a second: a minute without one is an outage, not a quiet moment. */
export const SHARED_CLOCK_WINDOW_MS = 60_000;

/** The drill's offset now (ms since T0) as the database says, or null when this instance may not take the drill over. */
export function sharedClockOffset(db: OpenWorkspace['db'], drillId: string, state: DrillState, now: Date): number | null {
  if (state.status !== 'running' && state.status !== 'paused') return null;
  const alive = readAlive(db, drillId);
  const seen =
    alive && alive.offsetMs > state.lastOffsetMs && state.status === 'running'
      ? alive
      : { offsetMs: state.lastOffsetMs, wallClock: state.lastWallClock };
  if (!seen.wallClock) return null;
  const sinceMs = now.getTime() - Date.parse(seen.wallClock);
  if (!Number.isFinite(sinceMs)) return null;
  if (state.status === 'running' && sinceMs > SHARED_CLOCK_WINDOW_MS) return null;
  return Math.max(state.lastOffsetMs, Math.round(seen.offsetMs + Math.max(0, sinceMs)));
}
