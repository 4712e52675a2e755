import { z } from 'zod';
import { Id, Name, WorkspaceScoped } from '../common/schemas';
import { defineChannels } from '../contract/channel';
import { DrillEventSchema, EventBody } from './events';
import {
  Aar,
  AarInput,
  CorrectiveAction,
  DrillEventsPageSchema,
  DrillHistorySchema,
  DrillSummary,
  DrillViewSchema,
  Participant,
  ScenarioListItemSchema,
  TimeScale,
} from './model';
import { RenderedScenarioSchema, ScenarioSchema } from './scenario';

const DrillRef = WorkspaceScoped.extend({ drillId: Id });
const ScenarioId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'Invalid scenario id');

/** Events a client may append directly. `app-gap` comes only from drills:resume, `complete` from drills:complete. */
const ClientEvent = EventBody.refine(
  (e) => e.type !== 'app-gap' && e.type !== 'complete' && e.type !== 'correction',
  'Use drills:resume, drills:complete or drills:correct for this event',
);

export const drillsChannels = defineChannels({
  /** The scenario library: shipped files plus the workspace's imported ones. */
  'drills:scenarios': { request: WorkspaceScoped, response: z.array(ScenarioListItemSchema) },
  /** One scenario, rendered against the inventory for the given target agents (preview). */
  'drills:scenario': {
    request: WorkspaceScoped.extend({ scenarioId: ScenarioId, agentIds: z.array(Id).max(10).default([]) }),
    response: z.object({
      scenario: RenderedScenarioSchema,
      raw: ScenarioSchema,
      fallbacks: z.array(z.object({ key: z.string(), value: z.string() })),
      origin: z.enum(['shipped', 'custom']),
    }),
  },
  /** Import (or replace) a custom scenario from YAML text. Invalid files fail with line and field. */
  'drills:import-scenario': {
    request: WorkspaceScoped.extend({
      yaml: z
        .string()
        .min(1, 'The file is empty')
        .max(256 * 1024, 'The file is too large (over 256 KB)'),
      replace: z.boolean().default(false),
    }),
    response: ScenarioListItemSchema,
  },
  /** Remove an imported scenario. Drills already run keep their own copy of it. */
  'drills:remove-scenario': {
    request: WorkspaceScoped.extend({ scenarioId: ScenarioId }),
    response: z.object({ removed: z.literal(true) }),
  },
  'drills:create': {
    request: WorkspaceScoped.extend({
      scenarioId: ScenarioId,
      agentIds: z.array(Id).min(1, 'Choose at least one target agent').max(10, 'At most 10 agents'),
      participants: z.array(Participant).max(50).default([]),
      timeScale: TimeScale.default(1),
    }),
    response: DrillViewSchema,
  },
  'drills:get': { request: DrillRef, response: DrillViewSchema },
  /** Events after a sequence number (incremental loading for long drills). */
  'drills:events': {
    request: DrillRef.extend({ afterSeq: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(20000).default(5000) }),
    response: DrillEventsPageSchema,
  },
  /** Append one event, stamped by the back end (seq, monotonic offset, wall clock). Refused actions record nothing. */
  'drills:append': {
    request: DrillRef.extend({ event: ClientEvent }),
    response: z.object({ event: DrillEventSchema, view: DrillViewSchema }),
  },
  /** Releases injects that are due on the schedule, then returns the drill. The runner calls it about once a second. */
  'drills:tick': { request: DrillRef, response: DrillViewSchema },
  /** Drills left unfinished when the app stopped: offered for resumption. */
  'drills:resume-offer': { request: WorkspaceScoped, response: z.array(DrillSummary) },
  /** Resume an unfinished drill after a restart: records the app gap and continues offsets from the last event. */
  'drills:resume': { request: DrillRef, response: DrillViewSchema },
  'drills:complete': { request: DrillRef.extend({ note: z.string().trim().max(1000).default('') }), response: DrillViewSchema },
  /** Delete a drill that was set up but never started. */
  'drills:discard': { request: DrillRef, response: z.object({ deleted: z.literal(true) }) },
  /**
   * Correct a log entry or checkpoint: retime it (to a T+ time on the scenario clock) or retract it,
   * with a reason and the facilitator's name. Appends a correction event; the entry itself stays.
   */
  'drills:correct': {
    request: DrillRef.extend({
      supersedesSeq: z.number().int().min(1),
      kind: z.enum(['retime', 'retract'], { error: 'Choose retime or retract' }),
      correctedScenarioMs: z
        .number()
        .min(0, 'The time cannot be before T0')
        .max(7 * 24 * 3_600_000)
        .nullable()
        .default(null),
      reason: z.string().trim().min(1, 'Give a reason for the correction').max(1000, 'At most 1000 characters'),
      facilitator: Name,
    }),
    response: z.object({ event: DrillEventSchema, view: DrillViewSchema }),
  },
  'drills:aar-save': { request: DrillRef.extend({ aar: AarInput }), response: Aar },
  'drills:aar-signoff': { request: DrillRef.extend({ signedOffBy: Name }), response: Aar },
  'drills:action-close': {
    request: WorkspaceScoped.extend({ actionId: Id, closedBy: Name, note: z.string().trim().max(1000).default('') }),
    response: CorrectiveAction,
  },
  'drills:history': {
    request: WorkspaceScoped.extend({ scenarioId: ScenarioId.nullable().default(null), agentId: Id.nullable().default(null) }),
    response: DrillHistorySchema,
  },
});
