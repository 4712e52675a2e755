import type { Migration } from './types';

/**
 * The corrective-action tracker (a plan of action and milestones, issue 11 section 6) and truthful
 * drill records (section 7).
 *
 * `corrective_actions` generalises `drill_corrective_actions`: an action comes from a drill's AAR,
 * from an assessment finding or by hand, so the drill link is optional, and its status is one of
 * open / in progress / done / verified / won't fix. Migrations are additive only (R13/R16: no
 * column of an earlier version is removed or changed, and its rows keep their values), so the old
 * table stays as it was, frozen, and its rows are copied here: `closed` becomes `done`
 * (closed_by / closed_at become done_by / done_at), the one agent becomes a list. From this
 * version on nothing reads or writes `drill_corrective_actions`; its triggers now refuse every write.
 *
 * Rules the SQL enforces, so no code path can skip them:
 * - verified needs a verifier other than the owner; won't fix needs a reason and an approver;
 * - verified and won't fix are final; done can only be verified or reopened (in progress);
 * - a signed-off AAR still fixes what its actions say (title, owner, due date, links);
 * - only an open action of an AAR that is not signed off is ever deleted (an AAR edit drops it).
 *
 * Drill events: a completed drill accepts one more kind of event, a `correction` (until its AAR is
 * signed off), and its frozen measures may be recomputed only in the transaction that appends one.
 */
