/**
 * Drill outcomes as evidence for scoring (issue 3). Plain data, see core/evidence/drill-evidence.ts.
 */
import type { Database } from 'better-sqlite3';
import type { DrillMeasures } from '../../../core/drills/measures';
import type { DrillEvidence, OpenCorrectiveAction, RecoveryEvidence } from '../../../core/evidence/drill-evidence';
import { ACTIVE_STATUSES } from '../../../core/actions/model';
import { listAllCorrectiveActions } from '../actions/queries';
import { listCorrectiveActions } from './aar';

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
    // One read of what the evidence needs (not the scenarios: at 1k drills, parsing them was most of the cost).
    const rows = db
      .prepare(
        `SELECT d.id, d.scenario_id, d.completed_at, d.measures_json, a.agent_id
         FROM drills d JOIN drill_agents a ON a.drill_id = d.id
         WHERE d.status = 'completed'
         ORDER BY d.created_at DESC, d.id, a.position`,
      )
      .all() as { id: string; scenario_id: string; completed_at: string | null; measures_json: string | null; agent_id: string }[];
    let drillId = '';
    let m: DrillMeasures | null = null;
    for (const r of rows) {
      if (r.id !== drillId) {
        drillId = r.id;
        m = r.measures_json ? (JSON.parse(r.measures_json) as DrillMeasures) : null;
      }
      if (!m?.ttr || !r.completed_at) continue;
      recoveries.push({
        drillId: r.id,
        agentId: r.agent_id,
        scenarioId: r.scenario_id,
        exercisedOn: r.completed_at.slice(0, 10),
        ttrMs: Math.round(m.ttr.scenarioMs),
        ttcMs: m.ttc ? Math.round(m.ttc.scenarioMs) : null,
      });
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
    // The tracker's own actions (from assessments, or added by hand), one per agent they name: the
    // engine makes them findings once overdue on a critical control.
    for (const a of listAllCorrectiveActions(db)) {
      if (a.source === 'drill' || !ACTIVE_STATUSES.includes(a.status)) continue;
      for (const agentId of a.agentIds)
        openCorrectiveActions.push({
          correctiveActionId: a.id,
          drillId: null,
          origin: a.source,
          agentId,
          controlIds: a.controlIds,
          title: a.title,
          owner: a.owner,
          dueDate: a.dueDate,
        });
    }
    return { recoveries, openCorrectiveActions };
  })();
}
