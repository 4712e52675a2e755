/**
 * After-action reviews (HSEEP style): strengths, areas for improvement and corrective actions.
 * Editable until signed off; after sign-off only closing a corrective action is allowed
 * (enforced here and by SQL triggers).
 */
import type { Database } from 'better-sqlite3';
import { AppError, fieldError } from '../../../core/common/errors';
import { ACTIVE_STATUSES, closedAt } from '../../../core/actions/model';
import type { Aar, CorrectiveAction } from '../../../core/drills/model';
import { getTrackedAction } from '../actions/queries';
import { toTracked, type ActionDbRow } from '../actions/rows';

import { newId } from '../ids';
import { samePerson } from '../../../core/approvals/model';
import type { WriteTx } from '../mutate/index';

/** The AAR names one agent or none (= every agent the drill targeted); the tracker keeps a list. */
const agentList = (agentId: string | null): string => JSON.stringify(agentId ? [agentId] : []);

type AarRow = {
  drill_id: string;
  summary: string;
  strengths_json: string;
  improvements_json: string;
  signed_off_by: string | null;
  signed_off_at: string | null;
  written_by: string;
  created_at: string;
  updated_at: string;
};
/**
 * A drill's view of its actions (the AAR screen): open while open or in progress, closed once done,
 * verified or won't fix. The tracker (`../actions/`) shows the full status of the same rows.
 */
