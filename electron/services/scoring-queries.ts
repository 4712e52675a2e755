/**
 * Read side of scoring, for any service that needs scores (dashboard, assessments, reports in issue 5).
 * Everything is computed on demand by the pure engine from the workspace's current data.
 */
import { behaviourFindingsFor } from './activity/scoring-findings';
import type { DrillEvidence } from '../../core/evidence/drill-evidence';
import type { Checklist } from '../../core/checklist/schema';
import { scoreWorkspace } from '../../core/scoring/engine';
import { isoDay } from '../../core/scoring/dates';
import type { ScoringInput, WorkspaceScores } from '../../core/scoring/types';
import { readDrillEvidence } from '../store/drills/evidence';
import { expandCorrectiveActions } from '../store/scoring/drill-targets';
import { readInventory } from '../store/inventory/snapshot';
import { readAcceptedRisks } from '../store/scoring/answers';
import { readAnswersFor } from '../store/scoring/control-hashes';
import { readGrantApprovalRecords } from '../store/approvals/grants';
import { activeChecklist, ensureChecklist } from '../store/scoring/checklists';
import type { OpenWorkspace } from '../store/workspaces';
import { dataStamp as stampOf } from '../store/data-stamp';
import { readSnapshot } from '../store/mutate/index';
import { discoveryEvidenceFor } from './discovery-evidence';
import { withLogEvidence } from './activity/log-evidence';

/** The single call site for drill evidence (issue 4): recoveries and open corrective actions. */
export function drillEvidenceFor(ws: OpenWorkspace): DrillEvidence {
  return expandCorrectiveActions(ws.db, readDrillEvidence(ws.db));
}

/** Everything the engine needs, read in one transaction so the picture is consistent. */
export function scoringInputFor(ws: OpenWorkspace, now: Date, checklist?: Checklist): ScoringInput {
  ensureChecklist(ws.db, now);
  return readSnapshot(ws.db, () => {
    const cl = checklist ?? activeChecklist(ws.db).checklist;
    const inventory = readInventory(ws.db);
    return {
      checklist: cl,
      inventory,
      behaviourFindings: behaviourFindingsFor(ws.db, inventory),
      drillEvidence: drillEvidenceFor(ws),
      // Only answers given to this checklist, or carried over unchanged from an earlier version of it (issue 11).
      // An imported log of the agent is evidence for its LOG answers (dated by its last event, so it decays).
      answers: withLogEvidence(
        ws.db,
        readAnswersFor(ws.db, cl).inForce.map(({ checklistVersion: _v, checklistId: _id, ...a }) => a),
      ),
      acceptedRisks: readAcceptedRisks(ws.db).map(({ message: _m, ...r }) => r),
      asOf: isoDay(now),
      grantApprovals: readGrantApprovalRecords(ws.db),
      discovery: discoveryEvidenceFor(ws.db, now),
    };
  });
}

/**
 * Scores for every agent of a workspace against its active checklist, as of `now` (default: today),
 * with workspace and workflow roll-ups and the top risks. Plain data; safe to serialise.
 */
export function computeWorkspaceScores(ws: OpenWorkspace, now: Date = new Date(), opts: { topRisks?: number } = {}): WorkspaceScores {
  // Cache per connection: every write in this process goes through this connection (total_changes),
  // and data_version moves when another connection commits. Same day + same data = same scores.
  const key = `${dataStamp(ws)}|${isoDay(now)}|${opts.topRisks ?? 10}`;
  const hit = cache.get(ws.db);
  if (hit && hit.key === key) return hit.scores;
  const scores = scoreWorkspace(scoringInputFor(ws, now), opts);
  cache.set(ws.db, { key: `${dataStamp(ws)}|${isoDay(now)}|${opts.topRisks ?? 10}`, scores });
  return scores;
}

const cache = new WeakMap<OpenWorkspace['db'], { key: string; scores: WorkspaceScores }>();

const dataStamp = (ws: OpenWorkspace): string => stampOf(ws.db);
