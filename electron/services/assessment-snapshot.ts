/**
 * Freezing a finalised assessment (issue 11, section 3): at finalisation the report's sources are
 * read in the same transaction as the scores and stored once, with their SHA-256; a finalised
 * report is built from that copy only after both hashes (snapshot and scores) check out.
 */
import { historyHead } from '../store/history/queries';
import { createHash } from 'node:crypto';
import { AppError } from '../../core/common/errors';
import type { Checklist } from '../../core/checklist/schema';
import { AssessmentSnapshotEnvelope, SNAPSHOT_FORMAT, type AssessmentSnapshot } from '../../core/report/snapshot';
import type { AssessmentSummary } from '../../core/scoring/contract';
import type { WriteTx } from '../store/mutate/index';
import { recordChange } from '../store/mutate/index';
import { getAssessmentSummary } from '../store/scoring/assessments';
import { assessmentResultsSha256, insertAssessmentSnapshot, readAssessmentSnapshot } from '../store/scoring/snapshots';
import type { OpenWorkspace } from '../store/workspaces';
import { liveReportSources } from './report-sources';

type Ws = Pick<OpenWorkspace, 'id' | 'name' | 'db' | 'dir' | 'file'>;
const sha = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The change-history head to freeze with the snapshot. */
function historyHeadFor(ws: Ws): AssessmentSnapshot['historyHead'] {
  // The head before this finalisation's own entry (it is appended at commit).
  const h = historyHead(ws.db);
  return h.head ? { entries: h.count, hash: h.head } : null;
}

/** Snapshots what the just-inserted assessment's report reads; call inside the finalise transaction. Returns the SHA-256. */
export function freezeAssessment(tx: WriteTx, ws: Ws, summary: AssessmentSummary, checklist: Checklist): string {
  const resultsSha256 = assessmentResultsSha256(tx.db, summary.id);
  if (!resultsSha256) throw new Error(`Assessment ${summary.id} was not stored`);
  const snapshot: AssessmentSnapshot = {
    format: SNAPSHOT_FORMAT,
    assessmentId: summary.id,
    title: summary.title,
    finalisedAt: summary.finalisedAt,
    finalisedBy: summary.finalisedBy,
    checklistRef: { id: summary.checklistId, version: summary.checklistVersion },
    resultsSha256,
    historyHead: historyHeadFor(ws),
    sources: liveReportSources(ws, checklist, summary.id, true, tx.now),
  };
  const sha256 = insertAssessmentSnapshot(tx, summary.id, SNAPSHOT_FORMAT, JSON.stringify(snapshot));
  recordChange(tx, {
    entity: 'assessment',
    id: summary.id,
    action: 'create',
    before: null,
    after: {
      title: summary.title,
      finalisedBy: summary.finalisedBy,
      checklist: snapshot.checklistRef,
      snapshotSha256: sha256,
      resultsSha256,
    },
  });
  return sha256;
}

const tampered = (id: string, what: string, stored: string, actual: string): AppError =>
  new AppError(
    'CONFLICT',
    `The frozen ${what} of assessment ${id} fails its SHA-256 check (recorded ${stored.slice(0, 16)}…, now ${actual.slice(0, 16)}…): it was changed outside the app, so no report is produced from it. Restore the workspace from a verified backup.`,
    { details: { assessmentId: id, part: what, recorded: stored, actual } },
  );

/**
 * The frozen snapshot of an assessment, verified; null when the assessment was finalised before
 * snapshots existed. A snapshot or score row that no longer matches its hash is refused, never used.
 */
export function readFrozenAssessment(
  ws: Ws,
  assessmentId: string,
): { snapshot: AssessmentSnapshot; sha256: string; frozenAt: string } | null {
  const stored = readAssessmentSnapshot(ws.db, assessmentId);
  if (!stored) return null;
  if (stored.actualSha256 !== stored.storedSha256) throw tampered(assessmentId, 'snapshot', stored.storedSha256, stored.actualSha256);
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored.json);
  } catch {
    throw tampered(assessmentId, 'snapshot', stored.storedSha256, 'unreadable');
  }
  const envelope = AssessmentSnapshotEnvelope.safeParse(parsed);
  if (!envelope.success)
    throw new AppError('CONFLICT', `The frozen snapshot of assessment ${assessmentId} is not one this version of the app can read.`);
  if (envelope.data.assessmentId !== assessmentId)
    throw new AppError(
      'CONFLICT',
      `The frozen snapshot stored for assessment ${assessmentId} belongs to assessment ${envelope.data.assessmentId}: snapshots were swapped outside the app, so no report is produced from it. Restore the workspace from a verified backup.`,
      { details: { assessmentId, part: 'snapshot', belongsTo: envelope.data.assessmentId } },
    );
  const snapshot = parsed as AssessmentSnapshot;
  // The summary row (title, finalisation time) is what the report's heading shows: it must agree too.
  const summary = getAssessmentSummary(ws.db, assessmentId);
  const heading = `${summary.title}\u0000${summary.finalisedAt}\u0000${summary.finalisedBy}`;
  const frozenHeading = `${snapshot.title}\u0000${snapshot.finalisedAt}\u0000${snapshot.finalisedBy}`;
  if (heading !== frozenHeading) throw tampered(assessmentId, 'summary', sha(frozenHeading), sha(heading));
  const results = assessmentResultsSha256(ws.db, assessmentId) ?? 'missing';
  if (results !== snapshot.resultsSha256) throw tampered(assessmentId, 'scores', snapshot.resultsSha256, results);
  return { snapshot, sha256: stored.storedSha256, frozenAt: stored.createdAt };
}

export type FrozenCheck = { assessmentId: string; status: 'frozen' | 'reconstructed' | 'tampered'; problem: string | null };

/** Checks the frozen record of each assessment (for a verify command or the tamper corpus): what holds and what does not. */
export function checkFrozenAssessments(ws: Ws, ids: string[]): FrozenCheck[] {
  return ids.map((assessmentId) => {
    try {
      return { assessmentId, status: readFrozenAssessment(ws, assessmentId) ? 'frozen' : 'reconstructed', problem: null };
    } catch (err) {
      return { assessmentId, status: 'tampered', problem: (err as Error).message };
    }
  });
}
