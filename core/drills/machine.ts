/**
 * The drill state machine. Pure: fed one timestamped event at a time, it either returns the next
 * state or refuses the event with a message a facilitator can act on. Nothing is recorded for a
 * refused event (the store only appends what this accepts).
 *
 * Time model: `monotonicMs` is the offset from T0 on a monotonic clock. Measured time excludes
 * pauses; scenario time = measured time x time scale. The wall clock is kept for people only.
 */
import type { DrillEvent, EventBodyInput, EventStamp } from './events';
import { CHECKPOINT_LABELS, EventBody } from './events';
import type { CheckpointRecord, DrillSetup, DrillState, InjectState } from './model';
import { applyCorrection } from './corrections';
import { allDecisions, allTimers } from './scenario';
import { dueMeasuredMs } from './scheduler';

// The state types are defined in model.ts (with their zod schemas); re-exported for existing importers.
export type { CheckpointRecord, DrillSetup, DrillState, DrillStatus, GapRecord, InjectState, InjectStatus, PauseSpan } from './model';

export type Applied = { ok: true; state: DrillState; event: DrillEvent } | { ok: false; message: string; field?: string };

export function initialState(setup: DrillSetup): DrillState {
  const injects: Record<string, InjectState> = {};
  for (const i of setup.scenario.injects) injects[i.id] = { status: 'pending', atMs: null, how: null, wasHeld: false };
  return {
    status: 'setup',
    lastSeq: 0,
    lastOffsetMs: 0,
    startWallClock: null,
    lastWallClock: null,
    pauses: [],
    gaps: [],
    injects,
    containment: { 'agent-halted': null, 'credentials-revoked': null },
    checkpoints: {},
    recovery: null,
    decisionsMade: {},
    timers: {},
    logEntries: 0,
    completedAtMs: null,
    corrections: [],
  };
}

/** Milliseconds of pause inside [0, offsetMs]. */
export function pausedMsUntil(state: Pick<DrillState, 'pauses'>, offsetMs: number): number {
  let sum = 0;
  for (const p of state.pauses) {
    const end = Math.min(p.endMs ?? Number.POSITIVE_INFINITY, offsetMs);
    if (end > p.startMs) sum += end - p.startMs;
  }
  return sum;
}

/** Measured (un-paused) milliseconds from T0 to `offsetMs`. */
export const measuredMsAt = (state: Pick<DrillState, 'pauses'>, offsetMs: number): number =>
  Math.max(0, offsetMs - pausedMsUntil(state, offsetMs));

/** Scenario-clock milliseconds (T+) at `offsetMs`. */
export const scenarioMsAt = (setup: Pick<DrillSetup, 'timeScale'>, state: Pick<DrillState, 'pauses'>, offsetMs: number): number =>
  measuredMsAt(state, offsetMs) * setup.timeScale;

/** "T+07:05" from scenario milliseconds. */
export function formatT(scenarioMs: number): string {
  const totalS = Math.floor(scenarioMs / 1000);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `T+${h}:${mm}:${ss}` : `T+${mm}:${ss}`;
}

const refuse = (message: string, field?: string): Applied => (field ? { ok: false, message, field } : { ok: false, message });

/**
 * Apply one event. The stamp must continue the record: seq = last + 1, offset never decreasing.
 * The body is validated with the event schema (defaults applied) before the rules run.
 */
