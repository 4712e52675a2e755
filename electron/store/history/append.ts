import type { Database, Statement } from 'better-sqlite3';
import { canonicalJson, changedFields } from '../../../core/history/canonical';
import type { HistoryDoor } from '../../../core/history/model';
import type { Actor } from '../mutate/write-context';
import { actorJson, entryHashFast, sha256 } from './hash';
import type { PendingRow } from './capture';

/** Who, how and why, shared by every entry of one transaction. */
export type EntryContext = { actor: Actor; door: HistoryDoor; operation: string; at: string; reason: string | null };

/** One entry to append: a row change (origin "row", with the row's new state hash) or an event with no table row behind it. */
export type NewEntry = {
  entity: string;
  entityId: string;
  action: 'create' | 'update' | 'delete';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  stateHash: string | null;
  origin: 'row' | 'event';
  /** `before` / `after` in canonical JSON, when the caller already has it. */
  beforeJson?: string;
  afterJson?: string;
};

type Statements = {
  head: Statement<[], { seq: number; hash: string }>;
  insert: Statement<unknown[]>;
  witness: Statement<unknown[]>;
  firstWitness: Statement<unknown[]>;
};
const cache = new WeakMap<Database, Statements>();

function statements(db: Database): Statements {
  let s = cache.get(db);
  if (!s) {
    s = {
      head: db.prepare('SELECT seq, hash FROM history ORDER BY seq DESC LIMIT 1'),
      // One prepared insert reused for every entry: a bulk import appends 100k of them in its own transaction.
      insert: db.prepare(
        `INSERT INTO history (seq, at, actor_name, actor_email, actor_role, actor_source, door, operation, entity, entity_id, action,
           before_json, after_json, state_hash, reason, origin, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      // A plain UPDATE (cheaper than an upsert on every write); the row is inserted once, by the first append.
      witness: db.prepare('UPDATE history_head SET seq = ?, hash = ? WHERE id = 1'),
      firstWitness: db.prepare('INSERT INTO history_head (id, seq, hash) VALUES (1, ?, ?)'),
    } as Statements;
    cache.set(db, s);
  }
  return s;
}

/** Row changes captured by the temporary triggers -> entries (an UPDATE that changed nothing is left out). */
export function entriesOfRows(rows: PendingRow[]): NewEntry[] {
  const out: NewEntry[] = [];
  for (const r of rows) {
    const base = { entity: r.entity, entityId: r.entityId, action: r.action, origin: 'row' as const };
    const stateHash = r.new === null ? null : sha256(r.new);
    if (r.action === 'create') {
      // A create's `after` is the whole new state: kept as the text SQLite produced, not parsed and re-serialised.
      out.push({ ...base, before: null, after: null, afterJson: r.new ?? 'null', stateHash });
      continue;
    }
    if (r.action === 'delete') {
      out.push({ ...base, before: null, after: null, beforeJson: r.old ?? 'null', stateHash: null });
      continue;
    }
    const oldState = r.old === null ? null : (JSON.parse(r.old) as Record<string, unknown>);
    const newState = r.new === null ? null : (JSON.parse(r.new) as Record<string, unknown>);
    const diff = changedFields(oldState, newState);
    if (diff.after && Object.keys(diff.after).length === 0) continue; // an UPDATE that changed nothing
    out.push({ ...base, ...diff, stateHash });
  }
  return out;
}

/** Appends entries to the hash chain inside the caller's transaction; returns the new head. */
export function appendEntries(db: Database, ctx: EntryContext, entries: NewEntry[]): { count: number; head: string | null } {
  const s = statements(db);
  const last = s.head.get();
  let seq = last?.seq ?? 0;
  let prevHash: string | null = last?.hash ?? null;
  if (entries.length === 0) return { count: seq, head: prevHash };
  const actor = { name: ctx.actor.name, email: ctx.actor.email ?? null, role: ctx.actor.role ?? null, source: ctx.actor.source };
  const actorText = actorJson(actor); // the same for every entry of the transaction
  for (const e of entries) {
    seq += 1;
    // Stored text: given by the caller (a row's state as SQLite wrote it) or the canonical JSON of the object.
    const beforeJson = e.beforeJson ?? (e.before === null ? null : canonicalJson(e.before));
    const afterJson = e.afterJson ?? (e.after === null ? null : canonicalJson(e.after));
    const content = {
      seq,
      at: ctx.at,
      actor,
      door: ctx.door,
      operation: ctx.operation,
      entity: e.entity,
      entityId: e.entityId,
      action: e.action,
      stateHash: e.stateHash,
      reason: ctx.reason,
      origin: e.origin,
      prevHash,
    };
    const hash = entryHashFast(content, beforeJson ?? 'null', afterJson ?? 'null', actorText);
    s.insert.run(
      seq,
      ctx.at,
      actor.name,
      actor.email,
      actor.role,
      actor.source,
      ctx.door,
      ctx.operation,
      e.entity,
      e.entityId,
      e.action,
      beforeJson,
      afterJson,
      e.stateHash,
      ctx.reason,
      e.origin,
      prevHash,
      hash,
    );
    prevHash = hash;
  }
  if (s.witness.run(seq, prevHash).changes === 0) s.firstWitness.run(seq, prevHash);
  return { count: seq, head: prevHash };
}
