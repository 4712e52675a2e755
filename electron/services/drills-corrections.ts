/**
 * Truthful drill records (issue 11 section 7): who logged each entry, and corrections that
 * supersede an entry without rewriting it.
 */
import { AppError, fieldError } from '../../core/common/errors';
import { CORRECTABLE_TYPES, type CorrectableType, type EventBodyInput } from '../../core/drills/events';
import type { DrillEvent } from '../../core/drills/events';
import type { DrillSummary } from '../../core/drills/model';
import { getAar } from '../store/drills/aar';
import { listEvents } from '../store/drills/records';
import type { OpenWorkspace } from '../store/workspaces';
import type { ServiceContext } from './context';
import { appendDrillEvent, loadDrill } from './drills-session';

const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Note, decision and checkpoint events carry their author and that person's role in the drill.
 * A named author must be one of the drill's participants; without one, the acting user is the
 * author, with their participant role if they are one (null otherwise).
 */
export function withAuthor(ctx: ServiceContext, drillOf: () => DrillSummary, event: EventBodyInput): EventBodyInput {
  if (event.type !== 'note' && event.type !== 'decision' && event.type !== 'checkpoint') return event;
  const drill = drillOf();
  const given = event.payload.by ?? null;
  if (given) {
    const p = drill.participants.find((x) => same(x.name, given.name) && (given.role === null || x.role === given.role));
    if (!p) throw fieldError('event.payload.by', `${given.name} is not a participant of this drill with that role.`);
    return { ...event, payload: { ...event.payload, by: { name: p.name, role: p.role } } } as EventBodyInput;
  }
  const me = drill.participants.find((x) => same(x.name, ctx.actor.name));
  return { ...event, payload: { ...event.payload, by: { name: me?.name ?? ctx.actor.name, role: me?.role ?? null } } } as EventBodyInput;
}

export type CorrectionRequest = {
  supersedesSeq: number;
  kind: 'retime' | 'retract';
  correctedScenarioMs: number | null;
  reason: string;
  facilitator: string;
};

/** Appends a correction of one log entry or checkpoint, named by its seq. Refused (nothing written) with a message naming the field. */
export function correctEntry(ctx: ServiceContext, ws: OpenWorkspace, drillId: string, req: CorrectionRequest): DrillEvent {
  const { rec, state } = loadDrill(ctx, ws, drillId);
  if (state.status === 'setup') throw new AppError('REFUSED', 'The drill has not started: there is nothing to correct.');
  const facilitator = rec.summary.participants.find((p) => p.role === 'facilitator' && same(p.name, req.facilitator));
  if (!facilitator)
    throw fieldError(
      'facilitator',
      `Corrections are made by a facilitator of this drill; ${req.facilitator} is not one of its facilitators.`,
    );
  if (state.status === 'completed') {
    const aar = getAar(ws.db, drillId);
    if (aar?.signedOffAt)
      throw new AppError('REFUSED', `The after-action review was signed off by ${aar.signedOffBy}: the drill record is final.`);
  }
  const target = listEvents(ws.db, drillId, req.supersedesSeq - 1, 1)[0];
  if (!target || target.seq !== req.supersedesSeq) throw fieldError('supersedesSeq', `This drill has no entry ${req.supersedesSeq}.`);
  if (!(CORRECTABLE_TYPES as readonly string[]).includes(target.type))
    throw fieldError('supersedesSeq', 'Only log entries (notes, decisions) and checkpoints can be corrected.');
  if (req.kind === 'retime' && req.correctedScenarioMs === null) throw fieldError('correctedScenarioMs', 'Give the corrected time.');
  return appendDrillEvent(ctx, ws, drillId, {
    type: 'correction',
    payload: {
      supersedesSeq: req.supersedesSeq,
      entryType: target.type as CorrectableType,
      checkpoint: target.type === 'checkpoint' ? target.payload.checkpoint : null,
      kind: req.kind,
      correctedScenarioMs: req.kind === 'retime' ? req.correctedScenarioMs : null,
      reason: req.reason,
      by: { name: facilitator.name, role: facilitator.role },
    },
  });
}
