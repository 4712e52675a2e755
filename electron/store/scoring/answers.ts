import type { Database } from 'better-sqlite3';
import type { EvidenceRecord } from '../../../core/scoring/contract';
import type { AcceptedRisk, Answer } from '../../../core/scoring/types';
import type { WriteTx } from '../mutate/index';
import type { StoredAnswer } from '../../../core/scoring/carry-over';

type EvidenceRow = {
  id: string;
  agent_id: string;
  control_id: string;
  kind: EvidenceRecord['kind'];
  label: string;
  url: string | null;
  file_name: string | null;
  file_size: number | null;
  evidence_date: string;
  recorded_by: string;
  recorded_at: string;
};
type RiskRow = {
  finding_key: string;
  agent_id: string;
  control_id: string;
  message: string;
  owner: string;
  reason: string;
  expires_on: string;
  accepted_by: string;
  approved_by: string;
  accepted_at: string;
};

const toEvidence = (r: EvidenceRow): EvidenceRecord => ({
  id: r.id,
  agentId: r.agent_id,
  controlId: r.control_id,
  kind: r.kind,
  label: r.label,
  url: r.url,
  fileName: r.file_name,
  fileSize: r.file_size,
  evidenceDate: r.evidence_date,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at,
});
const toRisk = (r: RiskRow): AcceptedRisk & { message: string; approvedBy: string } => ({
  findingKey: r.finding_key,
  agentId: r.agent_id,
  controlId: r.control_id,
  message: r.message,
  owner: r.owner,
  reason: r.reason,
  expiresOn: r.expires_on,
  acceptedBy: r.accepted_by,
  approvedBy: r.approved_by,
  acceptedAt: r.accepted_at,
});

type AnswerTuple = [
  agentId: string,
  controlId: string,
  checklistId: string,
  checklistVersion: string,
  value: Answer['value'],
  naReason: string,
  note: string,
  answeredBy: string,
  answeredAt: string,
];

/**
 * Every answer with its evidence, as the engine wants them (optionally for one agent). Rows are read
 * as arrays (a scoring read maps 60k answers at 10k agents: one object per row, not two); no per-row
 * zod, as every row came through `writeAnswers` after validation and the table's CHECK holds the value.
 */
export function readAnswers(db: Database, agentId?: string): StoredAnswer[] {
  const where = agentId ? ' WHERE agent_id = ?' : '';
  const args = agentId ? [agentId] : [];
  const rows = db
    .prepare<unknown[], AnswerTuple>(
      `SELECT agent_id, control_id, checklist_id, checklist_version, value, na_reason, note, answered_by, answered_at FROM answers${where}`,
    )
    .raw(true)
    .all(...args);
  const evidence = new Map<string, EvidenceRecord[]>();
  for (const e of readEvidence(db, agentId)) {
    const k = `${e.agentId}\u0000${e.controlId}`;
    (evidence.get(k) ?? evidence.set(k, []).get(k)!).push(e);
  }
  const out = new Array<StoredAnswer>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const records = evidence.size === 0 ? undefined : evidence.get(`${r[0]}\u0000${r[1]}`);
    out[i] = {
      agentId: r[0],
      controlId: r[1],
      checklistId: r[2],
      checklistVersion: r[3],
      value: r[4],
      naReason: r[5],
      note: r[6],
      answeredBy: r[7],
      answeredAt: r[8],
      evidence: records
        ? records.map((e) => ({ id: e.id, kind: e.kind, label: e.label, evidenceDate: e.evidenceDate, recordedBy: e.recordedBy }))
        : [],
    };
  }
  return out;
}

export function readEvidence(db: Database, agentId?: string): EvidenceRecord[] {
  const where = agentId ? ' WHERE agent_id = ?' : '';
  const rows = db
    .prepare(
      `SELECT id, agent_id, control_id, kind, label, url, file_name, file_size, evidence_date, recorded_by, recorded_at FROM evidence${where} ORDER BY evidence_date DESC, recorded_at DESC`,
    )
    .all(...(agentId ? [agentId] : [])) as EvidenceRow[];
  return rows.map(toEvidence);
}

export type AnswerWrite = { controlId: string; value: Answer['value']; naReason: string; note: string };

