import type { Database } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { WriteTx } from '../mutate/index';

/**
 * Frozen assessment snapshots (migration 006). The document is stored gzip-compressed ("gz1:" +
 * base64, like assessment results: a 10k-agent inventory is tens of MB of JSON), and its SHA-256
 * is taken over the JSON text itself, so anyone can recompute it from the decompressed document.
 */
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Stores the snapshot of a just-finalised assessment and returns its SHA-256. The row can never change afterwards. */
export function insertAssessmentSnapshot(tx: WriteTx, assessmentId: string, format: string, json: string): string {
  const hash = sha256(json);
  tx.db
    .prepare('INSERT INTO assessment_snapshots (assessment_id, format, body, sha256, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(assessmentId, format, `gz1:${gzipSync(json, { level: 6 }).toString('base64')}`, hash, tx.now.toISOString());
  return hash;
}

export type StoredSnapshot = { json: string; storedSha256: string; actualSha256: string; createdAt: string };

/** The snapshot of an assessment, with its stored and recomputed SHA-256; null when it was finalised before snapshots existed. */
export function readAssessmentSnapshot(db: Database, assessmentId: string): StoredSnapshot | null {
  const row = db.prepare('SELECT body, sha256, created_at FROM assessment_snapshots WHERE assessment_id = ?').get(assessmentId) as
    { body: string; sha256: string; created_at: string } | undefined;
  if (!row) return null;
  let json: string;
  try {
    json = row.body.startsWith('gz1:') ? gunzipSync(Buffer.from(row.body.slice(4), 'base64')).toString('utf8') : row.body;
  } catch {
    json = '';
  }
  return { json, storedSha256: row.sha256, actualSha256: sha256(json), createdAt: row.created_at };
}

/** SHA-256 of an assessment's stored results column (the frozen scores), exactly as stored. */
export function assessmentResultsSha256(db: Database, assessmentId: string): string | null {
  const row = db.prepare('SELECT results FROM assessments WHERE id = ?').get(assessmentId) as { results: string } | undefined;
  return row ? sha256(row.results) : null;
}

/** Every evidence record with where its file copy lives and the hash recorded at upload (for snapshots and file checks). */
export function readEvidenceStorage(db: Database): Map<string, { storedName: string | null; sha256: string | null }> {
  const rows = db.prepare('SELECT id, stored_name, file_sha256 FROM evidence').all() as {
    id: string;
    stored_name: string | null;
    file_sha256: string | null;
  }[];
  return new Map(rows.map((r) => [r.id, { storedName: r.stored_name, sha256: r.file_sha256 }]));
}
