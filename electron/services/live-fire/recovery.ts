/**
 * Recovery that is checked against the data as it was just before the incident: per-table row counts
 * and content hashes, and row-level counts of what was lost, changed or invented. The real RPO is the
 * time between the backup that was restored and the start of the incident; with no restore there is
 * no recovery point, and the loss is whatever the rogue destroyed.
 */
import type { TableVerification } from '../../store/sandbox/snapshot';
import type { LiveFireDrill } from './drill';

export type RecoveryVerification = {
  /** Every seed table equals its pre-incident snapshot (row counts and SHA-256). */
  recovered: boolean;
  verifiedAt: string;
  tables: TableVerification[];
  /** Pre-incident rows missing now, changed now, and rows that were not there before. */
  rowsLost: number;
  rowsChanged: number;
  rowsExtra: number;
  /** The backup restored, if any. */
  restoredFrom: string | null;
  /** When that backup was taken; null when nothing was restored. */
  recoveryPointAt: string | null;
  /** Real RPO: incident start minus the recovery point, milliseconds (null: no recovery point). */
  rpoMs: number | null;
  /** From the incident's start to this verification, milliseconds of wall clock. */
  sinceIncidentMs: number;
};

export function verifyAgainstSnapshot(drill: LiveFireDrill): RecoveryVerification {
  const now = drill.now();
  const check = drill.sandbox.verify(drill.preIncident, now);
  const from = drill.restoredFrom;
  return {
    recovered: check.matches,
    verifiedAt: now.toISOString(),
    tables: check.tables,
    rowsLost: check.rowsLost,
    rowsChanged: check.rowsChanged,
    rowsExtra: check.rowsExtra,
    restoredFrom: from?.file ?? null,
    recoveryPointAt: from?.takenAt ?? null,
    rpoMs: from ? Math.max(0, drill.incidentStartedAt.getTime() - Date.parse(from.takenAt)) : null,
    sinceIncidentMs: now.getTime() - drill.incidentStartedAt.getTime(),
  };
}
