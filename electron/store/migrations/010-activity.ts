import type { Migration } from './types';

/**
 * Activity evidence (issue 13): the log files imported and, per event, only what a finding needs.
 * - activity_sources: one row per imported file (the path as given, its real path, format, SHA-256,
 *   byte and event counts, the period it covers, when and by whom). An accepted source is evidence
 *   for its LOG controls.
 * - activity_events: time, actor reference and hint, the attributed agent (or null: unknown actors are
 *   kept), environment, action class, action, redacted target, outcome, approval, grant check and the
 *   source position. Never a raw payload, a request body or a statement. `dedupe_key` is the source's
 *   own id for the action (CloudTrail eventID, tool_use_id...) so the same action read from two files,
 *   or the same file imported twice, is one row. `priority` 0 marks a destructive production action:
 *   the timeline lists those first. The reasons (why this agent, why this grant) repeat across
 *   thousands of events, so each is stored once in activity_reasons and referenced.
 * - discovery_key: the workspace's fingerprint key, shared with discovery (migration 010 creates the
 *   same table; IF NOT EXISTS makes this a no-op there). Access keys in logs become fingerprints with it.
 */
export const migration: Migration = {
  version: 10,
  name: 'activity',
  up: (db) =>
    db.exec(`
      CREATE TABLE IF NOT EXISTS discovery_key (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        key BLOB NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE activity_sources (
        id TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        real_path TEXT NOT NULL,
        format TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        event_count INTEGER NOT NULL,
        issue_count INTEGER NOT NULL,
        period_from TEXT,
        period_until TEXT,
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX activity_sources_by_hash ON activity_sources(sha256);

      CREATE TABLE activity_reasons (
        id INTEGER PRIMARY KEY,
        text TEXT NOT NULL UNIQUE
      ) STRICT;

      CREATE TABLE activity_events (
        seq INTEGER PRIMARY KEY,
        dedupe_key TEXT NOT NULL UNIQUE,
        source_id TEXT NOT NULL REFERENCES activity_sources(id) ON DELETE CASCADE,
        time TEXT,
        actor_ref TEXT,
        actor_hint TEXT,
        agent_id TEXT,
        agent_name TEXT,
        attribution_why INTEGER NOT NULL REFERENCES activity_reasons(id),
        environment_id TEXT,
        environment_name TEXT,
        environment_tier TEXT,
        environment_hinted INTEGER NOT NULL,
        action_class TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        outcome TEXT NOT NULL,
        approval_decision TEXT,
        approval_by TEXT,
        approval_source TEXT,
        approval_rank INTEGER NOT NULL,
        grant_allowed INTEGER,
        grant_id TEXT,
        grant_gate TEXT,
        grant_why INTEGER NOT NULL REFERENCES activity_reasons(id),
        priority INTEGER NOT NULL,
        line INTEGER NOT NULL,
        record INTEGER
      ) STRICT;
      CREATE INDEX activity_events_by_priority ON activity_events(priority, time);
      CREATE INDEX activity_events_by_agent ON activity_events(agent_id, time);
    `),
};
