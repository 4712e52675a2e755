/**
 * Drill records as plain data: what the store keeps and what the runner, history and reports
 * (issue 5) read. Computed values (state, measures) are the engine's own types.
 */
import { z } from 'zod';
import { Id, IsoDate, Name, OptionalName } from '../common/schemas';
import type { DrillEvent } from './events';
import type { DrillState } from './machine';
import type { DrillMeasures } from './measures';
import { ControlId, DrillRole, type Scenario } from './scenario';

export const DRILL_STATUSES = ['setup', 'running', 'paused', 'completed'] as const;
export type DrillStatusValue = (typeof DRILL_STATUSES)[number];

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
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Aar = z.output<typeof Aar>;

// ---- Views ----

export type DrillClock = {
  /** Monotonic offset from T0 when the response was built (ms). */
  nowOffsetMs: number;
  /** Un-paused ms from T0. */
  measuredMs: number;
  /** Scenario clock (T+) in ms = measured x time scale. */
  scenarioMs: number;
  running: boolean;
};

export type DrillView = {
  drill: DrillSummary;
  scenario: Scenario;
  fallbacks: Array<{ key: string; value: string }>;
  state: DrillState;
  measures: DrillMeasures;
  clock: DrillClock;
  nextInject: { id: string; title: string; at: number; dueInMeasuredMs: number } | null;
  /** The app restarted while this drill was unfinished: it must be resumed (recording the gap) before new events. */
  needsResume: boolean;
  aar: Aar | null;
};
export const DrillViewSchema = z.custom<DrillView>((v) => typeof v === 'object' && v !== null && 'drill' in v && 'state' in v);

export type DrillEventsPage = { events: DrillEvent[]; lastSeq: number };

/** One row of the history: a drill with its headline measures (scenario-clock ms). */
export type DrillHistoryRow = {
  drill: DrillSummary;
  ttdMs: number | null;
  ttcMs: number | null;
  ttrMs: number | null;
  decisionAccuracy: number | null;
  onTime: number;
  late: number;
  missed: number;
  dataLossMinutes: number | null;
  withinRpo: boolean | null;
  aarSignedOff: boolean;
  openCorrectiveActions: number;
};

export type TrendPoint = { drillId: string; date: string; ttdMin: number | null; ttcMin: number | null; ttrMin: number | null };
export type TrendSeries = { key: string; label: string; points: TrendPoint[] };
export type DrillHistory = { rows: DrillHistoryRow[]; byScenario: TrendSeries[]; byAgent: TrendSeries[] };

/** A scenario in the library list. */
export type ScenarioListItem = {
  id: string;
  title: string;
  summary: string;
  origin: 'shipped' | 'custom';
  basedOn: Scenario['basedOn'];
  durationMinutes: number;
  injectCount: number;
  decisionCount: number;
  controls: string[];
  /** Present when a custom file no longer validates (e.g. after an app update). */
  problem: string | null;
};

export const OptionalPerson = OptionalName;
