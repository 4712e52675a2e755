import type { Migration } from './types';

/**
 * Drills: scenarios imported by users, drill records, their append-only events, and the
 * after-action review. Evidence rules are enforced here as well as in the service:
 * - drill_events is append-only (no UPDATE, no DELETE) with one row per (drill_id, seq);
 * - nothing is appended to, or changed in, a completed drill;
 * - an AAR and its corrective actions are editable until signed off; afterwards only
 *   closing a corrective action is allowed.
 */
export const migration: Migration = {
  version: 3,
  name: 'drills',
  up: (db) =>
    db.exec(`
      CREATE TABLE drill_scenarios (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        source_yaml TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE drills (
        id TEXT PRIMARY KEY,
        scenario_id TEXT NOT NULL,
        scenario_title TEXT NOT NULL,
        scenario_origin TEXT NOT NULL CHECK (scenario_origin IN ('shipped','custom')),
        scenario_json TEXT NOT NULL,
        fallbacks_json TEXT NOT NULL DEFAULT '[]',
        time_scale REAL NOT NULL CHECK (time_scale >= 1 AND time_scale <= 120),
        status TEXT NOT NULL CHECK (status IN ('setup','running','paused','completed')),
        created_at TEXT NOT NULL,
        started_at TEXT,
        completed_at TEXT,
        measures_json TEXT
      ) STRICT;
      CREATE INDEX drills_by_scenario ON drills(scenario_id, created_at);
      CREATE INDEX drills_by_status ON drills(status);

      CREATE TABLE drill_agents (
        drill_id TEXT NOT NULL REFERENCES drills(id),
        agent_id TEXT NOT NULL,
        agent_name TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (drill_id, agent_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX drill_agents_by_agent ON drill_agents(agent_id);

      CREATE TABLE drill_participants (
        drill_id TEXT NOT NULL REFERENCES drills(id),
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        PRIMARY KEY (drill_id, position)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE drill_events (
        drill_id TEXT NOT NULL REFERENCES drills(id),
        seq INTEGER NOT NULL CHECK (seq >= 1),
        monotonic_ms REAL NOT NULL CHECK (monotonic_ms >= 0),
        wall_clock TEXT NOT NULL,
        type TEXT NOT NULL,
        payload_json TEXT NOT NULL,
        PRIMARY KEY (drill_id, seq)
      ) STRICT, WITHOUT ROWID;

      CREATE TRIGGER drill_events_append_only_update BEFORE UPDATE ON drill_events
        BEGIN SELECT RAISE(ABORT, 'drill events are append-only'); END;
      CREATE TRIGGER drill_events_append_only_delete BEFORE DELETE ON drill_events
        BEGIN SELECT RAISE(ABORT, 'drill events are append-only'); END;
      CREATE TRIGGER drill_events_not_after_completion BEFORE INSERT ON drill_events
        WHEN (SELECT status FROM drills WHERE id = NEW.drill_id) = 'completed'
        BEGIN SELECT RAISE(ABORT, 'drill is completed: its record is immutable'); END;

      CREATE TRIGGER drills_completed_immutable BEFORE UPDATE ON drills
        WHEN OLD.status = 'completed'
        BEGIN SELECT RAISE(ABORT, 'drill is completed: its record is immutable'); END;
      CREATE TRIGGER drills_started_not_deleted BEFORE DELETE ON drills
        WHEN OLD.status <> 'setup'
        BEGIN SELECT RAISE(ABORT, 'a started drill is evidence and cannot be deleted'); END;
      CREATE TRIGGER drill_agents_fixed_update BEFORE UPDATE ON drill_agents
        BEGIN SELECT RAISE(ABORT, 'drill targets are fixed when the drill is created'); END;
      CREATE TRIGGER drill_agents_fixed_delete BEFORE DELETE ON drill_agents
        WHEN (SELECT status FROM drills WHERE id = OLD.drill_id) <> 'setup'
        BEGIN SELECT RAISE(ABORT, 'drill targets are fixed once the drill has started'); END;
      CREATE TRIGGER drill_participants_fixed_update BEFORE UPDATE ON drill_participants
        WHEN (SELECT status FROM drills WHERE id = OLD.drill_id) = 'completed'
        BEGIN SELECT RAISE(ABORT, 'drill is completed: its record is immutable'); END;
      CREATE TRIGGER drill_participants_fixed_delete BEFORE DELETE ON drill_participants
        WHEN (SELECT status FROM drills WHERE id = OLD.drill_id) <> 'setup'
        BEGIN SELECT RAISE(ABORT, 'participants are fixed once the drill has started'); END;

      CREATE TABLE drill_aars (
        drill_id TEXT PRIMARY KEY REFERENCES drills(id),
        summary TEXT NOT NULL DEFAULT '',
        strengths_json TEXT NOT NULL DEFAULT '[]',
        improvements_json TEXT NOT NULL DEFAULT '[]',
        signed_off_by TEXT,
        signed_off_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER drill_aars_only_completed BEFORE INSERT ON drill_aars
        WHEN (SELECT status FROM drills WHERE id = NEW.drill_id) IS NOT 'completed'
        BEGIN SELECT RAISE(ABORT, 'an after-action review needs a completed drill'); END;
      CREATE TRIGGER drill_aars_signed_off_update BEFORE UPDATE ON drill_aars
        WHEN OLD.signed_off_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'the after-action review is signed off'); END;
      CREATE TRIGGER drill_aars_no_delete BEFORE DELETE ON drill_aars
        BEGIN SELECT RAISE(ABORT, 'after-action reviews are not deleted'); END;

      CREATE TABLE drill_corrective_actions (
        id TEXT PRIMARY KEY,
        drill_id TEXT NOT NULL REFERENCES drill_aars(drill_id),
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        owner TEXT NOT NULL,
        due_date TEXT NOT NULL,
        control_ids_json TEXT NOT NULL DEFAULT '[]',
        agent_id TEXT,
        status TEXT NOT NULL CHECK (status IN ('open','closed')),
        closed_at TEXT,
        closed_by TEXT,
        closing_note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX drill_corrective_actions_by_drill ON drill_corrective_actions(drill_id, position);
      CREATE INDEX drill_corrective_actions_open ON drill_corrective_actions(status);
      CREATE TRIGGER drill_ca_signed_off_insert BEFORE INSERT ON drill_corrective_actions
        WHEN (SELECT signed_off_at FROM drill_aars WHERE drill_id = NEW.drill_id) IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'the after-action review is signed off'); END;
      CREATE TRIGGER drill_ca_signed_off_update BEFORE UPDATE ON drill_corrective_actions
        WHEN (SELECT signed_off_at FROM drill_aars WHERE drill_id = OLD.drill_id) IS NOT NULL
          AND (NEW.title IS NOT OLD.title OR NEW.owner IS NOT OLD.owner OR NEW.due_date IS NOT OLD.due_date
            OR NEW.control_ids_json IS NOT OLD.control_ids_json OR NEW.agent_id IS NOT OLD.agent_id
            OR NEW.position IS NOT OLD.position OR NEW.drill_id IS NOT OLD.drill_id OR NEW.created_at IS NOT OLD.created_at)
        BEGIN SELECT RAISE(ABORT, 'the after-action review is signed off: only closing an action is allowed'); END;
      CREATE TRIGGER drill_ca_closed_final BEFORE UPDATE ON drill_corrective_actions
        WHEN OLD.status = 'closed'
        BEGIN SELECT RAISE(ABORT, 'a closed corrective action cannot change'); END;
      CREATE TRIGGER drill_ca_signed_off_delete BEFORE DELETE ON drill_corrective_actions
        WHEN (SELECT signed_off_at FROM drill_aars WHERE drill_id = OLD.drill_id) IS NOT NULL OR OLD.status = 'closed'
        BEGIN SELECT RAISE(ABORT, 'the after-action review is signed off'); END;
    `),
};
