import { recordUnrecordedState } from '../history/baseline';
import type { Migration } from './types';

/**
 * The change history (issue 11): one append-only, hash-chained row per change, written in the
 * same transaction as the change (store/mutate). Triggers refuse UPDATE and DELETE of entries, so
 * only someone who edits the file with them dropped can rewrite it, and `verify` then says where.
 * `history_head` is the chain's last seq and hash, kept beside it so a cut-off tail is noticed.
 * Rows from before this version get a baseline entry ("imported at upgrade").
 */
export const migration: Migration = {
  version: 5,
  name: 'history',
  up: (db) => {
    db.exec(`
      CREATE TABLE history (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        actor_email TEXT,
        actor_role TEXT,
        actor_source TEXT NOT NULL,
        door TEXT NOT NULL,
        operation TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('create','update','delete')),
        before_json TEXT,
        after_json TEXT,
        state_hash TEXT,
        reason TEXT,
        origin TEXT NOT NULL CHECK (origin IN ('row','event')),
        prev_hash TEXT,
        hash TEXT NOT NULL
      ) STRICT;
      CREATE INDEX history_by_entity ON history(entity, entity_id, seq);
      CREATE TRIGGER history_append_only_update BEFORE UPDATE ON history
        BEGIN SELECT RAISE(ABORT, 'history entries are append-only'); END;
      CREATE TRIGGER history_append_only_delete BEFORE DELETE ON history
        BEGIN SELECT RAISE(ABORT, 'history entries are append-only'); END;

      CREATE TABLE history_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL) STRICT;
      CREATE TRIGGER history_head_no_delete BEFORE DELETE ON history_head
        BEGIN SELECT RAISE(ABORT, 'the history head is kept'); END;
      CREATE TRIGGER history_head_forward_only BEFORE UPDATE ON history_head WHEN NEW.seq < OLD.seq
        BEGIN SELECT RAISE(ABORT, 'the history head only moves forward'); END;
    `);
    recordUnrecordedState(db, 'migration:005-history', 'imported at upgrade', new Date().toISOString());
  },
};
