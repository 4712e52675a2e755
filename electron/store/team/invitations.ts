import type { Role } from '../../../core/team/rules';
import { audit, type TeamTx } from './database';

/**
 * One-time tokens: invitations (who may join, with which roles, workflows and workspaces) and
 * password resets issued by an admin. Only the token's hash is stored; the token itself is shown
 * once, to the admin who made it.
 */
export type InvitationRow = {
  purpose: 'invite' | 'reset';
  email: string | null;
  accountId: string | null;
  roles: Role[];
  workflowScope: string[] | null;
  workspaceIds: string[];
  expiresAt: Date;
};

export async function insertInvitation(tx: TeamTx, tokenHash: string, inv: InvitationRow): Promise<void> {
  await tx.client.query(
    `INSERT INTO team_invitations (token_hash, purpose, email, account_id, roles, workflow_scope, workspace_ids, created_by, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      tokenHash,
      inv.purpose,
      inv.email,
      inv.accountId,
      inv.roles,
      inv.workflowScope,
      inv.workspaceIds,
      tx.actor.accountId,
      tx.now,
      inv.expiresAt,
    ],
  );
  await audit(tx, inv.purpose === 'invite' ? 'invitation.create' : 'reset.create', inv.accountId ?? inv.email, {
    roles: inv.roles,
    expiresAt: inv.expiresAt.toISOString(),
  });
}

export type Redeemed = { ok: true; invitation: InvitationRow } | { ok: false; why: 'unknown' | 'used' | 'expired' };

/**
 * Uses a token once: marks it used in the same statement that finds it unused and unexpired, so
 * two requests racing with one link cannot both succeed. The caller's transaction makes the
 * account with it, or rolls the use back.
 */
export async function redeemInvitation(tx: TeamTx, tokenHash: string, purpose: InvitationRow['purpose']): Promise<Redeemed> {
  const r = await tx.client.query<{
    email: string | null;
    account_id: string | null;
    roles: Role[];
    workflow_scope: string[] | null;
    workspace_ids: string[];
    expires_at: Date;
  }>(
    `UPDATE team_invitations SET used_at = $3
     WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
     RETURNING email, account_id, roles, workflow_scope, workspace_ids, expires_at`,
    [tokenHash, purpose, tx.now],
  );
  const row = r.rows[0];
  if (row) {
    await audit(tx, purpose === 'invite' ? 'invitation.use' : 'reset.use', row.account_id ?? row.email);
    return {
      ok: true,
      invitation: {
        purpose,
        email: row.email,
        accountId: row.account_id,
        roles: row.roles,
        workflowScope: row.workflow_scope,
        workspaceIds: row.workspace_ids,
        expiresAt: row.expires_at,
      },
    };
  }
  const seen = await tx.client.query<{ used_at: Date | null }>(
    'SELECT used_at FROM team_invitations WHERE token_hash = $1 AND purpose = $2',
    [tokenHash, purpose],
  );
  const found = seen.rows[0];
  return { ok: false, why: !found ? 'unknown' : found.used_at ? 'used' : 'expired' };
}

/**
 * OIDC sign-in of someone invited who has no account yet: uses the newest open invitation for
 * this email (compared like account emails, trimmed and lower-case), once. Null when none is open.
 */
export async function redeemInvitationForEmail(tx: TeamTx, emailKey: string): Promise<InvitationRow | null> {
  const r = await tx.client.query<{
    roles: Role[];
    workflow_scope: string[] | null;
    workspace_ids: string[];
    expires_at: Date;
    email: string;
  }>(
    `UPDATE team_invitations SET used_at = $2
     WHERE token_hash = (SELECT token_hash FROM team_invitations
       WHERE purpose = 'invite' AND lower(trim(email)) = $1 AND used_at IS NULL AND expires_at > $2
       ORDER BY created_at DESC LIMIT 1 FOR UPDATE)
     AND used_at IS NULL
     RETURNING email, roles, workflow_scope, workspace_ids, expires_at`,
    [emailKey, tx.now],
  );
  const row = r.rows[0];
  if (!row) return null;
  await audit(tx, 'invitation.use', row.email, { via: 'oidc' });
  return {
    purpose: 'invite',
    email: row.email,
    accountId: null,
    roles: row.roles,
    workflowScope: row.workflow_scope,
    workspaceIds: row.workspace_ids,
    expiresAt: row.expires_at,
  };
}
