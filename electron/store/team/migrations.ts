import type pg from 'pg';
import { AppError } from '../../../core/common/errors';

/**
 * The team store's own numbered migrations for PostgreSQL (the workspace SQLite migrations are
 * in ../migrations; moving the inventory to PostgreSQL is later work). Version in
 * `team_schema.version`; all pending migrations run in one transaction under an advisory lock;
 * a database from a newer app is refused.
 */
const ROLE_CHECK = "CHECK (role IN ('admin', 'editor', 'approver', 'facilitator', 'viewer'))";

export const TEAM_MIGRATIONS: readonly string[] = [
  // 1: accounts, roles, workflow scopes, workspaces and memberships, one-time tokens, sessions, sign-in attempts, audit.
  `
  CREATE TABLE team_accounts (
    id text PRIMARY KEY,
    email text NOT NULL,
    email_key text NOT NULL UNIQUE,
    name text NOT NULL,
    password_hash text,
    workflow_limited boolean NOT NULL DEFAULT false,
    failed_signins integer NOT NULL DEFAULT 0,
    locked_until timestamptz,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  );
  CREATE TABLE team_account_roles (
    account_id text NOT NULL REFERENCES team_accounts(id) ON DELETE CASCADE,
    role text NOT NULL ${ROLE_CHECK},
    PRIMARY KEY (account_id, role)
  );
  CREATE TABLE team_account_workflows (
    account_id text NOT NULL REFERENCES team_accounts(id) ON DELETE CASCADE,
    workflow_id text NOT NULL,
    PRIMARY KEY (account_id, workflow_id)
  );
  CREATE TABLE team_workspaces (
    id text PRIMARY KEY,
    name text NOT NULL,
    created_at timestamptz NOT NULL
  );
  CREATE TABLE team_memberships (
    account_id text NOT NULL REFERENCES team_accounts(id) ON DELETE CASCADE,
    workspace_id text NOT NULL REFERENCES team_workspaces(id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, workspace_id)
  );
  CREATE TABLE team_invitations (
    token_hash text PRIMARY KEY,
    purpose text NOT NULL CHECK (purpose IN ('invite', 'reset')),
    email text,
    account_id text REFERENCES team_accounts(id) ON DELETE CASCADE,
    roles text[] NOT NULL DEFAULT '{}',
    workflow_scope text[],
    workspace_ids text[] NOT NULL DEFAULT '{}',
    created_by text,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz
  );
  CREATE TABLE team_sessions (
    token_hash text PRIMARY KEY,
    account_id text NOT NULL REFERENCES team_accounts(id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
  );
  CREATE INDEX team_sessions_account ON team_sessions (account_id);
  CREATE TABLE team_signin_attempts (
    id bigserial PRIMARY KEY,
    key text NOT NULL,
    at timestamptz NOT NULL,
    ok boolean NOT NULL
  );
  CREATE INDEX team_signin_attempts_key_at ON team_signin_attempts (key, at);
  CREATE TABLE team_audit (
    seq bigserial PRIMARY KEY,
    at timestamptz NOT NULL,
    actor_id text,
    actor_name text NOT NULL,
    action text NOT NULL,
    subject text,
    detail jsonb NOT NULL DEFAULT '{}'
  );
  CREATE FUNCTION team_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'team_audit is append-only'; END $$;
  CREATE TRIGGER team_audit_no_change BEFORE UPDATE OR DELETE ON team_audit
    FOR EACH ROW EXECUTE FUNCTION team_audit_append_only();
  `,
  // 2: OIDC sign-in. An identity (issuer + subject) linked to its account on first sign-in, so a later
  // email change at the provider keeps working; one identity per account and issuer, so an email
  // reassigned to someone else at the provider cannot take the account over. Pending sign-ins hold
  // the PKCE verifier and nonce by the state's hash, used once.
  `
  CREATE TABLE team_oidc_identities (
    issuer text NOT NULL,
    subject text NOT NULL,
    account_id text NOT NULL REFERENCES team_accounts(id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (issuer, subject),
    UNIQUE (account_id, issuer)
  );
  CREATE TABLE team_oidc_logins (
    state_hash text PRIMARY KEY,
    code_verifier text NOT NULL,
    nonce text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz
  );
  `,
];

export const TEAM_SCHEMA_VERSION = TEAM_MIGRATIONS.length;
/** Any constant: the advisory lock that serialises instances migrating the same database. */
const MIGRATION_LOCK = 0x7ea_14;

export async function migrateTeam(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS team_schema (version integer NOT NULL)');
    const row = (await client.query<{ version: number }>('SELECT version FROM team_schema')).rows[0];
    const current = row?.version ?? 0;
    if (current > TEAM_SCHEMA_VERSION)
      throw new AppError(
        'NEWER_VERSION',
        `This team database was written by a newer Agent Readiness (schema ${current}; this version knows ${TEAM_SCHEMA_VERSION}). Upgrade the server.`,
      );
    for (const sql of TEAM_MIGRATIONS.slice(current)) await client.query(sql);
    if (!row) await client.query('INSERT INTO team_schema (version) VALUES ($1)', [TEAM_SCHEMA_VERSION]);
    else if (current < TEAM_SCHEMA_VERSION) await client.query('UPDATE team_schema SET version = $1', [TEAM_SCHEMA_VERSION]);
    await client.query('COMMIT');
    return TEAM_SCHEMA_VERSION;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** For a readiness probe: whether the database answers and its schema is the one this version migrates to. */
export async function teamSchemaStatus(pool: pg.Pool): Promise<{ current: number; expected: number }> {
  const r = await pool.query<{ version: number }>('SELECT version FROM team_schema');
  return { current: r.rows[0]?.version ?? 0, expected: TEAM_SCHEMA_VERSION };
}
