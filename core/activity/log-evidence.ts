/**
 * An accepted log source is evidence for its LOG controls (issue 13, section 4): which file, the period it
 * covers for the agent, how many of the agent's events it holds and the file's SHA-256. It is dated by the
 * last event it holds, so it decays like any other evidence: a log that ends 200 days ago no longer keeps
 * LOG-1's "yes" fresh. Derived from the stored source rows at read time, never written as an answer's
 * evidence, so it disappears with nothing to clean up and cannot be edited.
 */

/** The controls a log of the agent's actions is evidence for: "every tool call logged" and "reviewable quickly". */
export const LOG_EVIDENCE_CONTROLS = ['LOG-1', 'LOG-3'] as const;

export type LogSourceRow = {
  agentId: string;
  sourceId: string;
  path: string;
  format: string;
  sha256: string;
  eventCount: number;
  periodFrom: string | null;
  periodUntil: string | null;
  importedAt: string;
  importedBy: string;
};

/** The evidence record's shape (core/scoring/contract EvidenceRecord). */
export type LogEvidenceRecord = {
  id: string;
  agentId: string;
  controlId: string;
  kind: 'note';
  label: string;
  url: null;
  fileName: null;
  fileSize: null;
  evidenceDate: string;
  recordedBy: string;
  recordedAt: string;
};

export const LOG_EVIDENCE_PREFIX = 'activity-log:';
export const isLogEvidenceId = (id: string): boolean => id.startsWith(LOG_EVIDENCE_PREFIX);

const day = (iso: string): string => iso.slice(0, 10);

export function logEvidenceRecords(rows: readonly LogSourceRow[]): LogEvidenceRecord[] {
  const out: LogEvidenceRecord[] = [];
  for (const r of rows) {
    const period = r.periodFrom && r.periodUntil ? `${r.periodFrom} to ${r.periodUntil}` : 'no event times';
    const label = `Activity log ${r.path} (${r.format}): ${r.eventCount} event(s) of this agent, ${period}, SHA-256 ${r.sha256}`;
    for (const controlId of LOG_EVIDENCE_CONTROLS)
      out.push({
        id: `${LOG_EVIDENCE_PREFIX}${r.sourceId}:${controlId}`,
        agentId: r.agentId,
        controlId,
        kind: 'note',
        label,
        url: null,
        fileName: null,
        fileSize: null,
        // The evidence is as old as the newest event it shows, not the day it was imported.
        evidenceDate: day(r.periodUntil ?? r.importedAt),
        recordedBy: `activity import (${r.importedBy})`,
        recordedAt: r.importedAt,
      });
  }
  return out;
}
