/**
 * Writes of the corrective-action tracker. Each takes the transaction of one `mutate` call, reads
 * the row it changes in that transaction; the history captures each row change itself (one entry per write).
 * The status rules are checked here with messages a person can act on; migration 009's CHECKs and
 * triggers hold the same rules for any other writer.
 */
import { AppError, fieldError } from '../../../core/common/errors';
import {
  ACTION_STATUS_LABELS,
  ACTIVE_STATUSES,
  NEXT_STATUSES,
  samePerson,
  type ActionInput,
  type StatusChange,
  type TrackedAction,
} from '../../../core/actions/model';
import type { z } from 'zod';
import { newId } from '../ids';
import type { WriteTx } from '../mutate/index';
import { getTrackedAction } from './queries';

export type ActionFields = z.output<typeof ActionInput>;
export type ParsedStatusChange = z.output<typeof StatusChange>;
export type NewActionOrigin = { source: 'manual' } | { source: 'assessment'; assessmentId: string | null; findingKey: string };

export function createTrackedAction(tx: WriteTx, fields: ActionFields, origin: NewActionOrigin): TrackedAction {
  const { db } = tx;
  const id = newId();
  const now = tx.now.toISOString();
  db.prepare(
    `INSERT INTO corrective_actions (id, source, drill_id, assessment_id, finding_key, position, title, description, owner, due_date,
       priority, control_ids_json, agent_ids_json, status, created_by, created_at, updated_at)
     VALUES (?, ?, NULL, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
  ).run(
    id,
    origin.source,
    origin.source === 'assessment' ? origin.assessmentId : null,
    origin.source === 'assessment' ? origin.findingKey : null,
    fields.title,
    fields.description,
    fields.owner,
    fields.dueDate,
    fields.priority,
    JSON.stringify(fields.controlIds),
    JSON.stringify(fields.agentIds),
    tx.actor.name,
    now,
    now,
  );
  const after = getTrackedAction(db, id);
  return after;
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Changes what an active action says. A signed-off AAR fixes its actions' wording, owner, due date and links. */
export function updateTrackedAction(tx: WriteTx, id: string, fields: ActionFields): TrackedAction {
  const { db } = tx;
  const before = getTrackedAction(db, id);
  if (!ACTIVE_STATUSES.includes(before.status))
    throw new AppError(
      'REFUSED',
      `This action is ${ACTION_STATUS_LABELS[before.status].toLowerCase()}: a closed action keeps what it said.`,
    );
  if (before.drillId) {
    const aar = db.prepare('SELECT signed_off_by FROM drill_aars WHERE drill_id = ? AND signed_off_at IS NOT NULL').get(before.drillId) as
      { signed_off_by: string } | undefined;
    const fixedChanged =
      before.title !== fields.title ||
      before.owner !== fields.owner ||
      before.dueDate !== fields.dueDate ||
      !sameList(before.controlIds, fields.controlIds) ||
      !sameList(before.agentIds, fields.agentIds);
    if (aar && fixedChanged)
      throw new AppError(
        'REFUSED',
        `This action belongs to an after-action review signed off by ${aar.signed_off_by}: its title, owner, due date, controls and agents are fixed. Its priority and description can still change.`,
      );
  }
  db.prepare(
    `UPDATE corrective_actions SET title = ?, description = ?, owner = ?, due_date = ?, priority = ?, control_ids_json = ?,
       agent_ids_json = ?, updated_at = ? WHERE id = ?`,
  ).run(
    fields.title,
    fields.description,
    fields.owner,
    fields.dueDate,
    fields.priority,
    JSON.stringify(fields.controlIds),
    JSON.stringify(fields.agentIds),
    tx.now.toISOString(),
    id,
  );
  const after = getTrackedAction(db, id);
  return after;
}

/**
 * Moves an action to its next status. Verified needs a verifier who is not the owner; won't fix
 * needs a reason and an approver who is neither the owner nor the person asking (no self-approval).
 */
export function setTrackedActionStatus(tx: WriteTx, id: string, change: ParsedStatusChange): TrackedAction {
  const { db } = tx;
  const before = getTrackedAction(db, id);
  const label = (s: TrackedAction['status']): string => ACTION_STATUS_LABELS[s].toLowerCase();
  if (before.status === change.status) throw new AppError('REFUSED', `This action is already ${label(before.status)}.`);
  if (!NEXT_STATUSES[before.status].includes(change.status)) {
    const next = NEXT_STATUSES[before.status];
    throw new AppError(
      'REFUSED',
      next.length === 0
        ? `This action is ${label(before.status)}: that is final.`
        : `A ${label(before.status)} action can only become ${next.map(label).join(' or ')}, not ${label(change.status)}.`,
    );
  }
  const now = tx.now.toISOString();
  const set = (sql: string, ...args: unknown[]): void => {
    db.prepare(`UPDATE corrective_actions SET ${sql}, status = ?, updated_at = ? WHERE id = ?`).run(...args, change.status, now, id);
  };
  switch (change.status) {
    case 'open':
    case 'in-progress':
      // Reopening a done action: it is not done any more, so its done stamp goes (the history keeps it).
      set('done_at = NULL, done_by = NULL');
      break;
    case 'done':
      set('done_at = ?, done_by = ?, closing_note = ?', now, tx.actor.name, change.note);
      break;
    case 'verified':
      if (samePerson(change.verifiedBy, before.owner))
        throw fieldError('change.verifiedBy', `${before.owner} owns this action: someone else must verify it.`);
      set(
        'verified_at = ?, verified_by = ?, closing_note = ?',
        now,
        change.verifiedBy,
        change.note ? [before.closingNote, `Verified: ${change.note}`].filter(Boolean).join('\n') : before.closingNote,
      );
      break;
    case 'wont-fix':
      if (samePerson(change.approver, before.owner))
        throw fieldError('change.approver', `${before.owner} owns this action: someone else must approve not fixing it.`);
      if (samePerson(change.approver, tx.actor.name))
        throw fieldError('change.approver', `You (${tx.actor.name}) are asking: someone else must approve not fixing it.`);
      set('wont_fix_reason = ?, wont_fix_approver = ?, wont_fix_at = ?', change.reason, change.approver, now);
      break;
  }
  const after = getTrackedAction(db, id);
  return after;
}
