/**
 * Reads of the corrective-action tracker. Every status is listed (exports and the OSCAL POA&M need
 * the closed ones too); filters narrow the screen's list.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../../core/common/errors';
import { isOverdue, type ActionRow, type ActionStatus, type TrackedAction } from '../../../core/actions/model';
import { toTracked, type ActionDbRow } from './rows';

export type ActionQuery = {
  owner?: string | null;
  /** A status, or `active` (open or in progress), or `overdue` (active and past due on `today`). */
  status?: ActionStatus | 'active' | 'overdue' | null;
  controlId?: string | null;
};

/** Every corrective action with every field, in creation order: what the OSCAL POA&M builder and the exports read. */
export function listAllCorrectiveActions(db: Database): TrackedAction[] {
  return (db.prepare('SELECT * FROM corrective_actions ORDER BY created_at, drill_id, position, id').all() as ActionDbRow[]).map(toTracked);
}

export function getTrackedAction(db: Database, id: string): TrackedAction {
  const r = db.prepare('SELECT * FROM corrective_actions WHERE id = ?').get(id) as ActionDbRow | undefined;
  if (!r) throw new AppError('NOT_FOUND', 'No such corrective action in this workspace.');
  return toTracked(r);
}

/** Where each drill action came from, as a person reads it ("Ransomware drill"). */
function sourceTitles(db: Database): Map<string, string> {
  const rows = db.prepare('SELECT id, scenario_title FROM drills').all() as Array<{ id: string; scenario_title: string }>;
  return new Map(rows.map((r) => [r.id, `${r.scenario_title} drill`]));
}

export function sourceTitleOf(a: TrackedAction, drills: Map<string, string>): string {
  if (a.source === 'drill') return (a.drillId && drills.get(a.drillId)) || 'Drill';
  if (a.source === 'assessment') return 'Assessment finding';
  return 'Added by hand';
}

export function toActionRow(db: Database, a: TrackedAction, today: string, drills = sourceTitles(db)): ActionRow {
  return { ...a, overdue: isOverdue(a, today), sourceTitle: sourceTitleOf(a, drills) };
}

const PRIORITY_RANK = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/**
 * The tracker's list: overdue first, then active by due date and priority, then closed ones
 * (most recently changed first). Filtering happens here rather than in SQL: a workspace holds
 * hundreds of actions, not millions, and the control filter looks inside a JSON list.
 */
export function listActionRows(db: Database, q: ActionQuery, today: string): ActionRow[] {
  const drills = sourceTitles(db);
  const owner = q.owner?.trim().toLowerCase();
  const rows = listAllCorrectiveActions(db)
    .map((a) => toActionRow(db, a, today, drills))
    .filter((a) => !owner || a.owner.trim().toLowerCase() === owner)
    .filter((a) => !q.controlId || a.controlIds.includes(q.controlId))
    .filter((a) => {
      if (!q.status) return true;
      if (q.status === 'overdue') return a.overdue;
      if (q.status === 'active') return a.status === 'open' || a.status === 'in-progress';
      return a.status === q.status;
    });
  const active = (a: ActionRow): boolean => a.status === 'open' || a.status === 'in-progress';
  return rows.sort((a, b) => {
    if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
    if (active(a) !== active(b)) return active(a) ? -1 : 1;
    if (active(a)) return a.dueDate.localeCompare(b.dueDate) || PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority];
    return b.updatedAt.localeCompare(a.updatedAt);
  });
}
