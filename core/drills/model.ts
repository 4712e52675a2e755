/**
 * Drill records as plain data: what the store keeps, what the engine (machine, scheduler, measures)
 * computes and what the runner, history and reports read. Every shape a drill channel returns has a
 * zod schema here, so responses are checked in tests; the engine files import their types from here
 * (never from each other), which keeps the drill modules free of import cycles.
 */
import { z } from 'zod';
import { Id, IsoDate, Name, OptionalName } from '../common/schemas';
import { CHECKPOINTS, CONTAINMENT_STEPS, DrillEventSchema } from './events';
import { DrillMeasuresSchema } from './measures-model';
import { BasedOn, ControlId, DrillRole, RenderedScenarioSchema, type Scenario } from './scenario';

export const DRILL_STATUSES = ['setup', 'running', 'paused', 'completed'] as const;
export type DrillStatusValue = (typeof DRILL_STATUSES)[number];
export type DrillStatus = DrillStatusValue;

// ---- Engine state (built by machine.ts from the events) ----

export const INJECT_STATUSES = ['pending', 'held', 'released', 'skipped'] as const;
export type InjectStatus = (typeof INJECT_STATUSES)[number];
const Offset = z.number().min(0);
const Seq = z.number().int().min(1);
const At = z.object({ atMs: Offset, seq: Seq });

const InjectStateSchema = z.object({
  status: z.enum(INJECT_STATUSES),
  atMs: Offset.nullable(),
  how: z.enum(['schedule', 'now']).nullable(),
  wasHeld: z.boolean(),
});
export type InjectState = z.output<typeof InjectStateSchema>;
const PauseSpanSchema = z.object({ startMs: Offset, endMs: Offset.nullable(), reason: z.string(), seq: Seq });
export type PauseSpan = z.output<typeof PauseSpanSchema>;
const GapRecordSchema = z.object({
  atMs: Offset,
  wallGapMs: z.number().min(0),
  seq: Seq,
  lastWallClock: z.string(),
  resumedWallClock: z.string(),
});
export type GapRecord = z.output<typeof GapRecordSchema>;
const CheckpointRecordSchema = z.object({ atMs: Offset, seq: Seq, wallClock: z.string(), note: z.string() });
export type CheckpointRecord = z.output<typeof CheckpointRecordSchema>;

export const DrillStateSchema = z.object({
  status: z.enum(DRILL_STATUSES),
  lastSeq: z.number().int().min(0),
  lastOffsetMs: Offset,
  startWallClock: z.string().nullable(),
  lastWallClock: z.string().nullable(),
  pauses: z.array(PauseSpanSchema),
  gaps: z.array(GapRecordSchema),
  injects: z.record(z.string(), InjectStateSchema),
  containment: z.record(z.enum(CONTAINMENT_STEPS), At.nullable()),
  checkpoints: z.partialRecord(z.enum(CHECKPOINTS), CheckpointRecordSchema),
  recovery: z.object({ systemOfRecord: z.string(), dataLossMinutes: z.number().nullable() }).nullable(),
  /** First logged decision that meets each expected decision. */
  decisionsMade: z.record(z.string(), At),
  /** Timed questions: when each was started and stopped (offsets). */
  timers: z.record(z.string(), z.object({ startedAtMs: Offset, stoppedAtMs: Offset.nullable() })),
  logEntries: z.number().int().min(0),
  completedAtMs: Offset.nullable(),
});
export type DrillState = z.output<typeof DrillStateSchema>;

/** What the engine needs besides the events: the drill's scenario snapshot and its time scale. */
export type DrillSetup = { scenario: Scenario; timeScale: number };

/** Time scales offered by the setup screen; any value from 1 to 120 is accepted. */
export const TIME_SCALES = [1, 2, 5, 10, 30, 60] as const;
export const TimeScale = z.number({ error: 'Choose a time scale' }).min(1, 'At least 1 (real time)').max(120, 'At most 120x');

export const Participant = z.object({ name: Name, role: DrillRole });
export type Participant = z.output<typeof Participant>;

export const DrillSummary = z.object({
  id: Id,
  scenarioId: z.string(),
  scenarioTitle: z.string(),
  scenarioOrigin: z.enum(['shipped', 'custom']),
  timeScale: z.number(),
  status: z.enum(DRILL_STATUSES),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  agents: z.array(z.object({ id: z.string(), name: z.string() })),
  participants: z.array(Participant),
});
export type DrillSummary = z.output<typeof DrillSummary>;

// ---- After-action review (HSEEP AAR/IP style) ----

const AarText = z.string().trim().min(1, 'Required').max(1000, 'At most 1000 characters');

export const CorrectiveActionInput = z.object({
  /** Present when editing an existing action. */
  id: Id.optional(),
  title: AarText,
  owner: Name,
  dueDate: IsoDate,
  controlIds: z.array(ControlId).max(20).default([]),
  /** null = applies to every agent the drill targeted. */
  agentId: z.string().max(64).nullable().default(null),
});
export type CorrectiveActionInput = z.input<typeof CorrectiveActionInput>;

