/**
 * Drill records: the drill row, its targets and participants, and its append-only events.
 * Each event is one committed row (synchronous=FULL is set by the store), so an acknowledged
 * event survives a crash.
 */
import type { Database, Statement } from 'better-sqlite3';
import { AppError } from '../../../core/common/errors';
import type { DrillEvent } from '../../../core/drills/events';
import type { DrillMeasures } from '../../../core/drills/measures';
import type { DrillStatusValue, DrillSummary, Participant } from '../../../core/drills/model';
import type { Scenario } from '../../../core/drills/scenario';
import type { WriteTx } from '../mutate/index';

type DrillRow = {
  id: string;
  scenario_id: string;
  scenario_title: string;
  scenario_origin: 'shipped' | 'custom';
  scenario_json: string;
  fallbacks_json: string;
  time_scale: number;
  status: DrillStatusValue;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  measures_json: string | null;
};

/**
 * Statements on the append path, prepared once per connection (compiling SQL costs more than
 * running these one-row statements). Keyed by the connection, so a reopened workspace gets its own.
 */
const prepared = new WeakMap<Database, Map<string, Statement>>();
function stmt(db: Database, sql: string): Statement {
  let m = prepared.get(db);
  if (!m) {
    m = new Map();
    prepared.set(db, m);
  }
  let s = m.get(sql);
  if (!s) {
    s = db.prepare(sql);
    m.set(sql, s);
  }
  return s;
}

/** A drill with its frozen scenario snapshot. */
export type DrillRecord = {
  summary: DrillSummary;
  scenario: Scenario;
  fallbacks: Array<{ key: string; value: string }>;
  /** Measures frozen at completion (null until completed). */
  frozenMeasures: DrillMeasures | null;
};

export type NewDrill = {
  id: string;
  scenario: Scenario;
  scenarioOrigin: 'shipped' | 'custom';
  fallbacks: Array<{ key: string; value: string }>;
  timeScale: number;
  agents: Array<{ id: string; name: string }>;
  participants: Participant[];
  createdAt: string;
};

export function insertDrill(tx: WriteTx, d: NewDrill): void {
  const { db } = tx;
  db.transaction(() => {
    db.prepare(
      `INSERT INTO drills (id, scenario_id, scenario_title, scenario_origin, scenario_json, fallbacks_json, time_scale, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'setup', ?)`,
    ).run(
      d.id,
      d.scenario.id,
      d.scenario.title,
      d.scenarioOrigin,
      JSON.stringify(d.scenario),
      JSON.stringify(d.fallbacks),
      d.timeScale,
      d.createdAt,
    );
    const addAgent = db.prepare('INSERT INTO drill_agents (drill_id, agent_id, agent_name, position) VALUES (?, ?, ?, ?)');
    d.agents.forEach((a, i) => addAgent.run(d.id, a.id, a.name, i));
    const addP = db.prepare('INSERT INTO drill_participants (drill_id, position, name, role) VALUES (?, ?, ?, ?)');
    d.participants.forEach((p, i) => addP.run(d.id, i, p.name, p.role));
  })();
}

function toSummary(db: Database, r: DrillRow): DrillSummary {
  const agents = db
    .prepare('SELECT agent_id AS id, agent_name AS name FROM drill_agents WHERE drill_id = ? ORDER BY position')
    .all(r.id) as Array<{ id: string; name: string }>;
  const participants = db
    .prepare('SELECT name, role FROM drill_participants WHERE drill_id = ? ORDER BY position')
    .all(r.id) as Participant[];
  return {
    id: r.id,
    scenarioId: r.scenario_id,
    scenarioTitle: r.scenario_title,
    scenarioOrigin: r.scenario_origin,
    timeScale: r.time_scale,
    status: r.status,
    createdAt: r.created_at,
    startedAt: r.started_at,
    completedAt: r.completed_at,
    agents,
    participants,
  };
}