export const migration: Migration = {
  version: 8,
  name: 'corrective-actions',
  up: (db) =>
    db.exec(`
      CREATE TABLE corrective_actions (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL CHECK (source IN ('drill','assessment','manual')),
        drill_id TEXT REFERENCES drill_aars(drill_id),
        assessment_id TEXT,
        finding_key TEXT,
        position INTEGER NOT NULL DEFAULT 0,
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        owner TEXT NOT NULL,
        due_date TEXT NOT NULL,
        priority TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN ('critical','high','medium','low')),
        control_ids_json TEXT NOT NULL DEFAULT '[]',
        agent_ids_json TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL CHECK (status IN ('open','in-progress','done','verified','wont-fix')),
        done_at TEXT,
        done_by TEXT,
        closing_note TEXT NOT NULL DEFAULT '',
        verified_at TEXT,
        verified_by TEXT,
        wont_fix_reason TEXT NOT NULL DEFAULT '',
        wont_fix_approver TEXT,
        wont_fix_at TEXT,
        created_by TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (source <> 'drill' OR drill_id IS NOT NULL),
        CHECK (status <> 'verified' OR (verified_by IS NOT NULL AND verified_by <> '' AND lower(verified_by) <> lower(owner))),
        CHECK (status <> 'wont-fix' OR (wont_fix_reason <> '' AND wont_fix_approver IS NOT NULL AND wont_fix_approver <> ''))
      ) STRICT;

      INSERT INTO corrective_actions (id, source, drill_id, position, title, owner, due_date, control_ids_json, agent_ids_json,
          status, done_at, done_by, closing_note, created_at, updated_at)
        SELECT id, 'drill', drill_id, position, title, owner, due_date, control_ids_json,
          CASE WHEN agent_id IS NULL THEN '[]' ELSE json_array(agent_id) END,
          CASE status WHEN 'closed' THEN 'done' ELSE 'open' END, closed_at, closed_by, closing_note, created_at, updated_at
        FROM drill_corrective_actions;
      DROP TRIGGER drill_ca_signed_off_insert;
      DROP TRIGGER drill_ca_signed_off_update;
      DROP TRIGGER drill_ca_closed_final;
      DROP TRIGGER drill_ca_signed_off_delete;
      -- Frozen at the copy above: no write of any kind from here on.
      CREATE TRIGGER drill_ca_legacy_no_insert BEFORE INSERT ON drill_corrective_actions
        BEGIN SELECT RAISE(ABORT, 'corrective actions are kept in corrective_actions since schema 9'); END;
      CREATE TRIGGER drill_ca_legacy_no_update BEFORE UPDATE ON drill_corrective_actions
        BEGIN SELECT RAISE(ABORT, 'corrective actions are kept in corrective_actions since schema 9'); END;
      CREATE TRIGGER drill_ca_legacy_no_delete BEFORE DELETE ON drill_corrective_actions
        BEGIN SELECT RAISE(ABORT, 'corrective actions are kept in corrective_actions since schema 9'); END;

      CREATE INDEX corrective_actions_by_drill ON corrective_actions(drill_id, position);
      CREATE INDEX corrective_actions_by_status ON corrective_actions(status);
      CREATE INDEX corrective_actions_by_due ON corrective_actions(due_date);

      CREATE TRIGGER ca_signed_off_insert BEFORE INSERT ON corrective_actions
        WHEN NEW.drill_id IS NOT NULL AND (SELECT signed_off_at FROM drill_aars WHERE drill_id = NEW.drill_id) IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'the after-action review is signed off'); END;
      CREATE TRIGGER ca_signed_off_update BEFORE UPDATE ON corrective_actions
        WHEN OLD.drill_id IS NOT NULL AND (SELECT signed_off_at FROM drill_aars WHERE drill_id = OLD.drill_id) IS NOT NULL
          AND (NEW.title IS NOT OLD.title OR NEW.owner IS NOT OLD.owner OR NEW.due_date IS NOT OLD.due_date
            OR NEW.control_ids_json IS NOT OLD.control_ids_json OR NEW.agent_ids_json IS NOT OLD.agent_ids_json
            OR NEW.position IS NOT OLD.position OR NEW.drill_id IS NOT OLD.drill_id OR NEW.created_at IS NOT OLD.created_at)
        BEGIN SELECT RAISE(ABORT, 'the after-action review is signed off: only closing an action is allowed'); END;
      CREATE TRIGGER ca_closed_final BEFORE UPDATE ON corrective_actions
        WHEN OLD.status IN ('verified','wont-fix') OR (OLD.status = 'done' AND NEW.status NOT IN ('done','verified','in-progress'))
        BEGIN SELECT RAISE(ABORT, 'a closed corrective action cannot change'); END;
      CREATE TRIGGER ca_identity_fixed BEFORE UPDATE ON corrective_actions
        WHEN NEW.source IS NOT OLD.source OR NEW.drill_id IS NOT OLD.drill_id OR NEW.created_at IS NOT OLD.created_at
        BEGIN SELECT RAISE(ABORT, 'where a corrective action came from cannot change'); END;
      CREATE TRIGGER ca_signed_off_delete BEFORE DELETE ON corrective_actions
        WHEN OLD.drill_id IS NULL OR OLD.status <> 'open'
          OR (SELECT signed_off_at FROM drill_aars WHERE drill_id = OLD.drill_id) IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'the after-action review is signed off or the action is tracked: it is not deleted'); END;

      DROP TRIGGER drill_events_not_after_completion;
      CREATE TRIGGER drill_events_not_after_completion BEFORE INSERT ON drill_events
        WHEN (SELECT status FROM drills WHERE id = NEW.drill_id) = 'completed'
          AND (NEW.type <> 'correction' OR (SELECT signed_off_at FROM drill_aars WHERE drill_id = NEW.drill_id) IS NOT NULL)
        BEGIN SELECT RAISE(ABORT, 'drill is completed: its record is immutable'); END;
      DROP TRIGGER drills_completed_immutable;
      CREATE TRIGGER drills_completed_immutable BEFORE UPDATE ON drills
        WHEN OLD.status = 'completed' AND NOT (
          NEW.id IS OLD.id AND NEW.scenario_id IS OLD.scenario_id AND NEW.scenario_title IS OLD.scenario_title
          AND NEW.scenario_origin IS OLD.scenario_origin AND NEW.scenario_json IS OLD.scenario_json
          AND NEW.fallbacks_json IS OLD.fallbacks_json AND NEW.time_scale IS OLD.time_scale AND NEW.status IS OLD.status
          AND NEW.created_at IS OLD.created_at AND NEW.started_at IS OLD.started_at AND NEW.completed_at IS OLD.completed_at
          AND (SELECT type FROM drill_events WHERE drill_id = OLD.id ORDER BY seq DESC LIMIT 1) = 'correction')
        BEGIN SELECT RAISE(ABORT, 'drill is completed: its record is immutable'); END;
    `),
};
