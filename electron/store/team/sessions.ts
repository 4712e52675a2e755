import { audit, type TeamDatabase, type TeamTx } from './database';

/** Sign-in sessions: only the token's hash is stored; each expires, and can be revoked one by one or all at once. */
export async function insertSession(tx: TeamTx, tokenHash: string, accountId: string, expiresAt: Date): Promise<void> {
  await tx.client.query('INSERT INTO team_sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
    tokenHash,
    accountId,
    tx.now,
    expiresAt,
  ]);
  await audit(tx, 'session.create', accountId, { expiresAt: expiresAt.toISOString() });
}

/** The account of a live session (not revoked, not expired at `now`), or null. */
export async function sessionAccount(db: TeamDatabase, tokenHash: string, now: Date): Promise<string | null> {
  const r = await db.pool.query<{ account_id: string }>(
    'SELECT account_id FROM team_sessions WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2',
    [tokenHash, now],
  );
  return r.rows[0]?.account_id ?? null;
}

export async function revokeSession(tx: TeamTx, tokenHash: string): Promise<boolean> {
  const r = await tx.client.query<{ account_id: string }>(
    'UPDATE team_sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL RETURNING account_id',
    [tokenHash, tx.now],
  );
  const accountId = r.rows[0]?.account_id;
  if (accountId) await audit(tx, 'session.end', accountId);
  return accountId !== undefined;
}

/** Sign out everywhere: every session of the account ends. Returns how many were still live (not expired). */
export async function revokeAllSessions(tx: TeamTx, accountId: string): Promise<number> {
  const r = await tx.client.query<{ live: boolean }>(
    'UPDATE team_sessions SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL RETURNING expires_at > $2 AS live',
    [accountId, tx.now],
  );
  const live = r.rows.filter((x) => x.live).length;
  await audit(tx, 'session.end-all', accountId, { sessions: live });
  return live;
}