export const CorrectiveAction = z.object({
  id: Id,
  drillId: Id,
  title: z.string(),
  owner: z.string(),
  dueDate: z.string(),
  controlIds: z.array(z.string()),
  agentId: z.string().nullable(),
  status: z.enum(['open', 'closed']),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  closingNote: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CorrectiveAction = z.output<typeof CorrectiveAction>;

export const AarInput = z.object({
  summary: z.string().trim().max(4000, 'At most 4000 characters').default(''),
  strengths: z.array(AarText).max(50).default([]),
  improvements: z.array(AarText).max(50).default([]),
  correctiveActions: z.array(CorrectiveActionInput).max(50).default([]),
});
export type AarInput = z.input<typeof AarInput>;

export const Aar = z.object({
  drillId: Id,
  summary: z.string(),
  strengths: z.array(z.string()),
  improvements: z.array(z.string()),
  correctiveActions: z.array(CorrectiveAction),
  signedOffBy: z.string().nullable(),
  signedOffAt: z.string().nullable(),
  /** Who last wrote the review (the acting user); its sign-off must name someone else. Empty before issue 11. */
  writtenBy: z.string().default(''),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Aar = z.output<typeof Aar>;

// ---- Views ----

const DrillClock = z.object({
  /** Monotonic offset from T0 when the response was built (ms). */
  nowOffsetMs: Offset,
  /** Un-paused ms from T0. */
  measuredMs: Offset,
  /** Scenario clock (T+) in ms = measured x time scale. */
  scenarioMs: Offset,
  running: z.boolean(),
});
export type DrillClock = z.output<typeof DrillClock>;

const Fallback = z.object({ key: z.string(), value: z.string() });

export const DrillViewSchema = z.object({
  drill: DrillSummary,
  scenario: RenderedScenarioSchema,
  fallbacks: z.array(Fallback),
  state: DrillStateSchema,
  measures: DrillMeasuresSchema,
  clock: DrillClock,
  nextInject: z.object({ id: z.string(), title: z.string(), at: z.number(), dueInMeasuredMs: z.number() }).nullable(),
  /** The app restarted while this drill was unfinished: it must be resumed (recording the gap) before new events. */
  needsResume: z.boolean(),
  aar: Aar.nullable(),
});
export type DrillView = z.output<typeof DrillViewSchema>;

export const DrillEventsPageSchema = z.object({ events: z.array(DrillEventSchema), lastSeq: z.number().int().min(0) });
export type DrillEventsPage = z.output<typeof DrillEventsPageSchema>;

const Ms = z.number().nullable();
/** One row of the history: a drill with its headline measures (scenario-clock ms). */
const DrillHistoryRowSchema = z.object({
  drill: DrillSummary,
  ttdMs: Ms,
  ttcMs: Ms,
  ttrMs: Ms,
  decisionAccuracy: z.number().min(0).max(1).nullable(),
  onTime: z.number().int().min(0),
  late: z.number().int().min(0),
  missed: z.number().int().min(0),
  dataLossMinutes: z.number().nullable(),
  withinRpo: z.boolean().nullable(),
  aarSignedOff: z.boolean(),
  openCorrectiveActions: z.number().int().min(0),
});
export type DrillHistoryRow = z.output<typeof DrillHistoryRowSchema>;

const TrendPointSchema = z.object({ drillId: z.string(), date: z.string(), ttdMin: Ms, ttcMin: Ms, ttrMin: Ms });
export type TrendPoint = z.output<typeof TrendPointSchema>;
const TrendSeriesSchema = z.object({ key: z.string(), label: z.string(), points: z.array(TrendPointSchema) });
export type TrendSeries = z.output<typeof TrendSeriesSchema>;
export const DrillHistorySchema = z.object({
  rows: z.array(DrillHistoryRowSchema),
  byScenario: z.array(TrendSeriesSchema),
  byAgent: z.array(TrendSeriesSchema),
});
export type DrillHistory = z.output<typeof DrillHistorySchema>;

/** A scenario in the library list. A custom file that no longer validates is listed too, with a placeholder basedOn. */
export const ScenarioListItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  origin: z.enum(['shipped', 'custom']),
  basedOn: z.object({ incident: z.string(), kind: BasedOn.shape.kind, source: z.string(), alsoSee: z.array(z.string()) }),
  durationMinutes: z.number().min(0),
  injectCount: z.number().int().min(0),
  decisionCount: z.number().int().min(0),
  controls: z.array(z.string()),
  /** Present when a custom file no longer validates (e.g. after an app update). */
  problem: z.string().nullable(),
});
export type ScenarioListItem = z.output<typeof ScenarioListItemSchema>;

export const OptionalPerson = OptionalName;
