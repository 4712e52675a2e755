import { audit, type TeamDatabase, type TeamTx } from './database';

/**
 * OIDC sign-in (issue 14 §3): identities linked to accounts, and the sign-ins under way. A
 * pending sign-in is found by the hash of its `state` and taken once (one UPDATE), so a replayed
 * or forged callback finds nothing.
 */
type Queryable = TeamDatabase['pool'] | TeamTx['client'];

export type PendingOidcLogin = { codeVerifier: string; nonce: string };

export async function insertOidcLogin(tx: TeamTx, stateHash: string, login: PendingOidcLogin, expiresAt: Date): Promise<void> {
  // Abandoned sign-ins (the person closed the provider's page) are dropped a day after they expired.
  await tx.client.query("DELETE FROM team_oidc_logins WHERE expires_at < $1::timestamptz - interval '1 day'", [tx.now]);
  await tx.client.query(
    'INSERT INTO team_oidc_logins (state_hash, code_verifier, nonce, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
    [stateHash, login.codeVerifier, login.nonce, tx.now, expiresAt],
  );
}

/** The pending sign-in of this state, marked used in the same statement; null when unknown, used or expired. */
export async function takeOidcLogin(tx: TeamTx, stateHash: string): Promise<PendingOidcLogin | null> {
  const r = await tx.client.query<{ code_verifier: string; nonce: string }>(
    `UPDATE team_oidc_logins SET used_at = $2 WHERE state_hash = $1 AND used_at IS NULL AND expires_at > $2
     RETURNING code_verifier, nonce`,
    [stateHash, tx.now],
  );
  const row = r.rows[0];
  return row ? { codeVerifier: row.code_verifier, nonce: row.nonce } : null;
}

/** The account an identity was linked to, or null. */
export async function accountOfIdentity(q: Queryable, issuer: string, subject: string): Promise<string | null> {
  const r = await q.query<{ account_id: string }>('SELECT account_id FROM team_oidc_identities WHERE issuer = $1 AND subject = $2', [
    issuer,
    subject,
  ]);
  return r.rows[0]?.account_id ?? null;
}

/** Whether the account already has an identity at this issuer (then no other subject may link to it). */
export async function hasIdentityAt(q: Queryable, accountId: string, issuer: string): Promise<boolean> {
  const r = await q.query('SELECT 1 FROM team_oidc_identities WHERE account_id = $1 AND issuer = $2', [accountId, issuer]);
  return (r.rowCount ?? 0) > 0;
}

export async function linkIdentity(tx: TeamTx, issuer: string, subject: string, accountId: string): Promise<void> {
  await tx.client.query('INSERT INTO team_oidc_identities (issuer, subject, account_id, created_at) VALUES ($1, $2, $3, $4)', [
    issuer,
    subject,
    accountId,
    tx.now,
  ]);
  await audit(tx, 'account.oidc-link', accountId, { issuer });
}
