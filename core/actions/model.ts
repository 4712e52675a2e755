/**
 * The corrective-action tracker (a plan of action and milestones): every action from a drill's
 * AAR, from an assessment finding or added by hand, with its owner, due date, priority, linked
 * controls and agents, and a status that only moves forward along the rules below.
 */
import { z } from 'zod';
import { Id, IsoDate, Name } from '../common/schemas';
import { ControlId } from '../drills/scenario';

export const ACTION_STATUSES = ['open', 'in-progress', 'done', 'verified', 'wont-fix'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
  verified: 'Verified',
  'wont-fix': "Won't fix",
};
/** Still to be worked on: these can be overdue, and they re-open the controls they name. */
export const ACTIVE_STATUSES: readonly ActionStatus[] = ['open', 'in-progress'];
/** Closed: done (waiting for verification), verified, or won't fix. */
export const CLOSED_STATUSES: readonly ActionStatus[] = ['done', 'verified', 'wont-fix'];

export const ACTION_PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export type ActionPriority = (typeof ACTION_PRIORITIES)[number];
export const ACTION_SOURCES = ['drill', 'assessment', 'manual'] as const;
export type ActionSource = (typeof ACTION_SOURCES)[number];

/**
 * Which status may follow which. Verified and won't fix are final; a done action is verified, or
 * reopened when the verifier finds it is not fixed after all.
 */
export const NEXT_STATUSES: Record<ActionStatus, readonly ActionStatus[]> = {
  open: ['in-progress', 'done', 'wont-fix'],
  'in-progress': ['open', 'done', 'wont-fix'],
  done: ['verified', 'in-progress'],
  verified: [],
  'wont-fix': [],
};

/** Same person: names compared without case or surrounding space ("Ana " verifying Ana's action is Ana). */
export const samePerson = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Overdue: still active and due before `today` (YYYY-MM-DD). Due today is not overdue yet. */
export const isOverdue = (a: { status: ActionStatus; dueDate: string }, today: string): boolean =>
  ACTIVE_STATUSES.includes(a.status) && a.dueDate < today;

export const TrackedAction = z.object({
  id: Id,
  source: z.enum(ACTION_SOURCES),
  drillId: z.string().nullable(),
  assessmentId: z.string().nullable(),
  /** The finding an assessment action was opened from (its stable key). */
  findingKey: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  owner: z.string(),
  dueDate: z.string(),
  priority: z.enum(ACTION_PRIORITIES),
  controlIds: z.array(z.string()),
  /** Empty for a drill action = every agent the drill targeted. */
  agentIds: z.array(z.string()),
  status: z.enum(ACTION_STATUSES),
  doneAt: z.string().nullable(),
  doneBy: z.string().nullable(),
  closingNote: z.string(),
  verifiedAt: z.string().nullable(),
  verifiedBy: z.string().nullable(),
  wontFixReason: z.string(),
  wontFixApprover: z.string().nullable(),
  wontFixAt: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TrackedAction = z.output<typeof TrackedAction>;

/** A tracked action as the screen shows it: with whether it is overdue today and where it came from. */
export const ActionRow = TrackedAction.extend({ overdue: z.boolean(), sourceTitle: z.string() });
export type ActionRow = z.output<typeof ActionRow>;

/** When an action was closed (done, verified or won't fix), or null while it is active. */
export function closedAt(a: Pick<TrackedAction, 'status' | 'doneAt' | 'verifiedAt' | 'wontFixAt'>): string | null {
  if (a.status === 'verified') return a.verifiedAt ?? a.doneAt;
  if (a.status === 'done') return a.doneAt;
  if (a.status === 'wont-fix') return a.wontFixAt;
  return null;
}

const Title = z.string().trim().min(1, 'Required').max(1000, 'At most 1000 characters');

/** What a person types to add an action by hand, or to open one from a finding. */
export const ActionInput = z.object({
  title: Title,
  description: z.string().trim().max(4000, 'At most 4000 characters').default(''),
  owner: Name,
  dueDate: IsoDate,
  priority: z.enum(ACTION_PRIORITIES, { error: `Use one of: ${ACTION_PRIORITIES.join(', ')}` }).default('medium'),
  controlIds: z.array(ControlId).max(20, 'At most 20 controls').default([]),
  agentIds: z.array(Id).max(50, 'At most 50 agents').default([]),
});
export type ActionInput = z.input<typeof ActionInput>;

/** Where a new action comes from: by hand, or from an assessment's finding. */
export const ActionOrigin = z.discriminatedUnion('source', [
  z.object({ source: z.literal('manual') }),
  z.object({ source: z.literal('assessment'), assessmentId: Id.nullable().default(null), findingKey: z.string().min(1).max(400) }),
]);

/** A status change, with what each status needs. */
export const StatusChange = z.discriminatedUnion('status', [
  z.object({ status: z.literal('open') }),
  z.object({ status: z.literal('in-progress') }),
  z.object({ status: z.literal('done'), note: z.string().trim().max(1000, 'At most 1000 characters').default('') }),
  z.object({ status: z.literal('verified'), verifiedBy: Name, note: z.string().trim().max(1000, 'At most 1000 characters').default('') }),
  z.object({
    status: z.literal('wont-fix'),
    reason: z.string().trim().min(1, "Say why this won't be fixed").max(2000, 'At most 2000 characters'),
    approver: Name,
  }),
]);
export type StatusChange = z.input<typeof StatusChange>;

export const ActionFilter = z.object({
  owner: z.string().trim().max(120).nullable().default(null),
  status: z
    .enum([...ACTION_STATUSES, 'overdue', 'active'])
    .nullable()
    .default(null),
  controlId: z.string().trim().max(64).nullable().default(null),
});
export type ActionFilter = z.input<typeof ActionFilter>;
