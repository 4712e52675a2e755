import { z } from 'zod';
import type { Checklist } from '../checklist/schema';
import type { InventorySnapshot } from '../inventory/model';
import type { AnswerValue, EvidenceKind } from '../scoring/types';
import type { ReportAction, ReportDrill, ReportHistoryPoint } from './input';

/**
 * What a report reads besides the scores (issue 11, section 3). A draft reads it live; finalising an
 * assessment stores it once as an immutable JSON document (migration 006), and that assessment's
 * report is then built from the stored copy, so it cannot change whatever happens afterwards.
 */
export type ReportAnswer = { agentId: string; controlId: string; value: AnswerValue; by: string; at: string };
export type SnapshotEvidence = {
  id: string;
  agentId: string;
  controlId: string;
  kind: EvidenceKind;
  label: string;
  url: string | null;
  fileName: string | null;
  fileSize: number | null;
  /** Where the copy lives in the workspace folder (files only): what a retention rule must keep. */
  storedName: string | null;
  /** SHA-256 of the file recorded at upload (files only). */
  sha256: string | null;
  /** What hashing the stored copy found when the snapshot was taken (files only). */
  check: 'intact' | 'altered' | 'missing' | null;
  evidenceDate: string;
  recordedBy: string;
  recordedAt: string;
};

export type ReportSources = {
  /** The checklist the scores were computed against (titles and framework mappings). */
  checklist: Checklist | null;
  inventory: InventorySnapshot;
  answers: ReportAnswer[];
  evidence: SnapshotEvidence[];
  drills: ReportDrill[];
  /** Every corrective action, whatever its status. */
  actions: ReportAction[];
  /** Earlier finalised assessments for the trend. */
  history: ReportHistoryPoint[];
};

export const SNAPSHOT_FORMAT = 'agent-readiness/assessment-snapshot@1';

export type AssessmentSnapshot = {
  format: typeof SNAPSHOT_FORMAT;
  assessmentId: string;
  title: string;
  finalisedAt: string;
  finalisedBy: string;
  checklistRef: { id: string; version: string };
  /** SHA-256 of the assessment's stored results, so a swapped score row is caught too. */
  resultsSha256: string;
  /** The change-history head when the assessment was finalised (null before the history existed). */
  historyHead: { entries: number; hash: string } | null;
  sources: ReportSources;
};

/**
 * The envelope of a stored snapshot, checked when it is read back (its SHA-256 has already been
 * compared by then; this catches a document of another format or version).
 */
export const AssessmentSnapshotEnvelope = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  assessmentId: z.string().min(1),
  title: z.string(),
  finalisedAt: z.string().min(1),
  finalisedBy: z.string(),
  checklistRef: z.object({ id: z.string(), version: z.string() }),
  resultsSha256: z.string().regex(/^[0-9a-f]{64}$/),
  historyHead: z.object({ entries: z.number().int().min(0), hash: z.string() }).nullable(),
  sources: z.object({
    checklist: z.unknown(),
    inventory: z.object({
      workflows: z.array(z.unknown()),
      agents: z.array(z.unknown()),
      systems: z.array(z.unknown()),
      environments: z.array(z.unknown()),
      grants: z.array(z.unknown()),
    }),
    answers: z.array(z.unknown()),
    evidence: z.array(z.unknown()),
    drills: z.array(z.unknown()),
    actions: z.array(z.unknown()),
    history: z.array(z.unknown()),
  }),
});
