/**
 * Activity writes (issue 13): a source row per imported file, events in batches. Each batch is one
 * call inside the caller's `mutate` transaction with one prepared statement reused for every row, so a
 * 1 M event import is a few hundred transactions, never a million.
 */
import type { Database, Statement } from 'better-sqlite3';
import { isProductionDestructive, type AnalysedEvent, type Approval } from '../../../core/activity/index';
import { bulkCreates, BULK_HISTORY_MIN } from '../history/index';
import { newId } from '../ids';
import type { WriteTx } from '../mutate/index';

export type NewSource = {
  path: string;
  realPath: string;
  format: string;
  sha256: string;
  bytes: number;
  eventCount: number;
  issueCount: number;
  periodFrom: string | null;
  periodUntil: string | null;
};

/** The same rank core's mergeDuplicates uses: a person's decision beats a platform's beats a rule's. */
const approvalRank = (a: Approval | null): number => (a === null ? 0 : a.by === 'human' ? 3 : a.by === 'machine' ? 2 : 1);

export function insertSource(tx: WriteTx, source: NewSource): string {
  const id = newId();
  tx.db
    .prepare(
      `INSERT INTO activity_sources (id, path, real_path, format, sha256, bytes, event_count, issue_count, period_from, period_until, imported_at, imported_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      id,
      source.path,
      source.realPath,
      source.format,
      source.sha256,
      source.bytes,
      source.eventCount,
      source.issueCount,
      source.periodFrom,
      source.periodUntil,
      tx.now.toISOString(),
      tx.actor.name,
    );
  return id;
}

/** A file read to the end: its counts and period are known only then (the caller tracks the period as events pass). */
export function finishSource(
  tx: WriteTx,
  id: string,
  done: { format: string; bytes: number; eventCount: number; issueCount: number; periodFrom: string | null; periodUntil: string | null },
): void {
  tx.db
    .prepare(
      'UPDATE activity_sources SET format = ?, bytes = ?, event_count = ?, issue_count = ?, period_from = ?, period_until = ? WHERE id = ?',
    )
    .run(done.format, done.bytes, done.eventCount, done.issueCount, done.periodFrom, done.periodUntil, id);
}

export function deleteSource(tx: WriteTx, id: string): void {
  tx.db.prepare('DELETE FROM activity_events WHERE source_id = ?').run(id);
  tx.db.prepare('DELETE FROM activity_source_agents WHERE source_id = ?').run(id);
  tx.db.prepare('DELETE FROM activity_sources WHERE id = ?').run(id);
}

/** The stored columns of an event, in the order `rowValues` gives them. */
const COLUMNS = [
  'dedupe_key',
  'source_id',
  'time',
  'actor_ref',
  'actor_hint',
  'agent_id',
  'agent_name',
  'attribution_why',
  'environment_id',
  'environment_name',
  'environment_tier',
  'environment_hinted',
  'action_class',
  'action',
  'target',
  'outcome',
  'approval_decision',
  'approval_by',
  'approval_source',
  'approval_rank',
  'grant_allowed',
  'grant_id',
  'grant_gate',
  'grant_why',
  'priority',
  'line',
  'record',
] as const;

/** Rows per INSERT: one statement call writes this many events (a call per event cost more than the rows themselves). */
export const ROWS_PER_INSERT = 64;

const upsertSql = (rows: number): string => {
  const one = `(${COLUMNS.map(() => '?').join(', ')})`;
  return `INSERT INTO activity_events (${COLUMNS.join(', ')})
  VALUES ${Array.from({ length: rows }, () => one).join(', ')}
  ON CONFLICT(dedupe_key) DO UPDATE SET
    approval_decision = CASE WHEN excluded.approval_rank > approval_rank THEN excluded.approval_decision ELSE approval_decision END,
    approval_by = CASE WHEN excluded.approval_rank > approval_rank THEN excluded.approval_by ELSE approval_by END,
    approval_source = CASE WHEN excluded.approval_rank > approval_rank THEN excluded.approval_source ELSE approval_source END,
    approval_rank = MAX(approval_rank, excluded.approval_rank),
    outcome = CASE WHEN outcome = 'unknown' THEN excluded.outcome ELSE outcome END,
    target = COALESCE(target, excluded.target),
    time = COALESCE(time, excluded.time)`;
};

type Prepared = { many: Statement; one: Statement; addReason: Statement; reasonId: Statement };
/** One set of prepared statements per connection, reused by every batch. */
const statements = new WeakMap<Database, Prepared>();
const prepared = (db: Database): Prepared => {
  let s = statements.get(db);
  if (!s) {
    s = {
      many: db.prepare(upsertSql(ROWS_PER_INSERT)),
      one: db.prepare(upsertSql(1)),
      addReason: db.prepare('INSERT OR IGNORE INTO activity_reasons (text) VALUES (?)'),
      reasonId: db.prepare('SELECT id FROM activity_reasons WHERE text = ?').pluck(),
    };
    statements.set(db, s);
  }
  return s;
};

/** The hint a reviewer recognises: the most specific actor the record named. */
const actorHint = (a: AnalysedEvent['event']['actor']): string | null =>
  a.roleArn ??
  a.principalArn ??
  a.serviceAccount ??
  a.dbRole ??
  a.username ??
  a.agentName ??
  a.application ??
  a.credentialFingerprint ??
  null;

/**
 * Reason texts and their ids, kept by the importer for one file (a log repeats the same few thousand reasons in every
 * batch). The importer clears it when a batch's transaction fails, so no id outlives a rollback.
 */
export type ReasonIds = Map<string, number>;

/**
 * Writes one batch. `dedupeKey` says which action an event is: the source's own id when it has one (the
 * same action in two files, or a file imported twice, is one row whose approval and outcome are the
 * strongest any copy recorded), else a key made from the file's hash and position.
 */
export function insertEvents(
  tx: WriteTx,
  sourceId: string,
  analysed: readonly AnalysedEvent[],
  dedupeKey: (a: AnalysedEvent) => string,
  reasons: ReasonIds = new Map(),
): void {
  const stmt = prepared(tx.db);
  const reason = (text: string): number => {
    let id = reasons.get(text);
    if (id === undefined) {
      stmt.addReason.run(text);
      id = stmt.reasonId.get(text) as number;
      reasons.set(text, id);
    }
    return id;
  };
  const push = (values: unknown[], a: AnalysedEvent): void => {
    const e = a.event;
    values.push(
      dedupeKey(a),
      sourceId,
      e.time,
      e.actor.credentialFingerprint ?? e.actor.roleArn ?? e.actor.serviceAccount ?? null,
      actorHint(e.actor),
      a.attribution.agentId,
      a.attribution.agentName,
      reason(a.attribution.why),
      a.environment.environmentId,
      a.environment.name,
      a.environment.tier,
      a.environment.basis === 'hint' ? 1 : 0,
      e.actionClass,
      e.action,
      e.target,
      e.outcome,
      e.approval?.decision ?? null,
      e.approval?.by ?? null,
      e.approval?.source ?? null,
      approvalRank(e.approval),
      a.grants.allowed === null ? null : a.grants.allowed ? 1 : 0,
      a.grants.grantId,
      a.grants.gate,
      reason(a.grants.why),
      isProductionDestructive(a) ? 0 : 1,
      e.source.line,
      e.source.record ?? null,
    );
  };
  const writeAll = (): void => {
    const values: unknown[] = [];
    let i = 0;
    for (; i + ROWS_PER_INSERT <= analysed.length; i += ROWS_PER_INSERT) {
      values.length = 0;
      for (let k = i; k < i + ROWS_PER_INSERT; k++) push(values, analysed[k] as AnalysedEvent);
      stmt.many.run(values);
    }
    for (; i < analysed.length; i++) {
      values.length = 0;
      push(values, analysed[i] as AnalysedEvent);
      stmt.one.run(values);
    }
  };
  // A batch of 1,000 or more is one history entry per table (every row's state inside, verify expands it); smaller
  // batches keep an entry per row. Either way the history is written in this same transaction.
  if (analysed.length >= BULK_HISTORY_MIN) bulkCreates(tx.db, writeAll);
  else writeAll();
}

/** The workspace's fingerprint key, created on first use (shared with discovery; never exported). */
export function fingerprintKey(tx: WriteTx, fresh: () => Buffer): Buffer {
  const row = tx.db.prepare('SELECT key FROM discovery_key WHERE id = 1').get() as { key: Buffer } | undefined;
  if (row) return row.key;
  const key = fresh();
  tx.db.prepare('INSERT INTO discovery_key (id, key, created_at) VALUES (1, ?, ?)').run(key, tx.now.toISOString());
  return key;
}
