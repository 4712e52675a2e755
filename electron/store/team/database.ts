import pg from 'pg';
import { migrateTeam } from './migrations';

/**
 * The team store's connection to PostgreSQL (issue 14): one pool per server instance. Instances
 * are stateless; this database is the only shared state. `openTeamDatabase` migrates on open
 * (under an advisory lock, so instances starting together migrate once).
 */
export type TeamDatabase = { pool: pg.Pool; close: () => Promise<void> };

/** Who a change to the team store is made by: an account, or the server itself (bootstrap, expiry). */
export type TeamActor = { accountId: string | null; name: string };

/** One write transaction: every entity write function takes it, and records its audit entry through it. */
export type TeamTx = { client: pg.PoolClient; actor: TeamActor; now: Date };

export async function openTeamDatabase(connectionString: string, opts: { max?: number } = {}): Promise<TeamDatabase> {
  const pool = new pg.Pool({ connectionString, max: opts.max ?? 10 });
  // An idle client that loses its server (restart, failover) must not crash the process.
  pool.on('error', () => undefined);
  try {
    await migrateTeam(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return { pool, close: () => pool.end() };
}

/**
 * The one write path of the team store: `fn` runs in one transaction and calls this folder's
 * write functions with `tx`; each appends its audit entry (`team_audit`, append-only) in the same
 * transaction, so a change and its record commit together or not at all.
 */
export async function teamWrite<T>(db: TeamDatabase, actor: TeamActor, now: Date, fn: (tx: TeamTx) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    const value = await fn({ client, actor, now });
    await client.query('COMMIT');
    return value;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

type Detail = Record<string, string | number | boolean | null | string[]>;

/** Appends one audit entry: who, when, what, to whom. Never a password, hash or token. */
export async function audit(tx: TeamTx, action: string, subject: string | null, detail: Detail = {}): Promise<void> {
  await tx.client.query('INSERT INTO team_audit (at, actor_id, actor_name, action, subject, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
    tx.now,
    tx.actor.accountId,
    tx.actor.name,
    action,
    subject,
    JSON.stringify(detail),
  ]);
}
