/**
 * Measures of one drill, computed from its replayed state. Headline durations are on the
 * scenario clock (measured un-paused time x time scale) so they compare with the scenario's
 * deadlines and across drills run at different speeds; `measuredMs` gives the raw figure.
 */
import { CHECKPOINTS, type Checkpoint } from './events';
import { measuredMsAt, pausedMsUntil } from './machine';
import type { DecisionMeasure, DecisionOutcome, DrillMeasures, Duration } from './measures-model';
import type { DrillSetup, DrillState } from './model';
import { allDecisions, allTimers } from './scenario';

const dur = (setup: DrillSetup, s: DrillState, offsetMs: number): Duration => {
  const measuredMs = measuredMsAt(s, offsetMs);
  return { measuredMs, scenarioMs: measuredMs * setup.timeScale };
};

/**
 * Compute the measures. For a drill still running, pass the current offset so decisions past
 * their deadline show as "overdue" and elapsed time is current.
 */
export function computeMeasures(setup: DrillSetup, s: DrillState, nowOffsetMs?: number): DrillMeasures {
  const endOffset = s.completedAtMs ?? Math.max(nowOffsetMs ?? s.lastOffsetMs, s.lastOffsetMs);
  const elapsed = dur(setup, s, endOffset);
  const cp = (c: Checkpoint): Duration | null => (s.checkpoints[c] ? dur(setup, s, s.checkpoints[c]!.atMs) : null);
  const decisions: DecisionMeasure[] = allDecisions(setup.scenario).map((d) => {
    const made = s.decisionsMade[d.id];
    const byMs = d.by * 60_000;
    const madeAtMs = made ? dur(setup, s, made.atMs).scenarioMs : null;
    let outcome: DecisionOutcome;
    if (madeAtMs !== null) outcome = madeAtMs <= byMs ? 'on-time' : 'late';
    else if (s.status === 'completed') outcome = 'missed';
    else outcome = elapsed.scenarioMs > byMs ? 'overdue' : 'pending';
    return {
      id: d.id,
      phaseId: d.phaseId,
      phaseTitle: d.phaseTitle,
      text: d.text,
      byMinutes: d.by,
      outcome,
      madeAtMs,
      lateByMs: madeAtMs !== null && madeAtMs > byMs ? madeAtMs - byMs : 0,
      controls: d.controls,
    };
  });
  const outcomes: Record<DecisionOutcome, number> = { 'on-time': 0, late: 0, missed: 0, pending: 0, overdue: 0 };
  for (const d of decisions) outcomes[d.outcome]++;
  const onTime = outcomes['on-time'];
  const late = outcomes.late;
  const total = decisions.length;
  const rpo = setup.scenario.rpoMinutes ?? null;
  const loss = s.recovery?.dataLossMinutes ?? null;
  const injects = { released: 0, releasedEarly: 0, skipped: 0, held: 0, pending: 0, total: 0 };
  for (const id in s.injects) {
    const i = s.injects[id]!;
    injects.total++;
    injects[i.status]++;
    if (i.status === 'released' && i.how === 'now') injects.releasedEarly++;
  }
  return {
    timeScale: setup.timeScale,
    elapsed,
    pausedMs: pausedMsUntil(s, endOffset),
    pauseCount: s.pauses.length,
    appGapWallMs: s.gaps.reduce((a, g) => a + g.wallGapMs, 0),
    appGapCount: s.gaps.length,
    ttd: cp('declared'),
    ttc: cp('contained'),
    ttr: cp('recovered'),
    decisions,
    onTime,
    late,
    missed: outcomes.missed,
    decisionAccuracy: total === 0 ? null : (onTime + late) / total,
    onTimeRate: total === 0 ? null : onTime / total,
    dataLoss: loss === null ? null : { minutes: loss, rpoMinutes: rpo, withinRpo: rpo === null ? null : loss <= rpo },
    injects,
    logEntries: s.logEntries,
    timers: allTimers(setup.scenario).map((tm) => {
      const st = s.timers[tm.id];
      if (!st) return { id: tm.id, label: tm.label, controls: tm.controls, status: 'not-started' as const, duration: null };
      const a = dur(setup, s, st.startedAtMs);
      const b = dur(setup, s, st.stoppedAtMs ?? endOffset);
      return {
        id: tm.id,
        label: tm.label,
        controls: tm.controls,
        status: st.stoppedAtMs === null ? ('running' as const) : ('done' as const),
        duration: { measuredMs: b.measuredMs - a.measuredMs, scenarioMs: b.scenarioMs - a.scenarioMs },
      };
    }),
  };
}

export { CHECKPOINTS };
// Existing importers read the measure types from here; they are defined in measures-model.ts.
export type { DecisionMeasure, DecisionOutcome, DrillMeasures, Duration, TimerMeasure } from './measures-model';