function toRecord(db: Database, r: DrillRow): DrillRecord {
  return {
    summary: toSummary(db, r),
    scenario: JSON.parse(r.scenario_json) as Scenario,
    fallbacks: JSON.parse(r.fallbacks_json) as DrillRecord['fallbacks'],
    frozenMeasures: r.measures_json ? (JSON.parse(r.measures_json) as DrillMeasures) : null,
  };
}

const NO_DRILL = 'No such drill in this workspace.';

/** The drill, or NOT_FOUND. */
export function getDrill(db: Database, id: string): DrillRecord {
  const r = db.prepare('SELECT * FROM drills WHERE id = ?').get(id) as DrillRow | undefined;
  if (!r) throw new AppError('NOT_FOUND', NO_DRILL);
  return toRecord(db, r);
}

/**
 * The drill's status and last sequence number in one indexed read, or NOT_FOUND. Only events and
 * their status change move a drill's record after creation, so this is what a cached copy is checked
 * against (another window or process may have appended since).
 */
export function drillHead(db: Database, id: string): { status: DrillStatusValue; lastSeq: number } {
  const r = stmt(
    db,
    'SELECT status, (SELECT seq FROM drill_events WHERE drill_id = d.id ORDER BY seq DESC LIMIT 1) AS last_seq FROM drills d WHERE id = ?',
  ).get(id) as { status: DrillStatusValue; last_seq: number | null } | undefined;
  if (!r) throw new AppError('NOT_FOUND', NO_DRILL);
  return { status: r.status, lastSeq: r.last_seq ?? 0 };
}

/** Every drill, newest first, optionally only some statuses. */
export function listDrills(
  db: Database,
  opts: { statuses?: DrillStatusValue[]; scenarioId?: string | null; agentId?: string | null } = {},
): DrillRecord[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (opts.statuses?.length) {
    where.push(`status IN (${opts.statuses.map(() => '?').join(',')})`);
    args.push(...opts.statuses);
  }
  if (opts.scenarioId) {
    where.push('scenario_id = ?');
    args.push(opts.scenarioId);
  }
  if (opts.agentId) {
    where.push('id IN (SELECT drill_id FROM drill_agents WHERE agent_id = ?)');
    args.push(opts.agentId);
  }
  const rows = db
    .prepare(`SELECT * FROM drills ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id`)
    .all(...args) as DrillRow[];
  return rows.map((r) => toRecord(db, r));
}

type EventRow = { seq: number; monotonic_ms: number; wall_clock: string; type: string; payload_json: string };
const toEvent = (r: EventRow): DrillEvent =>
  ({ seq: r.seq, monotonicMs: r.monotonic_ms, wallClock: r.wall_clock, type: r.type, payload: JSON.parse(r.payload_json) }) as DrillEvent;

