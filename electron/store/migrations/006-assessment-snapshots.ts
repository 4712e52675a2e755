import type { Migration } from './types';

/**
 * Frozen assessments (issue 11, section 3): one immutable JSON document per finalised assessment,
 * holding everything its report reads besides the scores (inventory, drills with measures and AARs,
 * corrective actions, evidence metadata with file hashes, answers, checklist, history head), and
 * the SHA-256 of that document. Append-only: triggers refuse UPDATE and DELETE, like assessments.
 * Assessments finalised before this migration have no row: their reports say they were
 * reconstructed from live data, because a snapshot cannot be taken after the fact.
 */
export const migration: Migration = {
  version: 6,
  name: 'assessment-snapshots',
  up: (db) =>
    db.exec(`
      CREATE TABLE assessment_snapshots (
        assessment_id TEXT PRIMARY KEY REFERENCES assessments(id),
        format TEXT NOT NULL,
        body TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TRIGGER assessment_snapshots_immutable_update BEFORE UPDATE ON assessment_snapshots
      BEGIN SELECT RAISE(ABORT, 'A frozen assessment snapshot cannot be changed.'); END;
      CREATE TRIGGER assessment_snapshots_immutable_delete BEFORE DELETE ON assessment_snapshots
      BEGIN SELECT RAISE(ABORT, 'A frozen assessment snapshot cannot be deleted.'); END;
    `),
};
