import type { Migration } from './types';

/**
 * Readiness scoring: checklists (each version kept), answers, evidence, accepted risks and
 * assessments. A finalised assessment is an immutable snapshot; triggers refuse any change to it.
 */
export const migration: Migration = {
  version: 2,
  name: 'scoring',
  up: (db) =>
    db.exec(`
      CREATE TABLE checklists (
        id TEXT NOT NULL,
        version TEXT NOT NULL,
        title TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('builtin','user')),
        yaml TEXT NOT NULL,
        body TEXT NOT NULL,
        loaded_by TEXT NOT NULL,
        loaded_at TEXT NOT NULL,
        PRIMARY KEY (id, version)
      ) STRICT;

      CREATE TABLE scoring_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

      CREATE TABLE answers (
        agent_id TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        control_id TEXT NOT NULL,
        checklist_id TEXT NOT NULL,
        checklist_version TEXT NOT NULL,
        value TEXT NOT NULL CHECK (value IN ('yes','partial','no','na')),
        na_reason TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        answered_by TEXT NOT NULL,
        answered_at TEXT NOT NULL,
        PRIMARY KEY (agent_id, control_id),
        FOREIGN KEY (checklist_id, checklist_version) REFERENCES checklists(id, version)
      ) STRICT;

      CREATE TABLE evidence (
        id TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        control_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('note','link','file')),
        label TEXT NOT NULL,
        url TEXT,
        file_name TEXT,
        stored_name TEXT,
        file_size INTEGER,
        file_sha256 TEXT,
        evidence_date TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX evidence_by_agent ON evidence(agent_id, control_id);

      CREATE TABLE accepted_risks (
        finding_key TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        control_id TEXT NOT NULL,
        message TEXT NOT NULL,
        owner TEXT NOT NULL,
        reason TEXT NOT NULL,
        expires_on TEXT NOT NULL,
        accepted_by TEXT NOT NULL,
        accepted_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX accepted_risks_by_agent ON accepted_risks(agent_id);

      CREATE TABLE assessments (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        title TEXT NOT NULL,
        checklist_id TEXT NOT NULL,
        checklist_version TEXT NOT NULL,
        as_of TEXT NOT NULL,
        inputs TEXT NOT NULL,
        results TEXT NOT NULL,
        rollup TEXT NOT NULL,
        agent_scores TEXT NOT NULL,
        mean_score INTEGER,
        agent_count INTEGER NOT NULL,
        ready_count INTEGER NOT NULL,
        conditional_count INTEGER NOT NULL,
        not_ready_count INTEGER NOT NULL,
        open_findings INTEGER NOT NULL,
        finalised_by TEXT NOT NULL,
        finalised_at TEXT NOT NULL,
        FOREIGN KEY (checklist_id, checklist_version) REFERENCES checklists(id, version)
      ) STRICT;

      CREATE TRIGGER assessments_immutable_update BEFORE UPDATE ON assessments
      BEGIN SELECT RAISE(ABORT, 'A finalised assessment cannot be changed.'); END;
      CREATE TRIGGER assessments_immutable_delete BEFORE DELETE ON assessments
      BEGIN SELECT RAISE(ABORT, 'A finalised assessment cannot be deleted.'); END;
    `),
};
