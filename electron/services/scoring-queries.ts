/**
 * Read side of scoring, for any service that needs scores (dashboard, assessments, reports in issue 5).
 * Everything is computed on demand by the pure engine from the workspace's current data.
 */
import { behaviourFindingsFor } from './activity/scoring-findings';
import type { DrillEvidence } from '../../core/evidence/drill-evidence';
import type { Checklist } from '../../core/checklist/schema';
import { scoreWorkspaceRun, type RunResult } from '../../core/scoring/engine';
import { IncrementalScores } from '../../core/scoring/incremental';
import { asAnswer, patchFor } from './scoring-live';
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
import { changesSince, readSnapshot, type CommittedRow } from '../store/mutate/index';
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
      answers: withLogEvidence(ws.db, readAnswersFor(ws.db, cl).inForce.map(asAnswer)),
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
  const day = isoDay(now);
  const limit = opts.topRisks ?? 10;
  const hit = cache.get(ws.db);
  if (hit && hit.day === day && hit.limit === limit) {
    const since = changesSince(ws.db, hit.stamp);
    if (since && since.rows.length === 0) return hit.scores;
    // Only the agents the journal's rows touch are scored again (issue 16).
    const updated = since ? incrementally(ws, hit, since.rows, now) : null;
    if (updated) {
      tally(ws).incremental++;
      scoresDerived.set(updated, { from: hit.scores, rows: hit.lastRows });
      hit.scores = updated;
      hit.stamp = since!.stamp;
      return updated;
    }
  }
  tally(ws).full++;
  const stamp = dataStamp(ws);
  const input = scoringInputFor(ws, now);
  const run = scoreWorkspaceRun(input, opts);
  cache.set(ws.db, { stamp, day, limit, input, run, live: null, scores: run.scores, lastRows: [] });
  return run.scores;
}

type Live = {
  stamp: string;
  day: string;
  limit: number;
  input: ScoringInput;
  run: RunResult | null;
  /** Built on the first edit after a full run (its indexes cost a few ms that a read-only session never pays). */
  live: IncrementalScores | null;
  scores: WorkspaceScores;
  /** Rows the last update re-scored. */
  lastRows: number[];
};

function incrementally(ws: OpenWorkspace, hit: Live, rows: CommittedRow[], now: Date): WorkspaceScores | null {
  const patch = readSnapshot(ws.db, () => patchFor(ws, hit.input, rows, now));
  if (!patch) return null;
  if (!hit.live) {
    hit.live = new IncrementalScores(hit.input, hit.run!, hit.limit);
    hit.run = null;
  }
  const after = hit.live.apply(patch);
  if (!after) return null;
  hit.lastRows = hit.live.lastRows;
  return after;
}

const cache = new WeakMap<OpenWorkspace['db'], Live>();

/** How often this connection's scores were computed in full and updated by delta (tests and the bench read it). */
export function scoringCounts(ws: OpenWorkspace): { full: number; incremental: number } {
  return { ...tally(ws) };
}
const counts = new WeakMap<OpenWorkspace['db'], { full: number; incremental: number }>();
const tally = (ws: OpenWorkspace) => {
  let c = counts.get(ws.db);
  if (!c) counts.set(ws.db, (c = { full: 0, incremental: 0 }));
  return c;
};

/** A scores object made from an earlier one by re-scoring `rows` (score-agents.ts updates its sorted table instead of sorting again). */
export const scoresDerived = new WeakMap<WorkspaceScores, { from: WorkspaceScores; rows: number[] }>();

const dataStamp = (ws: OpenWorkspace): string => stampOf(ws.db);