/** Events in sequence order, after `afterSeq`. */
export function listEvents(db: Database, drillId: string, afterSeq = 0, limit = 1_000_000): DrillEvent[] {
  return (
    db
      .prepare(
        'SELECT seq, monotonic_ms, wall_clock, type, payload_json FROM drill_events WHERE drill_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      )
      .all(drillId, afterSeq, limit) as EventRow[]
  ).map(toEvent);
}

export function lastEvent(db: Database, drillId: string): DrillEvent | null {
  const r = db
    .prepare('SELECT seq, monotonic_ms, wall_clock, type, payload_json FROM drill_events WHERE drill_id = ? ORDER BY seq DESC LIMIT 1')
    .get(drillId) as EventRow | undefined;
  return r ? toEvent(r) : null;
}

/**
 * Appends one event and moves the drill's status from `from` to `status`, committed before this
 * returns (synchronous=FULL). An event that leaves the status as it was (a note, a decision, an
 * inject...) is one INSERT, which SQLite commits atomically on its own, under the write lock
 * from its first step; an event that moves the status writes both rows in one IMMEDIATE
 * transaction. A concurrent writer that took the same seq makes this fail with CONFLICT.
 */
export function appendEvent(
  tx: WriteTx,
  drillId: string,
  e: DrillEvent,
  from: DrillStatusValue,
  status: DrillStatusValue,
  extra: { measures?: DrillMeasures } = {},
): void {
  const { db } = tx;
  const insert = (): void => {
    stmt(db, 'INSERT INTO drill_events (drill_id, seq, monotonic_ms, wall_clock, type, payload_json) VALUES (?, ?, ?, ?, ?, ?)').run(
      drillId,
      e.seq,
      e.monotonicMs,
      e.wallClock,
      e.type,
      JSON.stringify(e.payload),
    );
  };
  try {
    // A correction of a completed drill also recomputes its frozen measures, in the same transaction.
    const remeasure = e.type === 'correction' && status === 'completed' && extra.measures !== undefined;
    if (e.type !== 'start' && status === from && !remeasure) {
      insert();
      return;
    }
    db.transaction(() => {
      insert();
      if (e.type === 'start') {
        db.prepare("UPDATE drills SET status = ?, started_at = ? WHERE id = ? AND status = 'setup'").run(status, e.wallClock, drillId);
      } else if (remeasure) {
        db.prepare('UPDATE drills SET measures_json = ? WHERE id = ?').run(JSON.stringify(extra.measures), drillId);
      } else if (status === 'completed') {
        db.prepare('UPDATE drills SET status = ?, completed_at = ?, measures_json = ? WHERE id = ?').run(
          status,
          e.wallClock,
          JSON.stringify(extra.measures ?? null),
          drillId,
        );
      } else {
        db.prepare('UPDATE drills SET status = ? WHERE id = ? AND status <> ?').run(status, drillId, status);
      }
    }).immediate();
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (/UNIQUE|PRIMARY KEY/i.test(msg))
      throw new AppError('CONFLICT', 'Another window recorded an event at the same moment. Reload the drill and try again.');
    if (/immutable/.test(msg)) throw new AppError('REFUSED', 'This drill is completed: its record can no longer change.');
    throw err;
  }
}

/** Deletes a drill that never started (the SQL refuses anything else). */
export function deleteSetupDrill(tx: WriteTx, id: string): void {
  const { db } = tx;
  db.transaction(() => {
    const r = db.prepare('SELECT status FROM drills WHERE id = ?').get(id) as { status: string } | undefined;
    if (!r) throw new AppError('NOT_FOUND', 'No such drill in this workspace.');
    if (r.status !== 'setup') throw new AppError('REFUSED', 'A started drill is evidence: it cannot be deleted.');
    db.prepare('DELETE FROM drill_participants WHERE drill_id = ?').run(id);
    db.prepare('DELETE FROM drill_agents WHERE drill_id = ?').run(id);
    db.prepare('DELETE FROM drills WHERE id = ?').run(id);
  })();
}

/**
 * Heartbeat of a running drill: the last offset (and wall clock) at which this process saw it
 * running. Kept in `meta` (one row per drill, overwritten), so after a crash the resumed drill can
 * count the time up to the last heartbeat instead of only up to the last event.
 */
export function recordAlive(tx: WriteTx, drillId: string, offsetMs: number, wallClock: string): void {
  const { db } = tx;
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    `drill-alive:${drillId}`,
    JSON.stringify({ offsetMs, wallClock }),
  );
}

export function readAlive(db: Database, drillId: string): { offsetMs: number; wallClock: string } | null {
  const r = db.prepare('SELECT value FROM meta WHERE key = ?').get(`drill-alive:${drillId}`) as { value: string } | undefined;
  if (!r) return null;
  try {
    const v = JSON.parse(r.value) as { offsetMs: unknown; wallClock: unknown };
    return typeof v.offsetMs === 'number' && typeof v.wallClock === 'string' ? { offsetMs: v.offsetMs, wallClock: v.wallClock } : null;
  } catch {
    return null;
  }
}

export function clearAlive(tx: WriteTx, drillId: string): void {
  const { db } = tx;
  db.prepare('DELETE FROM meta WHERE key = ?').run(`drill-alive:${drillId}`);
}
