import type { Database } from 'better-sqlite3';
import { gunzipSync, gzipSync } from 'node:zlib';
import { AppError } from '../../../core/common/errors';
import type { AssessmentSummary } from '../../../core/scoring/contract';
import type { WorkspaceScores } from '../../../core/scoring/types';
import type { WriteTx } from '../mutate/index';

type Row = {
  id: string;
  seq: number;
  title: string;
  checklist_id: string;
  checklist_version: string;
  as_of: string;
  mean_score: number | null;
  agent_count: number;
  ready_count: number;
  conditional_count: number;
  not_ready_count: number;
  open_findings: number;
  finalised_by: string;
  finalised_at: string;
};
const COLS =
  'id, seq, title, checklist_id, checklist_version, as_of, mean_score, agent_count, ready_count, conditional_count, not_ready_count, open_findings, finalised_by, finalised_at';

const toSummary = (r: Row): AssessmentSummary => ({
  id: r.id,
  seq: r.seq,
  title: r.title,
  checklistId: r.checklist_id,
  checklistVersion: r.checklist_version,
  asOf: r.as_of,
  meanScore: r.mean_score,
  agentCount: r.agent_count,
  verdicts: { ready: r.ready_count, conditional: r.conditional_count, 'not-ready': r.not_ready_count },
  openFindings: r.open_findings,
  finalisedBy: r.finalised_by,
  finalisedAt: r.finalised_at,
});

/**
 * Snapshots are stored gzip-compressed ("gz1:" + base64) in their TEXT columns: at 10k agents a
 * result is ~150 MB of JSON and ~20x smaller compressed. Plain JSON (no prefix) is still read.
 */
const encode = (value: unknown): string => `gz1:${gzipSync(JSON.stringify(value), { level: 6 }).toString('base64')}`;
const decode = <T>(text: string): T =>
  JSON.parse(text.startsWith('gz1:') ? gunzipSync(Buffer.from(text.slice(4), 'base64')).toString('utf8') : text) as T;

/** Finalised results never change, so parsed copies are kept (a few per workspace). Callers must not mutate them. */
const parsed = new WeakMap<Database, Map<string, WorkspaceScores>>();
const PARSED_KEEP = 3;

/** Stores a finalised assessment. The row can never be updated or deleted afterwards (triggers in migration 002). */
export function insertAssessment(
  tx: WriteTx,
  a: { id: string; title: string; finalisedBy: string; finalisedAt: string; inputs: unknown; results: WorkspaceScores },
): AssessmentSummary {
  const { db } = tx;
  const seq = ((db.prepare('SELECT MAX(seq) AS m FROM assessments').get() as { m: number | null }).m ?? 0) + 1;
  const w = a.results.workspace;
  const agentScores = Object.fromEntries(a.results.agents.map((x) => [x.agentId, x.score]));
  db.prepare(
    `INSERT INTO assessments (${COLS}, inputs, results, rollup, agent_scores) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    a.id,
    seq,
    a.title,
    a.results.checklist.id,
    a.results.checklist.version,
    a.results.asOf,
    w.meanScore,
    w.agentCount,
    w.verdicts.ready,
    w.verdicts.conditional,
    w.verdicts['not-ready'],
    w.openFindings,
    a.finalisedBy,
    a.finalisedAt,
    encode(a.inputs),
    encode(a.results),
    JSON.stringify(w),
    JSON.stringify(agentScores),
  );
  return getAssessmentSummary(db, a.id);
}

export function listAssessments(db: Database): AssessmentSummary[] {
  return (db.prepare(`SELECT ${COLS} FROM assessments ORDER BY seq DESC`).all() as Row[]).map(toSummary);
}

export function getAssessmentSummary(db: Database, id: string): AssessmentSummary {
  const row = db.prepare(`SELECT ${COLS} FROM assessments WHERE id = ?`).get(id) as Row | undefined;
  if (!row) throw new AppError('NOT_FOUND', 'No such assessment.');
  return toSummary(row);
}

export function getAssessmentResults(db: Database, id: string): WorkspaceScores {
  const cache = parsed.get(db) ?? parsed.set(db, new Map()).get(db)!;
  const hit = cache.get(id);
  if (hit) return hit;
  const row = db.prepare('SELECT results FROM assessments WHERE id = ?').get(id) as { results: string } | undefined;
  if (!row) throw new AppError('NOT_FOUND', 'No such assessment.');
  const results = decode<WorkspaceScores>(row.results);
  cache.set(id, results);
  if (cache.size > PARSED_KEEP) cache.delete(cache.keys().next().value!);
  return results;
}

/** The exact inputs an assessment was scored from (checklist, inventory, drill evidence, answers, risks, date). */
export function getAssessmentInputs(db: Database, id: string): unknown {
  const row = db.prepare('SELECT inputs FROM assessments WHERE id = ?').get(id) as { inputs: string } | undefined;
  if (!row) throw new AppError('NOT_FOUND', 'No such assessment.');
  return decode(row.inputs);
}

/** Workspace roll-up and per-agent scores of every assessment, oldest first (for trends; avoids parsing full results). */
export function assessmentTrendRows(
  db: Database,
): { summary: AssessmentSummary; rollup: WorkspaceScores['workspace']; agentScores: Record<string, number> }[] {
  const rows = db.prepare(`SELECT ${COLS}, rollup, agent_scores FROM assessments ORDER BY seq`).all() as (Row & {
    rollup: string;
    agent_scores: string;
  })[];
  return rows.map((r) => ({
    summary: toSummary(r),
    rollup: JSON.parse(r.rollup) as WorkspaceScores['workspace'],
    agentScores: JSON.parse(r.agent_scores) as Record<string, number>,
  }));
}

/** Agent id -> score in one assessment (small; no need to read the full snapshot). */
export function assessmentAgentScores(db: Database, id: string): Record<string, number> {
  const row = db.prepare('SELECT agent_scores FROM assessments WHERE id = ?').get(id) as { agent_scores: string } | undefined;
  if (!row) throw new AppError('NOT_FOUND', 'No such assessment.');
  return JSON.parse(row.agent_scores) as Record<string, number>;
}

export function latestAssessment(db: Database): AssessmentSummary | null {
  const row = db.prepare(`SELECT ${COLS} FROM assessments ORDER BY seq DESC LIMIT 1`).get() as Row | undefined;
  return row ? toSummary(row) : null;
}
