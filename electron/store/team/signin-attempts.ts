import type { TeamDatabase } from './database';

/**
 * Sign-in attempts by key (`ip:...`, `email:...`), for the rate limit. Kept in the database so
 * every instance of a stateless server counts the same attempts. Attempts older than the window
 * are removed as new ones arrive.
 */
export async function countAttempts(db: TeamDatabase, keys: string[], since: Date): Promise<Map<string, number>> {
  const r = await db.pool.query<{ key: string; n: number }>(
    'SELECT key, count(*)::int AS n FROM team_signin_attempts WHERE key = ANY($1::text[]) AND at > $2 GROUP BY key',
    [keys, since],
  );
  return new Map(r.rows.map((x) => [x.key, x.n]));
}

export async function recordAttempt(db: TeamDatabase, keys: string[], at: Date, ok: boolean, forgetBefore: Date): Promise<void> {
  await db.pool.query('INSERT INTO team_signin_attempts (key, at, ok) SELECT unnest($1::text[]), $2, $3', [keys, at, ok]);
  await db.pool.query('DELETE FROM team_signin_attempts WHERE at < $1', [forgetBefore]);
}
