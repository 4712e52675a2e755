import type { Database } from 'better-sqlite3';
import type { HistoryEntry, HistoryFilter, HistoryHead } from '../../../core/history/model';
import { BATCH_ID, recordsInBatch } from './bulk';
import { contentOfRow, type HistoryRow } from './hash';

export const hasHistory = (db: Database): boolean =>
  !!db.prepare("SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'history'").get();

/** What every report, export and evidence pack prints: how many entries, and the newest one's hash. */
export function historyHead(db: Database): HistoryHead {
  if (!hasHistory(db)) return { count: 0, head: null };
  const r = db.prepare('SELECT seq, hash FROM history ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  const count = db.prepare('SELECT COUNT(*) FROM history').pluck().get() as number;
  return { count, head: r?.hash ?? null };
}

export function toEntry(r: HistoryRow): HistoryEntry {
  const c = contentOfRow(r);
  const asRecord = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
  return {
    seq: c.seq,
    at: c.at,
    actor: { name: c.actor.name, email: c.actor.email, role: c.actor.role, source: c.actor.source as HistoryEntry['actor']['source'] },
    door: c.door as HistoryEntry['door'],
    operation: c.operation,
    entity: c.entity,
    entityId: c.entityId,
    action: c.action as HistoryEntry['action'],
    before: asRecord(c.before),
    after: asRecord(c.after),
    reason: c.reason,
    prevHash: c.prevHash,
    hash: r.hash,
  };
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function where(f: HistoryFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (f.entity) {
    // The entity index leaves drill events out (migration 013); naming its condition lets SQLite use it.
    parts.push(f.entity === 'drill-event' ? 'entity = ?' : "entity = ? AND entity <> 'drill-event'");
    params.push(f.entity);
  }
  if (f.entityId) {
    // An agent's panel also lists its answers, evidence and links, whose ids start with the agent id.
    parts.push("(entity_id = ? OR entity_id LIKE ? ESCAPE '\\')");
    params.push(f.entityId, `${escapeLike(f.entityId)}:%`);
  }
  if (f.actor) {
    parts.push('actor_name = ?');
    params.push(f.actor);
  }
  if (f.from) {
    parts.push('at >= ?');
    params.push(f.from);
  }
  if (f.to) {
    parts.push('at < ?');
    params.push(f.to.length === 10 ? `${f.to}T99` : f.to);
  }
  return { sql: parts.length ? ` WHERE ${parts.join(' AND ')}` : '', params };
}

const COLUMNS =
  'seq, at, actor_name, actor_email, actor_role, actor_source, door, operation, entity, entity_id, action, before_json, state_hash, reason, origin, prev_hash, hash';
// A batch entry (bulk.ts) is listed with its count and table only: its rows can run to tens of megabytes.
const SUMMARY = `CASE WHEN entity_id = '${BATCH_ID}' THEN substr(after_json, 1, instr(after_json, ',"rows":') - 1) || '}' ELSE after_json END AS after_json`;

/** The entries a filter selects, oldest first, as rows of the history's shape (record ids: see `recordRows`). */
function selectRows(db: Database, f: HistoryFilter, page?: { offset: number; limit: number }): { total: number; rows: HistoryRow[] } {
  const w = where(f);
  if (!f.entityId) {
    const sql = `SELECT ${COLUMNS}, ${SUMMARY} FROM history${w.sql}`;
    const total = db
      .prepare(`SELECT COUNT(*) FROM history${w.sql}`)
      .pluck()
      .get(...w.params) as number;
    if (!page) return { total, rows: db.prepare(`${sql} ORDER BY seq`).all(...w.params) as HistoryRow[] };
    const rows = db.prepare(`${sql} ORDER BY seq DESC LIMIT ? OFFSET ?`).all(...w.params, page.limit, page.offset) as HistoryRow[];
    return { total, rows };
  }
  // One record (and its dependants): its own entries plus its create inside any bulk import's batch entry.
  const own = db.prepare(`SELECT ${COLUMNS}, ${SUMMARY} FROM history${w.sql}`).all(...w.params) as HistoryRow[];
  const rest = where({ ...f, entityId: undefined });
  const batches = db
    .prepare(
      `SELECT ${COLUMNS}, after_json FROM history ${rest.sql ? `${rest.sql} AND` : 'WHERE'} entity_id = '${BATCH_ID}' AND instr(after_json, ?) > 0`,
    )
    .all(...rest.params, `["${f.entityId}`) as HistoryRow[];
  const all = [...own, ...batches.flatMap((b) => recordsInBatch(b, f.entityId!))].sort((x, y) => x.seq - y.seq);
  if (!page) return { total: all.length, rows: all };
  return { total: all.length, rows: all.reverse().slice(page.offset, page.offset + page.limit) };
}

/** Newest first, one page at a time. */
export function listHistory(
  db: Database,
  f: HistoryFilter,
  page: { offset: number; limit: number },
): { total: number; entries: HistoryEntry[] } {
  if (!hasHistory(db)) return { total: 0, entries: [] };
  const { total, rows } = selectRows(db, f, page);
  return { total, entries: rows.map(toEntry) };
}

/** Every entry matching the filter, oldest first (history exports). */
export function allHistory(db: Database, f: HistoryFilter): HistoryEntry[] {
  if (!hasHistory(db)) return [];
  return selectRows(db, f).rows.map(toEntry);
}

/** The actors and entities that appear, for the History screen's filters. */
export function historyFacets(db: Database): { actors: string[]; entities: string[] } {
  if (!hasHistory(db)) return { actors: [], entities: [] };
  return {
    actors: db.prepare('SELECT DISTINCT actor_name FROM history ORDER BY actor_name').pluck().all() as string[],
    entities: db.prepare('SELECT DISTINCT entity FROM history ORDER BY entity').pluck().all() as string[],
  };
}

/** The stored entries with seq in [fromSeq, toSeq], oldest first, exactly as stored (an evidence pack's history of the period). */
export function historyRows(db: Database, fromSeq: number, toSeq: number): HistoryRow[] {
  if (!hasHistory(db) || toSeq < fromSeq) return [];
  return db.prepare('SELECT * FROM history WHERE seq BETWEEN ? AND ? ORDER BY seq').all(fromSeq, toSeq) as HistoryRow[];
}

/** The seq of the last entry made at or before `at` (0 when none): where a period without a frozen head ends. */
export function lastSeqAt(db: Database, at: string): number {
  if (!hasHistory(db)) return 0;
  return (db.prepare('SELECT max(seq) FROM history WHERE at <= ?').pluck().get(at) as number | null) ?? 0;
}
