import type { Migration } from './types';

/**
 * Named approvals (issue 11, section 4).
 *
 * - `grant_requests`: who asked for a grant as it stands (the actor who created it or last changed
 *   it materially), one row per request; the latest row is the requester.
 * - `grant_approvals`: who approved which terms (`subject_json`, hashed in `subject_hash`) until
 *   when. An approval whose hash no longer matches the grant is stale.
 *
 * Both are append-only (triggers refuse UPDATE and DELETE) and keep no foreign key to `grants`:
 * deleting a grant must not erase who approved it. Accepted risks gain the approver's name, and an
 * AAR records who wrote it, so its sign-off can refuse the author.
 */
export const migration: Migration = {
  version: 7,
  name: 'approvals',
  up: (db) =>
    db.exec(`
      CREATE TABLE grant_requests (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        grant_id TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        requested_by_email TEXT,
        requested_at TEXT NOT NULL,
        subject_hash TEXT NOT NULL
      ) STRICT;
      CREATE INDEX grant_requests_by_grant ON grant_requests(grant_id, seq);
      CREATE TRIGGER grant_requests_no_update BEFORE UPDATE ON grant_requests
        BEGIN SELECT RAISE(ABORT, 'grant requests are append-only'); END;
      CREATE TRIGGER grant_requests_no_delete BEFORE DELETE ON grant_requests
        BEGIN SELECT RAISE(ABORT, 'grant requests are append-only'); END;

      CREATE TABLE grant_approvals (
        id TEXT PRIMARY KEY,
        grant_id TEXT NOT NULL,
        approver_name TEXT NOT NULL,
        approver_email TEXT,
        approved_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        subject_hash TEXT NOT NULL,
        subject_json TEXT NOT NULL
      ) STRICT;
      CREATE INDEX grant_approvals_by_grant ON grant_approvals(grant_id, approved_at);
      CREATE TRIGGER grant_approvals_no_update BEFORE UPDATE ON grant_approvals
        BEGIN SELECT RAISE(ABORT, 'grant approvals are append-only'); END;
      CREATE TRIGGER grant_approvals_no_delete BEFORE DELETE ON grant_approvals
        BEGIN SELECT RAISE(ABORT, 'grant approvals are append-only'); END;

      ALTER TABLE accepted_risks ADD COLUMN approved_by TEXT NOT NULL DEFAULT '';
      ALTER TABLE drill_aars ADD COLUMN written_by TEXT NOT NULL DEFAULT '';
    `),
};
