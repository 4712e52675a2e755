/**
 * Drill outcomes as evidence for scoring (issue 3). Plain data, see core/evidence/drill-evidence.ts.
 */
import type { Database } from 'better-sqlite3';
import type { DrillEvidence, OpenCorrectiveAction, RecoveryEvidence } from '../../../core/evidence/drill-evidence';
import { listCorrectiveActions } from './aar';
import { listDrills } from './records';

/**
 * Reads the workspace's drill evidence:
 * - one RecoveryEvidence per target agent of every completed drill that reached Recovered
 *   ("rollback exercised on DATE, TTR measured"); TTR/TTC are scenario-clock milliseconds
 *   (measured un-paused time x time scale; equal to real time at scale 1);
 * - every corrective action still open (drafts included: an AAR need not be signed off for its
 *   actions to re-open the controls they name).
 */
export function readDrillEvidence(db: Database): DrillEvidence {
  return db.transaction(() => {
    const recoveries: RecoveryEvidence[] = [];
    for (const d of listDrills(db, { statuses: ['completed'] })) {
      const m = d.frozenMeasures;
      if (!m?.ttr || !d.summary.completedAt) continue;
      for (const a of d.summary.agents) {
        recoveries.push({
          drillId: d.summary.id,
          agentId: a.id,
          scenarioId: d.summary.scenarioId,
          exercisedOn: d.summary.completedAt.slice(0, 10),
          ttrMs: Math.round(m.ttr.scenarioMs),
          ttcMs: m.ttc ? Math.round(m.ttc.scenarioMs) : null,
        });
      }
    }
    const openCorrectiveActions: OpenCorrectiveAction[] = listCorrectiveActions(db, { status: 'open' }).map((a) => ({
      correctiveActionId: a.id,
      drillId: a.drillId,
      agentId: a.agentId,
      controlIds: a.controlIds,
      title: a.title,
      owner: a.owner,
      dueDate: a.dueDate,
    }));
    return { recoveries, openCorrectiveActions };
  })();
}