export function applyEvent(setup: DrillSetup, s: DrillState, stamp: EventStamp, bodyInput: EventBodyInput): Applied {
  const parsed = EventBody.safeParse(bodyInput);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse(issue ? issue.message : 'Invalid event', issue?.path.join('.'));
  }
  const body = parsed.data;
  // A completed drill takes corrections only (the store refuses them too once its AAR is signed off).
  if (s.status === 'completed' && body.type !== 'correction') return refuse('This drill is completed: its record can no longer change.');
  if (stamp.seq !== s.lastSeq + 1) return refuse(`Out of sequence: expected event ${s.lastSeq + 1}, got ${stamp.seq}.`);
  if (!(stamp.monotonicMs >= s.lastOffsetMs))
    return refuse(`Time cannot go backwards: offset ${stamp.monotonicMs} ms is before the last event (${s.lastOffsetMs} ms).`);
  if (s.status === 'setup' && body.type !== 'start') return refuse('The drill has not started yet: start it first.');
  const t = stamp.monotonicMs;
  const event = { ...stamp, ...body } as DrillEvent;
  const next: DrillState = { ...s, lastSeq: stamp.seq, lastOffsetMs: t, lastWallClock: stamp.wallClock };
  const ok = (st: DrillState): Applied => ({ ok: true, state: st, event });
  const whenPaused = 'The drill is paused: resume it first.';

  switch (body.type) {
    case 'start':
      if (s.status !== 'setup') return refuse('The drill has already started.');
      if (t !== 0) return refuse('The start event must be at offset 0 (it is T0).');
      return ok({ ...next, status: 'running', startWallClock: stamp.wallClock });

    case 'pause':
      if (s.status === 'paused') return refuse('The drill is already paused.');
      return ok({
        ...next,
        status: 'paused',
        pauses: [...s.pauses, { startMs: t, endMs: null, reason: body.payload.reason, seq: stamp.seq }],
      });

    case 'resume': {
      if (s.status !== 'paused') return refuse('The drill is not paused, so it cannot be resumed.');
      const pauses = s.pauses.slice();
      const last = pauses[pauses.length - 1]!;
      pauses[pauses.length - 1] = { ...last, endMs: t };
      return ok({ ...next, status: 'running', pauses });
    }

    case 'note':
      return ok({ ...next, logEntries: s.logEntries + 1 });

    case 'decision': {
      const id = body.payload.expectedDecisionId;
      if (id === null) return ok({ ...next, logEntries: s.logEntries + 1 });
      if (!allDecisions(setup.scenario).some((d) => d.id === id))
        return refuse(`This scenario has no expected decision "${id}".`, 'payload.expectedDecisionId');
      const decisionsMade = s.decisionsMade[id] ? s.decisionsMade : { ...s.decisionsMade, [id]: { atMs: t, seq: stamp.seq } };
      return ok({ ...next, logEntries: s.logEntries + 1, decisionsMade });
    }

    case 'inject': {
      const { injectId, action } = body.payload;
      const inj = setup.scenario.injects.find((i) => i.id === injectId);
      const cur = s.injects[injectId];
      if (!inj || !cur) return refuse(`This scenario has no inject "${injectId}".`, 'payload.injectId');
      if (cur.status === 'released') return refuse(`"${inj.title}" was already released.`);
      if (cur.status === 'skipped') return refuse(`"${inj.title}" was skipped.`);
      const put = (v: InjectState): Applied => ok({ ...next, injects: { ...s.injects, [injectId]: v } });
      switch (action) {
        case 'released': {
          if (s.status === 'paused') return refuse(whenPaused);
          if (cur.status === 'held') return refuse(`"${inj.title}" is on hold: release it now, or lift the hold.`);
          if (measuredMsAt(next, t) < dueMeasuredMs(inj.at, setup.timeScale))
            return refuse(`"${inj.title}" is not due until T+${inj.at} min: use "Release now" to release it early.`);
          return put({ status: 'released', atMs: t, how: 'schedule', wasHeld: cur.wasHeld });
        }
        case 'released-now':
          if (s.status === 'paused') return refuse(whenPaused);
          return put({ status: 'released', atMs: t, how: 'now', wasHeld: cur.wasHeld });
        case 'skipped':
          return put({ status: 'skipped', atMs: t, how: null, wasHeld: cur.wasHeld });
        case 'held':
          if (cur.status === 'held') return refuse(`"${inj.title}" is already on hold.`);
          return put({ ...cur, status: 'held', wasHeld: true });
        case 'unheld':
          if (cur.status !== 'held') return refuse(`"${inj.title}" is not on hold.`);
          return put({ ...cur, status: 'pending' });
      }
      return refuse('Unknown inject action.');
    }

    case 'containment': {
      const { step, confirmed } = body.payload;
      if (s.checkpoints.contained) return refuse('Contained is already recorded: containment steps can no longer change.');
      const label = step === 'agent-halted' ? 'Agent halted' : 'Credentials revoked';
      if (confirmed && s.containment[step]) return refuse(`"${label}" is already confirmed.`);
      if (!confirmed && !s.containment[step]) return refuse(`"${label}" is not confirmed, so there is nothing to withdraw.`);
      return ok({ ...next, containment: { ...s.containment, [step]: confirmed ? { atMs: t, seq: stamp.seq } : null } });
    }

    case 'checkpoint': {
      const cp = body.payload.checkpoint;
      if (s.status === 'paused') return refuse(whenPaused);
      const prev = s.checkpoints[cp];
      if (prev) return refuse(`${CHECKPOINT_LABELS[cp]} was already recorded (${formatT(scenarioMsAt(setup, s, prev.atMs))}).`);
      const rec: CheckpointRecord = { atMs: t, seq: stamp.seq, wallClock: stamp.wallClock, note: body.payload.note };
      if (cp === 'contained') {
        if (!s.checkpoints.declared) return refuse('Declare the incident before recording Contained.');
        const missing = [
          !s.containment['agent-halted'] && 'agent halted',
          !s.containment['credentials-revoked'] && 'credentials revoked',
        ].filter(Boolean);
        if (missing.length > 0)
          return refuse(
            `Contained needs both confirmations: the agent halted AND its credentials revoked. Not yet confirmed: ${missing.join(' and ')}.`,
          );
      }
      if (cp === 'recovered') {
        if (!s.checkpoints.contained)
          return refuse('Recovered cannot come before Contained: halt the agent and revoke its credentials first.');
        if (!body.payload.verifiedAgainstSystemOfRecord)
          return refuse(
            'Recovered needs the restored service or data verified against the system of record.',
            'payload.verifiedAgainstSystemOfRecord',
          );
        if (body.payload.systemOfRecord === '')
          return refuse('Say what the restore was verified against (the system of record).', 'payload.systemOfRecord');
        return ok({
          ...next,
          checkpoints: { ...s.checkpoints, recovered: rec },
          recovery: { systemOfRecord: body.payload.systemOfRecord, dataLossMinutes: body.payload.dataLossMinutes },
        });
      }
      return ok({ ...next, checkpoints: { ...s.checkpoints, [cp]: rec } });
    }

    case 'timer': {
      const { timerId, action } = body.payload;
      const def = allTimers(setup.scenario).find((x) => x.id === timerId);
      if (!def) return refuse(`This drill has no timer "${timerId}".`, 'payload.timerId');
      const cur = s.timers[timerId];
      if (action === 'started') {
        if (cur) return refuse(`"${def.label}" was already started.`);
        return ok({ ...next, timers: { ...s.timers, [timerId]: { startedAtMs: t, stoppedAtMs: null } } });
      }
      if (!cur) return refuse(`Start "${def.label}" before stopping it.`);
      if (cur.stoppedAtMs !== null) return refuse(`"${def.label}" was already stopped.`);
      return ok({ ...next, timers: { ...s.timers, [timerId]: { ...cur, stoppedAtMs: t } } });
    }

    case 'correction': {
      const r = applyCorrection(setup, s, next, stamp, body.payload);
      return r.ok ? ok(r.state) : refuse(r.message, r.field);
    }

    case 'app-gap':
      // Stamped at the last moment the app was known to be running (>= the last event's offset).
      return ok({ ...next, gaps: [...s.gaps, { atMs: t, seq: stamp.seq, ...body.payload }] });

    case 'complete': {
      const pauses = s.pauses.map((p) => (p.endMs === null ? { ...p, endMs: t } : p));
      return ok({ ...next, status: 'completed', pauses, completedAtMs: t });
    }
  }
}

/**
 * Rebuild a drill's state from its stored events. A record that does not replay is corrupt:
 * this throws with the failing sequence number rather than guessing.
 */
export function replay(setup: DrillSetup, events: readonly DrillEvent[]): DrillState {
  let s = initialState(setup);
  for (const e of events) {
    const { seq, monotonicMs, wallClock, ...body } = e;
    const r = applyEvent(setup, s, { seq, monotonicMs, wallClock }, body as EventBodyInput);
    if (!r.ok) throw new Error(`Drill record does not replay at event ${e.seq} (${e.type}): ${r.message}`);
    s = r.state;
  }
  return s;
}
