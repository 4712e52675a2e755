import type { Database } from 'better-sqlite3';
import type { DrillEvidence } from '../../../core/evidence/drill-evidence';

/**
 * A corrective action with `agentId: null` applies to every agent its drill targeted. The seam type
 * does not carry the targets, so they are looked up here (drills' `drill_agents` table, read-only) and
 * the action is expanded to one per agent. Actions of drills without known targets are kept as they are.
 */
export function expandCorrectiveActions(db: Database, ev: DrillEvidence): DrillEvidence {
  if (!ev.openCorrectiveActions.some((a) => a.agentId === null)) return ev;
  const targets = db.prepare('SELECT agent_id AS id FROM drill_agents WHERE drill_id = ? ORDER BY position');
  const expanded = ev.openCorrectiveActions.flatMap((a) => {
    if (a.agentId !== null) return [a];
    const ids = (targets.all(a.drillId) as { id: string }[]).map((r) => r.id);
    return ids.length > 0 ? ids.map((agentId) => ({ ...a, agentId })) : [a];
  });
  return { recoveries: ev.recoveries, openCorrectiveActions: expanded };
}
