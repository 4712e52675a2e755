import type { Migration } from './types';

/**
 * Activity evidence, second step (issue 13):
 * - activity_approvals: a person's approval of an action, recorded in the app (who approved, when, which
 *   target, for which agent, for how long). Events without a human approval in their own log are matched
 *   to these by time and target when findings, summaries and scores are computed, so an approval recorded
 *   after the import still counts. Never deleted: a withdrawn approval is a new row that supersedes.
 * - activity_source_agents: per imported file and agent, how many events the file holds and the period
 *   they cover. An accepted log source is evidence for the agent's LOG controls (source, period, event
 *   count, file hash); this row is what that evidence reads, without scanning a million events per score.
 */
export const migration: Migration = {
  version: 12,
  name: 'activity-evidence',
  up: (db) =>
    db.exec(`
      CREATE TABLE activity_approvals (
        id TEXT PRIMARY KEY,
        agent_id TEXT,
        target TEXT NOT NULL,
        approved_by TEXT NOT NULL,
        approved_at TEXT NOT NULL,
        valid_minutes INTEGER NOT NULL CHECK (valid_minutes BETWEEN 1 AND 10080),
        note TEXT NOT NULL,
        withdraws TEXT REFERENCES activity_approvals(id),
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX activity_approvals_by_time ON activity_approvals(approved_at);

      CREATE TABLE activity_source_agents (
        source_id TEXT NOT NULL REFERENCES activity_sources(id) ON DELETE CASCADE,
        agent_id TEXT NOT NULL,
        event_count INTEGER NOT NULL,
        first_time TEXT,
        last_time TEXT,
        PRIMARY KEY (source_id, agent_id)
      ) STRICT;
    `),
};
