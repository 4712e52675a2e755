/**
 * The measures of one drill as data (computed by measures.ts, shown by the runner, history and
 * reports). A zod schema so the drill channels' responses are checked in tests; the types come from it.
 * Headline durations are on the scenario clock; `measuredMs` is the raw (un-paused) figure.
 */
import { z } from 'zod';

export const DECISION_OUTCOMES = ['on-time', 'late', 'missed', 'pending', 'overdue'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

const Ms = z.number().min(0);
const Count = z.number().int().min(0);
const Rate = z.number().min(0).max(1).nullable();

const DurationSchema = z.object({ scenarioMs: Ms, measuredMs: Ms });
export type Duration = z.output<typeof DurationSchema>;

const DecisionMeasureSchema = z.object({
  id: z.string(),
  phaseId: z.string(),
  phaseTitle: z.string(),
  text: z.string(),
  /** Deadline, T+ minutes. */
  byMinutes: z.number().min(0),
  outcome: z.enum(DECISION_OUTCOMES),
  /** Scenario ms when it was made; null if not made. */
  madeAtMs: Ms.nullable(),
  /** How late (scenario ms); 0 when on time or not made. */
  lateByMs: Ms,
  controls: z.array(z.string()),
});
export type DecisionMeasure = z.output<typeof DecisionMeasureSchema>;

const TimerMeasureSchema = z.object({
  id: z.string(),
  label: z.string(),
  controls: z.array(z.string()),
  status: z.enum(['not-started', 'running', 'done']),
  /** Scenario-clock ms from start to stop (or to now while running); null if not started. */
  duration: DurationSchema.nullable(),
});
export type TimerMeasure = z.output<typeof TimerMeasureSchema>;

export const DrillMeasuresSchema = z.object({
  timeScale: z.number().min(1),
  /** Elapsed up to completion (or up to `nowOffsetMs` for a running drill). */
  elapsed: DurationSchema,
  pausedMs: Ms,
  pauseCount: Count,
  /** Wall-clock time the app was down mid-drill (excluded from measured time; an estimate). */
  appGapWallMs: Ms,
  appGapCount: Count,
  ttd: DurationSchema.nullable(),
  ttc: DurationSchema.nullable(),
  ttr: DurationSchema.nullable(),
  decisions: z.array(DecisionMeasureSchema),
  onTime: Count,
  late: Count,
  missed: Count,
  /** Expected decisions made (on time or late) / total; null when the scenario has none. */
  decisionAccuracy: Rate,
  /** Expected decisions made on time / total. */
  onTimeRate: Rate,
  dataLoss: z
    .object({ minutes: z.number().min(0), rpoMinutes: z.number().min(0).nullable(), withinRpo: z.boolean().nullable() })
    .nullable(),
  injects: z.object({ released: Count, releasedEarly: Count, skipped: Count, held: Count, pending: Count, total: Count }),
  logEntries: Count,
  /** Timed questions (log-query time, owner-reach time, and the scenario's own). */
  timers: z.array(TimerMeasureSchema),
});
export type DrillMeasures = z.output<typeof DrillMeasuresSchema>;