const toAction = (r: ActionDbRow): CorrectiveAction => {
  const t = toTracked(r);
  const active = ACTIVE_STATUSES.includes(t.status);
  return {
    id: t.id,
    drillId: t.drillId ?? '',
    title: t.title,
    owner: t.owner,
    dueDate: t.dueDate,
    controlIds: t.controlIds,
    agentId: t.agentIds[0] ?? null,
    status: active ? 'open' : 'closed',
    closedAt: closedAt(t),
    closedBy: t.status === 'wont-fix' ? t.wontFixApprover : t.doneBy,
    closingNote: t.status === 'wont-fix' ? t.wontFixReason : t.closingNote,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
};

/** A drill's corrective actions (or every drill's), optionally only open or only closed ones. Actions without a drill are the tracker's. */
export function listCorrectiveActions(db: Database, opts: { drillId?: string; status?: 'open' | 'closed' } = {}): CorrectiveAction[] {
  const where: string[] = ['drill_id IS NOT NULL'];
  const args: string[] = [];
  if (opts.drillId) {
    where.push('drill_id = ?');
    args.push(opts.drillId);
  }
  if (opts.status) where.push(opts.status === 'open' ? "status IN ('open','in-progress')" : "status IN ('done','verified','wont-fix')");
  return (
    db.prepare(`SELECT * FROM corrective_actions WHERE ${where.join(' AND ')} ORDER BY drill_id, position`).all(...args) as ActionDbRow[]
  ).map(toAction);
}

/** The drill's AAR, or null if none was written yet. */
export function getAar(db: Database, drillId: string): Aar | null {
  const r = db.prepare('SELECT * FROM drill_aars WHERE drill_id = ?').get(drillId) as AarRow | undefined;
  if (!r) return null;
  return {
    drillId: r.drill_id,
    summary: r.summary,
    strengths: JSON.parse(r.strengths_json) as string[],
    improvements: JSON.parse(r.improvements_json) as string[],
    correctiveActions: listCorrectiveActions(db, { drillId }),
    signedOffBy: r.signed_off_by,
    signedOffAt: r.signed_off_at,
    writtenBy: r.written_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export type AarWrite = {
  summary: string;
  strengths: string[];
  improvements: string[];
  correctiveActions: Array<{
    id?: string | undefined;
    title: string;
    owner: string;
    dueDate: string;
    controlIds: string[];
    agentId: string | null;
  }>;
};

/**
 * Saves the whole AAR in one transaction. Actions without an id are created; existing open ones
 * are updated; open ones missing from the list are removed. Closed actions are kept as they are.
 */
export function saveAar(tx: WriteTx, drillId: string, input: AarWrite, now: string): Aar {
  const { db } = tx;
  return db.transaction(() => {
    const drill = db.prepare('SELECT status FROM drills WHERE id = ?').get(drillId) as { status: string } | undefined;
    if (!drill) throw new AppError('NOT_FOUND', 'No such drill in this workspace.');
    if (drill.status !== 'completed') throw new AppError('REFUSED', 'Complete the drill before writing its after-action review.');
    const existing = getAar(db, drillId);
    if (existing?.signedOffAt)
      throw new AppError(
        'REFUSED',
        `The after-action review was signed off by ${existing.signedOffBy} and can no longer be edited. Corrective actions can still be closed.`,
      );
    if (existing) {
      db.prepare(
        'UPDATE drill_aars SET summary = ?, strengths_json = ?, improvements_json = ?, written_by = ?, updated_at = ? WHERE drill_id = ?',
      ).run(input.summary, JSON.stringify(input.strengths), JSON.stringify(input.improvements), tx.actor.name, now, drillId);
    } else {
      db.prepare(
        'INSERT INTO drill_aars (drill_id, summary, strengths_json, improvements_json, written_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(drillId, input.summary, JSON.stringify(input.strengths), JSON.stringify(input.improvements), tx.actor.name, now, now);
    }
    const current = new Map((existing?.correctiveActions ?? []).map((a) => [a.id, a]));
    const keep = new Set<string>();
    input.correctiveActions.forEach((a, i) => {
      if (a.id) {
        const cur = current.get(a.id);
        if (!cur) throw fieldError(`correctiveActions.${i}.id`, 'This corrective action does not belong to this review.');
        keep.add(a.id);
        if (cur.status === 'closed') return;
        db.prepare(
          'UPDATE corrective_actions SET position = ?, title = ?, owner = ?, due_date = ?, control_ids_json = ?, agent_ids_json = ?, updated_at = ? WHERE id = ?',
        ).run(i, a.title, a.owner, a.dueDate, JSON.stringify(a.controlIds), agentList(a.agentId), now, a.id);
      } else {
        const id = newId();
        db.prepare(
          `INSERT INTO corrective_actions (id, source, drill_id, position, title, owner, due_date, control_ids_json, agent_ids_json, status,
             created_by, created_at, updated_at)
           VALUES (?, 'drill', ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
        ).run(id, drillId, i, a.title, a.owner, a.dueDate, JSON.stringify(a.controlIds), agentList(a.agentId), tx.actor.name, now, now);
      }
    });
    for (const a of current.values()) {
      if (keep.has(a.id)) continue;
      // Only an untouched action leaves with the review's edit; one the tracker moved on (in progress) stays tracked.
      const before = getTrackedAction(db, a.id);
      if (before.status !== 'open') continue;
      db.prepare('DELETE FROM corrective_actions WHERE id = ?').run(a.id);
    }
    return getAar(db, drillId)!;
  })();
}

export function signOffAar(tx: WriteTx, drillId: string, by: string, now: string): Aar {
  const { db } = tx;
  return db.transaction(() => {
    const aar = getAar(db, drillId);
    if (!aar) throw new AppError('REFUSED', 'Write the after-action review before signing it off.');
    if (aar.signedOffAt) throw new AppError('REFUSED', `Already signed off by ${aar.signedOffBy}.`);
    // The approver of a review is never the person who last wrote it (issue 11: no self-approval).
    if (aar.writtenBy && samePerson({ name: by }, { name: aar.writtenBy }))
      throw fieldError('signedOffBy', `${by} wrote this review, so cannot also sign it off. Name another approver.`);
    db.prepare('UPDATE drill_aars SET signed_off_by = ?, signed_off_at = ?, updated_at = ? WHERE drill_id = ?').run(by, now, now, drillId);
    return getAar(db, drillId)!;
  })();
}

/** Closes a drill action from the AAR screen: it becomes done (to be verified by someone else in the tracker). */
export function closeCorrectiveAction(tx: WriteTx, id: string, by: string, note: string, now: string): CorrectiveAction {
  const { db } = tx;
  return db.transaction(() => {
    const r = db.prepare('SELECT * FROM corrective_actions WHERE id = ?').get(id) as ActionDbRow | undefined;
    if (!r) throw new AppError('NOT_FOUND', 'No such corrective action.');
    const before = toAction(r);
    if (before.status === 'closed')
      throw new AppError('REFUSED', `Already closed by ${before.closedBy} on ${before.closedAt?.slice(0, 10)}.`);
    db.prepare(
      "UPDATE corrective_actions SET status = 'done', done_at = ?, done_by = ?, closing_note = ?, updated_at = ? WHERE id = ?",
    ).run(now, by, note, now, id);
    const after = toAction(db.prepare('SELECT * FROM corrective_actions WHERE id = ?').get(id) as ActionDbRow);
    return after;
  })();
}
