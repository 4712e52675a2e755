import type { Database } from 'better-sqlite3';
import { newId } from '../ids';
import type { WriteTx } from '../mutate/index';

/** One file of a run: what it was, where it really is, and what was made of it. Never its content. */
export type RunSource = {
  fileName: string;
  path: string;
  realPath: string;
  format: string | null;
  sha256: string;
  bytes: number;
  read: boolean;
  /** Why it was read as this format, or why it was not read. */
  reason: string;
  problems: { where: string; message: string }[];
  counts: { agents: number; servers: number; permissions: number };
};
export type RunSkipped = { path: string; reason: string };

export type StoredRun<P, D> = {
  id: string;
  at: string;
  actor: string;
  channel: string;
  sources: RunSource[];
  skipped: RunSkipped[];
  proposal: P;
  diff: D;
};

type Row = {
  id: string;
  at: string;
  actor: string;
  channel: string;
  sources_json: string;
  skipped_json: string;
  proposal_json: string;
  diff_json: string;
};

/** Keeps a run whole, so drift over time can be shown and an accept works on exactly what was shown. */
export function saveRun<P, D>(tx: WriteTx, run: Omit<StoredRun<P, D>, 'id' | 'at' | 'actor' | 'channel'>): StoredRun<P, D> {
  const stored: StoredRun<P, D> = { id: newId(), at: tx.now.toISOString(), actor: tx.actor.name, channel: tx.channel, ...run };
  tx.db
    .prepare(
      `INSERT INTO discovery_runs (id, at, actor, channel, sources_json, skipped_json, proposal_json, diff_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      stored.id,
      stored.at,
      stored.actor,
      stored.channel,
      JSON.stringify(run.sources),
      JSON.stringify(run.skipped),
      JSON.stringify(run.proposal),
      JSON.stringify(run.diff),
    );
  return stored;
}

const fromRow = <P, D>(r: Row): StoredRun<P, D> => ({
  id: r.id,
  at: r.at,
  actor: r.actor,
  channel: r.channel,
  sources: JSON.parse(r.sources_json) as RunSource[],
  skipped: JSON.parse(r.skipped_json) as RunSkipped[],
  proposal: JSON.parse(r.proposal_json) as P,
  diff: JSON.parse(r.diff_json) as D,
});

export function getRun<P, D>(db: Database, id: string): StoredRun<P, D> | null {
  const r = db.prepare('SELECT * FROM discovery_runs WHERE id = ?').get(id) as Row | undefined;
  return r ? fromRow<P, D>(r) : null;
}

/** Newest first. rowid breaks ties between runs made in the same millisecond. */
export function listRuns<P, D>(db: Database, limit: number): StoredRun<P, D>[] {
  return (db.prepare('SELECT * FROM discovery_runs ORDER BY at DESC, rowid DESC LIMIT ?').all(limit) as Row[]).map((r) => fromRow<P, D>(r));
}

/** When each agent key was last discovered by any run (for "declared agent with no discovered source after N days"). */
export function firstRunAt(db: Database): string | null {
  return (db.prepare('SELECT MIN(at) AS at FROM discovery_runs').get() as { at: string | null }).at;
}
