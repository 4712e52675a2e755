import type { Role } from '../../../core/team/rules';
import { audit, type TeamDatabase, type TeamTx } from './database';

/** One account as the team store keeps it. `passwordHash` is an scrypt hash string, never a password. */
export type AccountRow = {
  id: string;
  email: string;
  name: string;
  passwordHash: string | null;
  roles: Role[];
  /** null: every workflow; else the only workflows the account may change as an editor. */
  workflowScope: string[] | null;
  workspaces: string[];
  failedSignins: number;
  lockedUntil: Date | null;
};

export const emailKey = (email: string): string => email.trim().toLowerCase();

type Queryable = TeamDatabase['pool'] | TeamTx['client'];

const ACCOUNT_SELECT = `
  SELECT a.id, a.email, a.name, a.password_hash, a.workflow_limited, a.failed_signins, a.locked_until,
    COALESCE((SELECT array_agg(role ORDER BY role) FROM team_account_roles r WHERE r.account_id = a.id), '{}') AS roles,
    COALESCE((SELECT array_agg(workflow_id ORDER BY workflow_id) FROM team_account_workflows w WHERE w.account_id = a.id), '{}') AS workflows,
    COALESCE((SELECT array_agg(workspace_id ORDER BY workspace_id) FROM team_memberships m WHERE m.account_id = a.id), '{}') AS workspaces
  FROM team_accounts a`;

type Raw = {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  workflow_limited: boolean;
  failed_signins: number;
  locked_until: Date | null;
  roles: Role[];
  workflows: string[];
  workspaces: string[];
};

const fromRaw = (r: Raw): AccountRow => ({
  id: r.id,
  email: r.email,
  name: r.name,
  passwordHash: r.password_hash,
  roles: r.roles,
  workflowScope: r.workflow_limited ? r.workflows : null,
  workspaces: r.workspaces,
  failedSignins: r.failed_signins,
  lockedUntil: r.locked_until,
});

export async function findAccount(q: Queryable, by: { id: string } | { email: string }): Promise<AccountRow | null> {
  const [where, value] = 'id' in by ? ['a.id = $1', by.id] : ['a.email_key = $1', emailKey(by.email)];
  const r = await q.query<Raw>(`${ACCOUNT_SELECT} WHERE ${where}`, [value]);
  return r.rows[0] ? fromRaw(r.rows[0]) : null;
}

/** How many accounts there are, holding off other writers of accounts until `tx` ends (the first-admin bootstrap). */
export async function countAccountsExclusive(tx: TeamTx): Promise<number> {
  await tx.client.query('LOCK TABLE team_accounts IN EXCLUSIVE MODE');
  return (await tx.client.query<{ n: number }>('SELECT count(*)::int AS n FROM team_accounts')).rows[0]?.n ?? 0;
}

export type NewAccount = {
  id: string;
  email: string;
  name: string;
  /** null: an account made by OIDC sign-in, which has no password until an admin issues a reset. */
  passwordHash: string | null;
  roles: Role[];
  workflowScope: string[] | null;
};

export async function insertAccount(tx: TeamTx, a: NewAccount): Promise<void> {
  await tx.client.query(
    'INSERT INTO team_accounts (id, email, email_key, name, password_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)',
    [a.id, a.email.trim(), emailKey(a.email), a.name, a.passwordHash, tx.now],
  );
  await writeRoles(tx, a.id, a.roles, a.workflowScope);
  await audit(tx, 'account.create', a.id, { email: a.email.trim(), roles: a.roles });
}

/** Replaces an account's roles and workflow scope. */
export async function setRoles(tx: TeamTx, accountId: string, roles: Role[], workflowScope: string[] | null): Promise<void> {
  await writeRoles(tx, accountId, roles, workflowScope);
  await audit(tx, 'account.roles', accountId, { roles, workflowScope: workflowScope ?? null });
}

async function writeRoles(tx: TeamTx, accountId: string, roles: Role[], workflowScope: string[] | null): Promise<void> {
  await tx.client.query('DELETE FROM team_account_roles WHERE account_id = $1', [accountId]);
  await tx.client.query('DELETE FROM team_account_workflows WHERE account_id = $1', [accountId]);
  await tx.client.query('INSERT INTO team_account_roles (account_id, role) SELECT $1, unnest($2::text[])', [
    accountId,
    [...new Set(roles)],
  ]);
  await tx.client.query('INSERT INTO team_account_workflows (account_id, workflow_id) SELECT $1, unnest($2::text[])', [
    accountId,
    [...new Set(workflowScope ?? [])],
  ]);
  await tx.client.query('UPDATE team_accounts SET workflow_limited = $2, updated_at = $3 WHERE id = $1', [
    accountId,
    workflowScope !== null,
    tx.now,
  ]);
}

/** A new password (reset): clears the failure count and any lockout. */
export async function setPasswordHash(tx: TeamTx, accountId: string, passwordHash: string): Promise<void> {
  await tx.client.query(
    'UPDATE team_accounts SET password_hash = $2, failed_signins = 0, locked_until = NULL, updated_at = $3 WHERE id = $1',
    [accountId, passwordHash, tx.now],
  );
  await audit(tx, 'account.password', accountId);
}

/**
 * Counts one failed sign-in; at `lockAfter` consecutive failures the account locks until
 * `lockedUntil`. One statement, so two instances counting at once cannot lose a failure.
 */
export async function recordFailedSignin(
  tx: TeamTx,
  accountId: string,
  lockAfter: number,
  lockedUntil: Date,
): Promise<AccountRow['lockedUntil']> {
  const r = await tx.client.query<{ locked_until: Date | null }>(
    `UPDATE team_accounts SET failed_signins = failed_signins + 1,
       locked_until = CASE WHEN failed_signins + 1 >= $2 THEN $3 ELSE locked_until END
     WHERE id = $1 RETURNING locked_until`,
    [accountId, lockAfter, lockedUntil],
  );
  const locked = r.rows[0]?.locked_until ?? null;
  if (locked && locked.getTime() === lockedUntil.getTime())
    await audit(tx, 'account.locked', accountId, { until: lockedUntil.toISOString() });
  return locked;
}

/** A successful sign-in starts the count again (and ends an expired lockout). */
export async function clearFailedSignins(tx: TeamTx, accountId: string): Promise<void> {
  await tx.client.query('UPDATE team_accounts SET failed_signins = 0, locked_until = NULL WHERE id = $1', [accountId]);
}
