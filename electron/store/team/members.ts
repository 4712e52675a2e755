import type { Role } from '../../../core/team/rules';
import { audit, type TeamDatabase, type TeamTx } from './database';

/**
 * What the Team screen shows of one workspace (issue 14 §3): its members with their roles,
 * workflow limit, last sign-in and OIDC identity, and its open invitations. Reads only; the writes
 * an admin makes are the entity functions of accounts.ts, invitations.ts, workspaces.ts and
 * sessions.ts, plus `revokeInvitation` here, each with its audit entry.
 */
type Queryable = TeamDatabase['pool'] | TeamTx['client'];

export type MemberRow = {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  workflowScope: string[] | null;
  lastSignInAt: Date | null;
  oidcIssuer: string | null;
  lockedUntil: Date | null;
};

type RawMember = {
  id: string;
  name: string;
  email: string;
  workflow_limited: boolean;
  locked_until: Date | null;
  roles: Role[];
  workflows: string[];
  last_sign_in: Date | null;
  oidc_issuer: string | null;
};

export async function membersOf(q: Queryable, workspaceId: string): Promise<MemberRow[]> {
  const r = await q.query<RawMember>(
    `SELECT a.id, a.name, a.email, a.workflow_limited, a.locked_until,
       COALESCE((SELECT array_agg(role ORDER BY role) FROM team_account_roles r WHERE r.account_id = a.id), '{}') AS roles,
       COALESCE((SELECT array_agg(workflow_id ORDER BY workflow_id) FROM team_account_workflows w WHERE w.account_id = a.id), '{}') AS workflows,
       (SELECT max(created_at) FROM team_sessions s WHERE s.account_id = a.id) AS last_sign_in,
       (SELECT min(issuer) FROM team_oidc_identities o WHERE o.account_id = a.id) AS oidc_issuer
     FROM team_accounts a JOIN team_memberships m ON m.account_id = a.id
     WHERE m.workspace_id = $1 ORDER BY lower(a.name), a.id`,
    [workspaceId],
  );
  return r.rows.map((x) => ({
    id: x.id,
    name: x.name,
    email: x.email,
    roles: x.roles,
    workflowScope: x.workflow_limited ? x.workflows : null,
    lastSignInAt: x.last_sign_in,
    oidcIssuer: x.oidc_issuer,
    lockedUntil: x.locked_until,
  }));
}

/** How many admins the workspace has besides `exceptAccountId` (the last admin may be neither removed nor demoted). */
export async function otherAdminCount(q: Queryable, workspaceId: string, exceptAccountId: string): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM team_memberships m JOIN team_account_roles r ON r.account_id = m.account_id AND r.role = 'admin'
     WHERE m.workspace_id = $1 AND m.account_id <> $2`,
    [workspaceId, exceptAccountId],
  );
  return r.rows[0]?.n ?? 0;
}

/** Holds off other admins' changes to this workspace's members until `tx` ends, so two demotions cannot both pass the last-admin check. */
export async function lockMembers(tx: TeamTx, workspaceId: string): Promise<void> {
  await tx.client.query('SELECT id FROM team_workspaces WHERE id = $1 FOR UPDATE', [workspaceId]);
}

/**
 * The workspaces (by name) where this account is the only admin member: demoting it would leave
 * them without one. Locks every workspace it is a member of first (in id order, so two admins
 * demoting each other wait for each other instead of deadlocking), then counts.
 */
export async function soleAdminWorkspaces(tx: TeamTx, accountId: string): Promise<{ id: string; name: string }[]> {
  await tx.client.query(
    `SELECT w.id FROM team_workspaces w JOIN team_memberships m ON m.workspace_id = w.id
     WHERE m.account_id = $1 ORDER BY w.id FOR UPDATE OF w`,
    [accountId],
  );
  const r = await tx.client.query<{ id: string; name: string }>(
    `SELECT w.id, w.name FROM team_workspaces w JOIN team_memberships m ON m.workspace_id = w.id AND m.account_id = $1
     WHERE NOT EXISTS (
       SELECT 1 FROM team_memberships o JOIN team_account_roles r ON r.account_id = o.account_id AND r.role = 'admin'
       WHERE o.workspace_id = w.id AND o.account_id <> $1)
     ORDER BY lower(w.name), w.id`,
    [accountId],
  );
  return r.rows;
}

export type OpenInvitationRow = {
  id: string;
  email: string;
  roles: Role[];
  workflowScope: string[] | null;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
};

/** Invitations to this workspace not used and not expired at `now`, newest first. */
export async function openInvitations(q: Queryable, workspaceId: string, now: Date): Promise<OpenInvitationRow[]> {
  const r = await q.query<{
    token_hash: string;
    email: string;
    roles: Role[];
    workflow_scope: string[] | null;
    invited_by: string | null;
    created_at: Date;
    expires_at: Date;
  }>(
    `SELECT i.token_hash, i.email, i.roles, i.workflow_scope, a.name AS invited_by, i.created_at, i.expires_at
     FROM team_invitations i LEFT JOIN team_accounts a ON a.id = i.created_by
     WHERE i.purpose = 'invite' AND i.used_at IS NULL AND i.expires_at > $2 AND $1 = ANY(i.workspace_ids)
     ORDER BY i.created_at DESC, i.token_hash`,
    [workspaceId, now],
  );
  return r.rows.map((x) => ({
    id: x.token_hash,
    email: x.email,
    roles: x.roles,
    workflowScope: x.workflow_scope,
    invitedBy: x.invited_by,
    createdAt: x.created_at,
    expiresAt: x.expires_at,
  }));
}

/**
 * Revokes an open invitation to this workspace: the row goes (its link then answers "not valid"),
 * the audit entry stays. False when there is no such open invitation.
 */
export async function revokeInvitation(tx: TeamTx, id: string, workspaceId: string): Promise<boolean> {
  const r = await tx.client.query<{ email: string }>(
    `DELETE FROM team_invitations WHERE token_hash = $1 AND purpose = 'invite' AND used_at IS NULL AND $2 = ANY(workspace_ids)
     RETURNING email`,
    [id, workspaceId],
  );
  const email = r.rows[0]?.email;
  if (email === undefined) return false;
  await audit(tx, 'invitation.revoke', email, { workspace: workspaceId });
  return true;
}
