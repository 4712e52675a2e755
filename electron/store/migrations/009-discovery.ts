import type { Migration } from './types';

/**
 * Discovery (issue 12): the workspace's fingerprint key, every discovery run, and where each
 * inventory record came from.
 * - discovery_key holds one row: the HMAC key secrets are fingerprinted with. It never leaves the
 *   workspace file (the JSON export skips this table; reports never read it).
 * - discovery_runs keeps every run whole (sources with real path, format, SHA-256, what was read and
 *   skipped, the proposal and the diff), so the app shows drift over time.
 * - discovery_provenance marks a record discovered (accepted from a run) or both (declared, and found
 *   by a run); a record without a row is declared only. approved_hash is the hash of the tools and
 *   scope that were accepted: a later run that finds another one marks the approval stale.
 */
export const migration: Migration = {
  version: 9,
  name: 'discovery',
  up: (db) =>
    db.exec(`
      CREATE TABLE discovery_key (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        key BLOB NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE discovery_runs (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        channel TEXT NOT NULL,
        sources_json TEXT NOT NULL,
        skipped_json TEXT NOT NULL,
        proposal_json TEXT NOT NULL,
        diff_json TEXT NOT NULL
      ) STRICT;
      CREATE INDEX discovery_runs_by_time ON discovery_runs(at);

      CREATE TABLE discovery_provenance (
        entity TEXT NOT NULL CHECK (entity IN ('agent','system','grant')),
        entity_id TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('discovered','both')),
        discovery_key TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        approved_hash TEXT,
        PRIMARY KEY (entity, entity_id)
      ) STRICT;
    `),
};
