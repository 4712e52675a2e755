import type { Database } from 'better-sqlite3';
import type { WriteTx } from '../mutate/index';

export type ProvenanceEntity = 'agent' | 'system' | 'grant';
export type Provenance = {
  entity: ProvenanceEntity;
  entityId: string;
  /** discovered: accepted from a run; both: declared by hand and found by a run. No row = declared only. */
  origin: 'discovered' | 'both';
  discoveryKey: string;
  firstSeen: string;
  lastSeen: string;
  approvedHash: string | null;
};

type Row = {
  entity: ProvenanceEntity;
  entity_id: string;
  origin: 'discovered' | 'both';
  discovery_key: string;
  first_seen: string;
  last_seen: string;
  approved_hash: string | null;
};
const fromRow = (r: Row): Provenance => ({
  entity: r.entity,
  entityId: r.entity_id,
  origin: r.origin,
  discoveryKey: r.discovery_key,
  firstSeen: r.first_seen,
  lastSeen: r.last_seen,
  approvedHash: r.approved_hash,
});

/** A run found a record the inventory already holds: it is now "both" (unless it came from discovery), seen now. */
export function markSeen(tx: WriteTx, entity: ProvenanceEntity, entityId: string, discoveryKey: string): void {
  const now = tx.now.toISOString();
  tx.db
    .prepare(
      `INSERT INTO discovery_provenance (entity, entity_id, origin, discovery_key, first_seen, last_seen, approved_hash)
       VALUES (?, ?, 'both', ?, ?, ?, NULL)
       ON CONFLICT (entity, entity_id) DO UPDATE SET last_seen = excluded.last_seen, discovery_key = excluded.discovery_key`,
    )
    .run(entity, entityId, discoveryKey, now, now);
}

/** A record written by accepting a discovered item; a grant keeps the hash of what was approved. */
export function markAccepted(
  tx: WriteTx,
  entity: ProvenanceEntity,
  entityId: string,
  discoveryKey: string,
  origin: 'discovered' | 'both',
  approvedHash: string | null,
): void {
  const now = tx.now.toISOString();
  tx.db
    .prepare(
      `INSERT INTO discovery_provenance (entity, entity_id, origin, discovery_key, first_seen, last_seen, approved_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (entity, entity_id) DO UPDATE SET last_seen = excluded.last_seen,
         approved_hash = COALESCE(excluded.approved_hash, discovery_provenance.approved_hash)`,
    )
    .run(entity, entityId, origin, discoveryKey, now, now, approvedHash);
}

export function listProvenance(db: Database): Provenance[] {
  return (db.prepare('SELECT * FROM discovery_provenance ORDER BY entity, entity_id').all() as Row[]).map(fromRow);
}

/** Rows whose record was deleted since (no foreign key: a record is one of three tables) are ignored by readers. */
export function provenanceOf(db: Database, entity: ProvenanceEntity): Map<string, Provenance> {
  const rows = db.prepare('SELECT * FROM discovery_provenance WHERE entity = ?').all(entity) as Row[];
  return new Map(rows.map((r) => [r.entity_id, fromRow(r)]));
}