/** Upserts answers for one agent. Call inside a transaction with the validation, so nothing partial is saved. */
export function writeAnswers(
  tx: WriteTx,
  agentId: string,
  checklist: { id: string; version: string },
  by: string,
  at: string,
  answers: AnswerWrite[],
): void {
  const { db } = tx;
  const stmt = db.prepare(
    `INSERT INTO answers (agent_id, control_id, checklist_id, checklist_version, value, na_reason, note, answered_by, answered_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (agent_id, control_id) DO UPDATE SET checklist_id = excluded.checklist_id, checklist_version = excluded.checklist_version,
       value = excluded.value, na_reason = excluded.na_reason, note = excluded.note, answered_by = excluded.answered_by, answered_at = excluded.answered_at`,
  );
  for (const a of answers)
    stmt.run(agentId, a.controlId, checklist.id, checklist.version, a.value, a.value === 'na' ? a.naReason : '', a.note, by, at);
}

export function clearAnswer(tx: WriteTx, agentId: string, controlId: string): void {
  const { db } = tx;
  db.prepare('DELETE FROM answers WHERE agent_id = ? AND control_id = ?').run(agentId, controlId);
}

export type EvidenceWrite = Omit<EvidenceRecord, 'recordedAt'> & { storedName: string | null; sha256: string | null };

export function insertEvidence(tx: WriteTx, e: EvidenceWrite, at: string): EvidenceRecord {
  const { db } = tx;
  db.prepare(
    `INSERT INTO evidence (id, agent_id, control_id, kind, label, url, file_name, stored_name, file_size, file_sha256, evidence_date, recorded_by, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    e.id,
    e.agentId,
    e.controlId,
    e.kind,
    e.label,
    e.url,
    e.fileName,
    e.storedName,
    e.fileSize,
    e.sha256,
    e.evidenceDate,
    e.recordedBy,
    at,
  );
  return { ...e, recordedAt: at };
}

/** Where a file-evidence record's copy lives (null for notes and links). */
export function evidenceFileRow(db: Database, id: string): { fileName: string; storedName: string; sha256: string } | null | undefined {
  const row = db.prepare('SELECT kind, file_name, stored_name, file_sha256 FROM evidence WHERE id = ?').get(id) as
    { kind: string; file_name: string | null; stored_name: string | null; file_sha256: string | null } | undefined;
  if (!row) return undefined;
  if (row.kind !== 'file' || !row.stored_name || !row.file_name || !row.file_sha256) return null;
  return { fileName: row.file_name, storedName: row.stored_name, sha256: row.file_sha256 };
}

/** Removes an evidence record (the copied file stays in the workspace folder: finalised assessments may cite it). */
export function removeEvidence(tx: WriteTx, id: string): boolean {
  const { db } = tx;
  return db.prepare('DELETE FROM evidence WHERE id = ?').run(id).changes > 0;
}

export function readAcceptedRisks(db: Database, agentId?: string): (AcceptedRisk & { message: string; approvedBy: string })[] {
  const where = agentId ? ' WHERE agent_id = ?' : '';
  const rows = db.prepare(`SELECT * FROM accepted_risks${where} ORDER BY accepted_at`).all(...(agentId ? [agentId] : [])) as RiskRow[];
  return rows.map(toRisk);
}

/** `approvedBy`: the named approver, checked by the caller to differ from whoever records the acceptance. */
export function upsertAcceptedRisk(tx: WriteTx, r: AcceptedRisk & { message: string; approvedBy: string }): void {
  const { db } = tx;
  db.prepare(
    `INSERT INTO accepted_risks (finding_key, agent_id, control_id, message, owner, reason, expires_on, accepted_by, approved_by, accepted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (finding_key) DO UPDATE SET message = excluded.message, owner = excluded.owner, reason = excluded.reason,
       expires_on = excluded.expires_on, accepted_by = excluded.accepted_by, approved_by = excluded.approved_by, accepted_at = excluded.accepted_at`,
  ).run(r.findingKey, r.agentId, r.controlId, r.message, r.owner, r.reason, r.expiresOn, r.acceptedBy, r.approvedBy, r.acceptedAt);
}

export function deleteAcceptedRisk(tx: WriteTx, findingKey: string): boolean {
  const { db } = tx;
  return db.prepare('DELETE FROM accepted_risks WHERE finding_key = ?').run(findingKey).changes > 0;
}
