import { createHash, hash } from 'node:crypto';

// crypto.hash: one call, no Hash object (about 4x faster for an entry-sized text; every write hashes two).
export const sha256 = (text: string): string => hash('sha256', text, 'hex');

/**
 * The hash of one row's state: SHA-256 of SQLite's json_object of its columns in table order, the
 * same text the capture triggers produce and `verify` recomputes from the live row (no parse and
 * re-serialise per row: a bulk import hashes 100k of them).
 */
export const stateHash = (stateJson: string): string => sha256(stateJson);

/**
 * `canonicalJson(actor)` for the one shape an entry's actor has (four keys, each a string or null),
 * written out in sorted key order: the generic walk (filter, sort, map per key) was a visible part
 * of a drill append's CPU (P3). test/unit/history/actor-json.test.ts checks both give the same text.
 */
export function actorJson(a: EntryContent['actor']): string {
  const s = JSON.stringify;
  return `{"email":${s(a.email)},"name":${s(a.name)},"role":${s(a.role)},"source":${s(a.source)}}`;
}

/** What an entry's hash covers: every stored field but the hash itself, the previous entry's hash included. */
export type EntryContent = {
  seq: number;
  at: string;
  actor: { name: string; email: string | null; role: string | null; source: string };
  door: string;
  operation: string;
  entity: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
  stateHash: string | null;
  reason: string | null;
  origin: string;
  prevHash: string | null;
};

/**
 * An entry's hash: SHA-256 of its fields as canonical JSON (keys sorted), with `before` and
 * `after` as the exact JSON text stored in the entry, and the previous entry's hash included.
 */
export function entryHashFast(
  c: Omit<EntryContent, 'before' | 'after'>,
  beforeJson: string,
  afterJson: string,
  actor = actorJson(c.actor),
): string {
  const s = JSON.stringify;
  const head = `{"action":${s(c.action)},"actor":${actor},"after":`;
  const tail =
    `,"at":${s(c.at)},"before":${beforeJson},` +
    `"door":${s(c.door)},"entity":${s(c.entity)},"entityId":${s(c.entityId)},"operation":${s(c.operation)},"origin":${s(c.origin)},` +
    `"prevHash":${c.prevHash === null ? 'null' : s(c.prevHash)},"reason":${c.reason === null ? 'null' : s(c.reason)},"seq":${s(c.seq)},` +
    `"stateHash":${c.stateHash === null ? 'null' : s(c.stateHash)}}`;
  // A bulk import's batch entry carries tens of megabytes in `after`: fed to the hash in parts, not copied into one string.
  if (afterJson.length > 1 << 20) return createHash('sha256').update(head).update(afterJson).update(tail).digest('hex');
  return sha256(head + afterJson + tail);
}

/** The stored row of an entry, as SQLite returns it. */
export type HistoryRow = {
  seq: number;
  at: string;
  actor_name: string;
  actor_email: string | null;
  actor_role: string | null;
  actor_source: string;
  door: string;
  operation: string;
  entity: string;
  entity_id: string;
  action: string;
  before_json: string | null;
  after_json: string | null;
  state_hash: string | null;
  reason: string | null;
  origin: string;
  prev_hash: string | null;
  hash: string;
};

/** The hash a stored row should carry, recomputed from what is stored. */
export const rowHash = (r: HistoryRow): string =>
  entryHashFast(
    {
      seq: r.seq,
      at: r.at,
      actor: { name: r.actor_name, email: r.actor_email, role: r.actor_role, source: r.actor_source },
      door: r.door,
      operation: r.operation,
      entity: r.entity,
      entityId: r.entity_id,
      action: r.action,
      stateHash: r.state_hash,
      reason: r.reason,
      origin: r.origin,
      prevHash: r.prev_hash,
    },
    r.before_json ?? 'null',
    r.after_json ?? 'null',
  );

const parse = (json: string | null): unknown => {
  if (json === null) return null;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return { unreadable: json }; // an edited entry: its hash will not match, which verify reports
  }
};

export function contentOfRow(r: HistoryRow): EntryContent {
  return {
    seq: r.seq,
    at: r.at,
    actor: { name: r.actor_name, email: r.actor_email, role: r.actor_role, source: r.actor_source },
    door: r.door,
    operation: r.operation,
    entity: r.entity,
    entityId: r.entity_id,
    action: r.action,
    before: parse(r.before_json),
    after: parse(r.after_json),
    stateHash: r.state_hash,
    reason: r.reason,
    origin: r.origin,
    prevHash: r.prev_hash,
  };
}
