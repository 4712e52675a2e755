/**
 * The aggregate reads behind the behaviour findings that enter the score (issue 13, section 4), done in
 * SQL so a score never loads a million events: which agents have a log at all, the credentials seen in two
 * environments, and the gaps between an agent's consecutive events.
 */
import type { Database } from 'better-sqlite3';

export const hasActivity = (db: Database): boolean =>
  db.prepare('SELECT 1 FROM activity_sources WHERE event_count > 0 LIMIT 1').get() !== undefined;

/** Agents with at least one imported event (from the per-file counts, not the events). */
export const agentsWithLogs = (db: Database): Set<string> =>
  new Set(db.prepare('SELECT DISTINCT agent_id FROM activity_source_agents').pluck().all() as string[]);

export type CredentialSpread = { credential: string; agentId: string | null; environments: string[]; eventIds: string[] };

/**
 * Credentials (a fingerprint, role ARN or service account, else the most specific actor the record named, such as
 * a database role) the records themselves place in two or more environments (environment named by the record,
 * not inferred from a grant): one row per credential, with the first event in each environment.
 */
export function credentialsInTwoEnvironments(db: Database): CredentialSpread[] {
  const rows = db
    .prepare(
      `WITH hinted AS (SELECT COALESCE(actor_ref, actor_hint) AS actor_ref, environment_id, environment_name, seq, agent_id
         FROM activity_events WHERE environment_hinted = 1 AND environment_id IS NOT NULL AND COALESCE(actor_ref, actor_hint) IS NOT NULL)
       SELECT actor_ref, environment_name, MIN(seq) AS first_seq, MAX(agent_id) AS agent_id FROM hinted
       WHERE actor_ref IN (SELECT actor_ref FROM hinted GROUP BY actor_ref HAVING COUNT(DISTINCT environment_id) > 1)
       GROUP BY actor_ref, environment_name ORDER BY actor_ref, environment_name`,
    )
    .all() as { actor_ref: string; environment_name: string; first_seq: number; agent_id: string | null }[];
  const out = new Map<string, CredentialSpread>();
  for (const r of rows) {
    let c = out.get(r.actor_ref);
    if (!c) out.set(r.actor_ref, (c = { credential: r.actor_ref, agentId: null, environments: [], eventIds: [] }));
    c.agentId ??= r.agent_id;
    c.environments.push(r.environment_name);
    c.eventIds.push(String(r.first_seq));
  }
  return [...out.values()];
}

export type LogGap = { agentId: string; agentName: string; from: string; until: string; eventIds: [string, string] };

/** Per agent, the stretches longer than `maxMs` between two consecutive logged events (the agent's index orders them). */
export function logGaps(db: Database, maxMs: number): LogGap[] {
  const rows = db
    .prepare(
      `SELECT agent_id, agent_name, prev_time, time, prev_seq, seq FROM (
         SELECT agent_id, agent_name, time, seq,
           LAG(time) OVER w AS prev_time, LAG(seq) OVER w AS prev_seq
         FROM activity_events WHERE agent_id IS NOT NULL AND time IS NOT NULL
         WINDOW w AS (PARTITION BY agent_id ORDER BY time))
       WHERE prev_time IS NOT NULL AND (julianday(time) - julianday(prev_time)) * 86400000.0 > ?
       ORDER BY agent_id, time`,
    )
    .all(maxMs) as { agent_id: string; agent_name: string | null; prev_time: string; time: string; prev_seq: number; seq: number }[];
  return rows.map((r) => ({
    agentId: r.agent_id,
    agentName: r.agent_name ?? r.agent_id,
    from: r.prev_time,
    until: r.time,
    eventIds: [String(r.prev_seq), String(r.seq)],
  }));
}
