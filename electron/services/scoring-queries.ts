/**
 * Read side of scoring, for any service that needs scores (dashboard, assessments, reports in issue 5).
 * Everything is computed on demand by the pure engine from the workspace's current data.
 */
import type { DrillEvidence } from '../../core/evidence/drill-evidence';
import type { Checklist } from '../../core/checklist/schema';
import { scoreWorkspace } from '../../core/scoring/engine';
import { isoDay } from '../../core/scoring/dates';
import type { ScoringInput, WorkspaceScores } from '../../core/scoring/types';
import { readInventory } from '../store/inventory/snapshot';
import { readAcceptedRisks, readAnswers } from '../store/scoring/answers';
import { activeChecklist, ensureChecklist } from '../store/scoring/checklists';
import type { OpenWorkspace } from '../store/workspaces';

const NO_DRILL_EVIDENCE: DrillEvidence = { recoveries: [], openCorrectiveActions: [] };

/**
 * THE single call site for drill evidence (issue 4). Replace the body with
 * `return readDrillEvidence(db)` from '../store/drills/evidence' once the drills store exports it.
 */
export function drillEvidenceFor(_ws: OpenWorkspace): DrillEvidence {
  return NO_DRILL_EVIDENCE;
}

/** Everything the engine needs, read in one transaction so the picture is consistent. */
export function scoringInputFor(ws: OpenWorkspace, now: Date, checklist?: Checklist): ScoringInput {
  ensureChecklist(ws.db, now);
  return ws.db.transaction(() => ({
    checklist: checklist ?? activeChecklist(ws.db).checklist,
    inventory: readInventory(ws.db),
    drillEvidence: drillEvidenceFor(ws),
    answers: readAnswers(ws.db).map(({ checklistVersion: _v, ...a }) => a),
    acceptedRisks: readAcceptedRisks(ws.db).map(({ message: _m, ...r }) => r),
    asOf: isoDay(now),
  }))();
}

/**
 * Scores for every agent of a workspace against its active checklist, as of `now` (default: today),
 * with workspace and workflow roll-ups and the top risks. Plain data; safe to serialise.
 */
export function computeWorkspaceScores(ws: OpenWorkspace, now: Date = new Date(), opts: { topRisks?: number } = {}): WorkspaceScores {
  return scoreWorkspace(scoringInputFor(ws, now), opts);
}
