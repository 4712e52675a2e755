/**
 * The imported log sources as evidence for the agents' LOG controls (core/activity/log-evidence.ts): read
 * from the per-file, per-agent counts written at import, so a score never scans the events.
 */
import type { Database } from 'better-sqlite3';
import { logEvidenceRecords, type LogEvidenceRecord } from '../../../core/activity/index';
import type { Answer } from '../../../core/scoring/types';
import { logSourceRows } from '../../store/activity/approvals';

export const logEvidenceFor = (db: Database, agentId?: string): LogEvidenceRecord[] => logEvidenceRecords(logSourceRows(db, agentId));

/**
 * The answers with each agent's log sources added to the evidence of its LOG answers (the engine reads only the dates).
 * `agentId`: the answers are that agent's alone (incremental scoring re-reads one agent's).
 */
export function withLogEvidence(db: Database, answers: Answer[], agentId?: string): Answer[] {
  const records = logEvidenceFor(db, agentId);
  if (records.length === 0) return answers;
  const byKey = new Map<string, LogEvidenceRecord[]>();
  for (const r of records) {
    const k = `${r.agentId}\u0000${r.controlId}`;
    (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(r);
  }
  return answers.map((a) => {
    const extra = byKey.get(`${a.agentId}\u0000${a.controlId}`);
    if (!extra) return a;
    return {
      ...a,
      evidence: [
        ...a.evidence,
        ...extra.map((r) => ({ id: r.id, kind: r.kind, label: r.label, evidenceDate: r.evidenceDate, recordedBy: r.recordedBy })),
      ],
    };
  });
}
