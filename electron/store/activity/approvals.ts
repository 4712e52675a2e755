/**
 * Human approvals recorded in the app (issue 13) and the per-file, per-agent counts that make an imported
 * log source evidence for the agent's LOG controls. Approvals are append-only: a withdrawal is a new row.
 */
import type { Database } from 'better-sqlite3';
import type { AppApproval, LogSourceRow } from '../../../core/activity/index';
import { AppError } from '../../../core/common/errors';
import { newId } from '../ids';
import type { WriteTx } from '../mutate/index';

type ApprovalRow = {
  id: string;
  agent_id: string | null;
  target: string;
  approved_by: string;
  approved_at: string;
  valid_minutes: number;
  note: string;
  withdraws: string | null;
  recorded_at: string;
  recorded_by: string;
};
const toApproval = (r: ApprovalRow): AppApproval => ({
  id: r.id,
  agentId: r.agent_id,
  target: r.target,
  approvedBy: r.approved_by,
  approvedAt: r.approved_at,
  validMinutes: r.valid_minutes,
  note: r.note,
  withdraws: r.withdraws,
  recordedAt: r.recorded_at,
  recordedBy: r.recorded_by,
});

export type NewAppApproval = {
  agentId: string | null;
  target: string;
  approvedBy: string;
  approvedAt: string;
  validMinutes: number;
  note: string;
};

export function recordApproval(tx: WriteTx, a: NewAppApproval): AppApproval {
  if (a.agentId !== null && !tx.db.prepare('SELECT 1 FROM agents WHERE id = ?').get(a.agentId))
    throw new AppError('NOT_FOUND', 'No such agent in this workspace');
  const id = newId();
  tx.db
    .prepare(
      `INSERT INTO activity_approvals (id, agent_id, target, approved_by, approved_at, valid_minutes, note, withdraws, recorded_at, recorded_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
    )
    .run(id, a.agentId, a.target, a.approvedBy, a.approvedAt, a.validMinutes, a.note, tx.now.toISOString(), tx.actor.name);
  return toApproval(tx.db.prepare('SELECT * FROM activity_approvals WHERE id = ?').get(id) as ApprovalRow);
}

/** Withdraws an approval by appending a row that names it (the original stays, as evidence of what was said). */
export function withdrawApproval(tx: WriteTx, id: string, note: string): AppApproval {
  const old = tx.db.prepare('SELECT * FROM activity_approvals WHERE id = ? AND withdraws IS NULL').get(id) as ApprovalRow | undefined;
  if (!old) throw new AppError('NOT_FOUND', 'No such approval');
  if (tx.db.prepare('SELECT 1 FROM activity_approvals WHERE withdraws = ?').get(id))
    throw new AppError('CONFLICT', 'This approval was already withdrawn');
  const newRow = newId();
  tx.db
    .prepare(
      `INSERT INTO activity_approvals (id, agent_id, target, approved_by, approved_at, valid_minutes, note, withdraws, recorded_at, recorded_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      newRow,
      old.agent_id,
      old.target,
      old.approved_by,
      old.approved_at,
      old.valid_minutes,
      note,
      id,
      tx.now.toISOString(),
      tx.actor.name,
    );
  return toApproval(tx.db.prepare('SELECT * FROM activity_approvals WHERE id = ?').get(newRow) as ApprovalRow);
}

export const listApprovals = (db: Database): AppApproval[] =>
  (db.prepare('SELECT * FROM activity_approvals ORDER BY approved_at, recorded_at').all() as ApprovalRow[]).map(toApproval);

/** Adds a batch's per-agent counts to its file's rows (one upsert per agent per batch). */
export function addSourceAgentCounts(
  tx: WriteTx,
  sourceId: string,
  counts: ReadonlyMap<string, { events: number; first: string | null; last: string | null }>,
): void {
  const stmt = tx.db.prepare(
    `INSERT INTO activity_source_agents (source_id, agent_id, event_count, first_time, last_time) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(source_id, agent_id) DO UPDATE SET event_count = event_count + excluded.event_count,
       first_time = CASE WHEN first_time IS NULL OR excluded.first_time < first_time THEN excluded.first_time ELSE first_time END,
       last_time = CASE WHEN last_time IS NULL OR excluded.last_time > last_time THEN excluded.last_time ELSE last_time END`,
  );
  for (const [agentId, c] of counts) stmt.run(sourceId, agentId, c.events, c.first, c.last);
}

/** Every imported file that holds events of an agent, per agent: the evidence its LOG controls read. */
export function logSourceRows(db: Database, agentId?: string): LogSourceRow[] {
  const where = agentId === undefined ? '' : ' WHERE a.agent_id = ?';
  return db
    .prepare(
      `SELECT a.agent_id AS agentId, s.id AS sourceId, s.path, s.format, s.sha256, a.event_count AS eventCount,
         a.first_time AS periodFrom, a.last_time AS periodUntil, s.imported_at AS importedAt, s.imported_by AS importedBy
       FROM activity_source_agents a JOIN activity_sources s ON s.id = a.source_id${where}
       ORDER BY a.agent_id, a.last_time DESC`,
    )
    .all(...(agentId === undefined ? [] : [agentId])) as LogSourceRow[];
}
