/**
 * Corrections (issue 11 section 7): a mis-click cannot rewrite a drill's history. A correction
 * event names the entry it supersedes and retimes or retracts it; the superseded entry stays in
 * the record, and the state (hence TTD / TTC / TTR and decision timing) follows the corrected
 * timeline. Pure: called by the state machine with the state before the correction.
 */
import { CHECKPOINT_LABELS, CHECKPOINTS, type Checkpoint, type EventStamp } from './events';
import type { CorrectionRecord, DrillSetup, DrillState } from './model';

type CorrectionPayload = Extract<import('./events').EventBody, { type: 'correction' }>['payload'];
export type Corrected = { ok: true; state: DrillState } | { ok: false; message: string; field?: string };

const refuse = (message: string, field?: string): Corrected => (field ? { ok: false, message, field } : { ok: false, message });

/**
 * The offset (ms from T0 on the monotonic line) at which the scenario clock showed `scenarioMs`:
 * the inverse of measured time, stepping over each pause that began before it. Null when that
 * moment falls inside a pause that has not ended (it is later than anything recorded).
 */
export function offsetAtScenarioMs(setup: Pick<DrillSetup, 'timeScale'>, s: Pick<DrillState, 'pauses'>, scenarioMs: number): number | null {
  let offset = scenarioMs / setup.timeScale;
  for (const p of [...s.pauses].sort((a, b) => a.startMs - b.startMs)) {
    if (p.startMs >= offset) break;
    if (p.endMs === null) return null;
    offset += p.endMs - p.startMs;
  }
  return offset;
}

/** Checkpoints in the order a drill reaches them: a retimed one must stay between its neighbours. */
function orderProblem(s: DrillState, cp: Checkpoint, atMs: number): string | null {
  const i = CHECKPOINTS.indexOf(cp);
  const before = CHECKPOINTS.slice(0, i).filter((c) => s.checkpoints[c]);
  const after = CHECKPOINTS.slice(i + 1).filter((c) => s.checkpoints[c]);
  const prev = before[before.length - 1];
  const nxt = after[0];
  if (prev && atMs < s.checkpoints[prev]!.atMs) return `${CHECKPOINT_LABELS[cp]} cannot be earlier than ${CHECKPOINT_LABELS[prev]}.`;
  if (nxt && atMs > s.checkpoints[nxt]!.atMs) return `${CHECKPOINT_LABELS[cp]} cannot be later than ${CHECKPOINT_LABELS[nxt]}.`;
  return null;
}

/** Applies one correction to `next` (the state already moved to the correction's stamp). */
export function applyCorrection(setup: DrillSetup, s: DrillState, next: DrillState, stamp: EventStamp, p: CorrectionPayload): Corrected {
  if (p.supersedesSeq >= stamp.seq) return refuse(`Entry ${p.supersedesSeq} is not in the record yet.`, 'payload.supersedesSeq');
  if (s.corrections.some((c) => c.seq === p.supersedesSeq))
    return refuse('A correction is not corrected itself: correct the original entry again instead.', 'payload.supersedesSeq');
  if (s.corrections.some((c) => c.supersedesSeq === p.supersedesSeq && c.kind === 'retract'))
    return refuse(`Entry ${p.supersedesSeq} was already retracted.`, 'payload.supersedesSeq');
  let atMs: number | null = null;
  if (p.kind === 'retime') {
    atMs = offsetAtScenarioMs(setup, s, p.correctedScenarioMs!);
    if (atMs === null || atMs > stamp.monotonicMs)
      return refuse('The corrected time is later than the drill has run: give a time already on the clock.', 'payload.correctedScenarioMs');
  }
  let state: DrillState = next;
  if (p.entryType === 'checkpoint') {
    const cp = p.checkpoint!;
    const rec = s.checkpoints[cp];
    if (!rec || rec.seq !== p.supersedesSeq)
      return refuse(`Entry ${p.supersedesSeq} is not the recorded ${CHECKPOINT_LABELS[cp]}.`, 'payload.supersedesSeq');
    if (p.kind === 'retract') {
      const later = CHECKPOINTS.slice(CHECKPOINTS.indexOf(cp) + 1).find((c) => s.checkpoints[c]);
      if (later) return refuse(`Retract ${CHECKPOINT_LABELS[later]} first: it was recorded after ${CHECKPOINT_LABELS[cp]}.`);
      const checkpoints = { ...s.checkpoints };
      delete checkpoints[cp];
      state = { ...state, checkpoints, recovery: cp === 'recovered' ? null : s.recovery };
    } else {
      const problem = orderProblem(s, cp, atMs!);
      if (problem) return refuse(problem, 'payload.correctedScenarioMs');
      state = { ...state, checkpoints: { ...s.checkpoints, [cp]: { ...rec, atMs: atMs! } } };
    }
  } else {
    // A note or a decision: a retraction takes it off the log count; a decision that met an expected one is moved or withdrawn.
    const met = Object.entries(s.decisionsMade).find(([, d]) => d.seq === p.supersedesSeq)?.[0];
    if (p.kind === 'retract') state = { ...state, logEntries: Math.max(0, s.logEntries - 1) };
    if (met !== undefined) {
      const decisionsMade = { ...s.decisionsMade };
      if (p.kind === 'retract') delete decisionsMade[met];
      else decisionsMade[met] = { ...decisionsMade[met]!, atMs: atMs! };
      state = { ...state, decisionsMade };
    }
  }
  const record: CorrectionRecord = {
    seq: stamp.seq,
    supersedesSeq: p.supersedesSeq,
    entryType: p.entryType,
    checkpoint: p.checkpoint,
    kind: p.kind,
    correctedAtMs: atMs,
    correctedScenarioMs: p.kind === 'retime' ? p.correctedScenarioMs : null,
    reason: p.reason,
    by: p.by,
    wallClock: stamp.wallClock,
  };
  return { ok: true, state: { ...state, corrections: [...s.corrections, record] } };
}
