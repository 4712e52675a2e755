/**
 * Drill events: the append-only record a drill is made of. Every event carries a sequence number,
 * a monotonic offset from drill start (ms; durations come only from this) and the wall clock
 * (ISO; shown to people, never used for durations).
 */
import { z } from 'zod';
import { DrillRole } from './scenario';

export const CHECKPOINTS = ['declared', 'contained', 'recovered'] as const;
export type Checkpoint = (typeof CHECKPOINTS)[number];
/**
 * What a facilitator sees for each checkpoint. The stored type stays `declared` (it is in every
 * drill database); the label says "Detected" because the click stops the measure "Time to detect".
 */
export const CHECKPOINT_LABELS: Record<Checkpoint, string> = { declared: 'Detected', contained: 'Contained', recovered: 'Recovered' };
/** The measure each checkpoint stops, named as the measures summary and the reports name it. */
export const CHECKPOINT_MEASURES: Record<Checkpoint, string> = {
  declared: 'Time to detect',
  contained: 'Time to contain',
  recovered: 'Time to recover',
};

export const CONTAINMENT_STEPS = ['agent-halted', 'credentials-revoked'] as const;
export type ContainmentStep = (typeof CONTAINMENT_STEPS)[number];

/**
 * Inject actions. `released` = released by the schedule when due; `released-now` = the facilitator
 * released it by hand (early, or out of a hold); `held` stops a pending inject from releasing;
 * `unheld` lets the schedule release it again.
 */
export const INJECT_ACTIONS = ['released', 'released-now', 'skipped', 'held', 'unheld'] as const;
export type InjectAction = (typeof INJECT_ACTIONS)[number];

const LogText = z.string().trim().min(1, 'Type something to log').max(4000, 'At most 4000 characters');
const RefId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'Invalid id');

/**
 * Who logged an entry or recorded a checkpoint, with their role in this drill (null: not one of the
 * drill's participants). Null on events recorded before authors were kept.
 */
const Author = z
  .object({ name: z.string().trim().min(1).max(120), role: DrillRole.nullable() })
  .nullable()
  .default(null);
export type Author = z.output<typeof Author>;

/** Entries a correction may supersede: what people log and click, not what the clock or schedule records. */
export const CORRECTABLE_TYPES = ['note', 'decision', 'checkpoint'] as const;
export type CorrectableType = (typeof CORRECTABLE_TYPES)[number];

/**
 * A correction: appended like any event, it names the entry it supersedes (its seq) and either
 * retimes it (to a scenario-clock time, T+ ms) or retracts it, with a reason and the facilitator
 * who made it. The superseded entry stays in the record; measures are computed from the corrected
 * timeline. `entryType` and `checkpoint` repeat what the superseded entry was, so the record reads
 * on its own and the state machine can apply it without the entry.
 */
const CorrectionPayload = z
  .object({
    supersedesSeq: z.number().int().min(1),
    entryType: z.enum(CORRECTABLE_TYPES),
    checkpoint: z.enum(CHECKPOINTS).nullable().default(null),
    kind: z.enum(['retime', 'retract']),
    correctedScenarioMs: z
      .number()
      .min(0)
      .max(7 * 24 * 3_600_000)
      .nullable()
      .default(null),
    reason: z.string().trim().min(1, 'Give a reason for the correction').max(1000, 'At most 1000 characters'),
    by: z.object({ name: z.string().trim().min(1).max(120), role: DrillRole.nullable() }),
  })
  .refine((p) => p.kind === 'retract' || p.correctedScenarioMs !== null, {
    message: 'Give the corrected time',
    path: ['correctedScenarioMs'],
  })
  .refine((p) => (p.entryType === 'checkpoint') === (p.checkpoint !== null), {
    message: 'A checkpoint correction names its checkpoint',
    path: ['checkpoint'],
  });

/** The payload of each event type. */
export const EventBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), payload: z.object({}).default({}) }),
  z.object({ type: z.literal('inject'), payload: z.object({ injectId: RefId, action: z.enum(INJECT_ACTIONS) }) }),
  z.object({ type: z.literal('pause'), payload: z.object({ reason: z.string().trim().max(500).default('') }) }),
  z.object({ type: z.literal('resume'), payload: z.object({}).default({}) }),
  z.object({ type: z.literal('note'), payload: z.object({ text: LogText, by: Author }) }),
  z.object({
    type: z.literal('decision'),
    payload: z.object({
      text: LogText,
      /** The expected decision this meets, if any. */
      expectedDecisionId: RefId.nullable().default(null),
      by: Author,
    }),
  }),
  z.object({ type: z.literal('timer'), payload: z.object({ timerId: RefId, action: z.enum(['started', 'stopped']) }) }),
  z.object({ type: z.literal('containment'), payload: z.object({ step: z.enum(CONTAINMENT_STEPS), confirmed: z.boolean() }) }),
  z.object({
    type: z.literal('checkpoint'),
    payload: z.object({
      checkpoint: z.enum(CHECKPOINTS),
      note: z.string().trim().max(1000).default(''),
      /** Recovered only: the team checked the restored state against the system of record. */
      verifiedAgainstSystemOfRecord: z.boolean().default(false),
      /** Recovered only: what was checked ("orders table row counts vs. the finance ledger"). */
      systemOfRecord: z.string().trim().max(300).default(''),
      /** Recovered only: data lost, as minutes of writes before the incident that could not be restored. */
      dataLossMinutes: z.number().min(0).max(525600).nullable().default(null),
      by: Author,
    }),
  }),
  z.object({
    type: z.literal('app-gap'),
    payload: z.object({
      /**
       * Wall-clock milliseconds between the last moment the app was known to be running (its last
       * heartbeat or event) and the resume: an estimate, since the monotonic clock did not survive.
       */
      wallGapMs: z.number().int().min(0),
      lastWallClock: z.string(),
      resumedWallClock: z.string(),
    }),
  }),
  z.object({ type: z.literal('correction'), payload: CorrectionPayload }),
  z.object({ type: z.literal('complete'), payload: z.object({ note: z.string().trim().max(1000).default('') }) }),
]);
export type EventBody = z.output<typeof EventBody>;
export type EventBodyInput = z.input<typeof EventBody>;
export type DrillEventType = EventBody['type'];

export const EventStamp = z.object({
  seq: z.number().int().min(1),
  monotonicMs: z.number().min(0),
  wallClock: z.string(),
});
export type EventStamp = z.output<typeof EventStamp>;

/** One recorded event. */
export type DrillEvent = EventStamp & EventBody;
export const DrillEventSchema = z.intersection(EventStamp, EventBody);
