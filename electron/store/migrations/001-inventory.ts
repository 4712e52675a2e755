import type { Migration } from './types';

export const migration: Migration = {
  version: 1,
  name: 'inventory',
  up: (db) =>
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

      CREATE TABLE workflows (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        purpose TEXT NOT NULL DEFAULT '',
        owner TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE agents (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        purpose TEXT NOT NULL DEFAULT '',
        accountable_owner TEXT NOT NULL DEFAULT '',
        technical_operator TEXT NOT NULL DEFAULT '',
        vendor_model TEXT NOT NULL DEFAULT '',
        lifecycle TEXT NOT NULL CHECK (lifecycle IN ('proposed','pilot','production','retired')),
        escalation_contact TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE agent_workflows (
        agent_id TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
        PRIMARY KEY (agent_id, workflow_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX agent_workflows_by_workflow ON agent_workflows(workflow_id);

      CREATE TABLE systems (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        criticality TEXT NOT NULL,
        data_sensitivity TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE environments (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        tier TEXT NOT NULL CHECK (tier IN ('read-only','sandbox','staging','production')),
        builtin INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE grants (
        id TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        system_id TEXT NOT NULL REFERENCES systems(id) ON DELETE RESTRICT,
        environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE RESTRICT,
        actions TEXT NOT NULL,
        scope TEXT NOT NULL DEFAULT '*',
        credential_identity TEXT NOT NULL DEFAULT '',
        approval_gate TEXT NOT NULL CHECK (approval_gate IN ('none','single','two-person')),
        expires_at TEXT,
        justification TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX grants_by_agent ON grants(agent_id);
      CREATE INDEX grants_by_system ON grants(system_id);
      CREATE INDEX grants_by_environment ON grants(environment_id, agent_id);
    `),
};
