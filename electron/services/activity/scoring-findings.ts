/**
 * The behaviour findings that enter the score (issue 13 section 4): for each agent, destructive production
 * actions without the approval their gate requires, and actions outside the declared grants, from the
 * imported activity logs. Only the events those rules read are loaded (not the whole log).
 */
import type { Database } from 'better-sqlite3';
import { activityFindings, withAppApprovals, type ActivityRule } from '../../../core/activity/index';
import type { InventorySnapshot } from '../../../core/inventory/model';
import type { BehaviourFinding } from '../../../core/scoring/behaviour';
import { listApprovals } from '../../store/activity/approvals';
import { analysedEvents } from '../../store/activity/queries';

/**
 * "no log source" and gaps are left to the LOG controls' own answers for now: every production agent of a
 * workspace that never imported a log would otherwise lose LOG-1 at once.
 */
const SCORED: ReadonlySet<ActivityRule> = new Set(['unapproved-destructive', 'outside-grants']);

export function behaviourFindingsFor(db: Database, inventory: InventorySnapshot): BehaviourFinding[] {
  const gates = new Map(inventory.grants.map((g) => [g.id, g.approvalGate]));
  // Approvals a person recorded in the app count where the log itself records none (matched by time and target).
  const analysed = withAppApprovals(analysedEvents(db, {}, true, gates), listApprovals(db));
  if (analysed.length === 0) return [];
  return activityFindings(analysed, inventory)
    .filter((f) => SCORED.has(f.rule) && f.agentId !== null)
    .map((f) => ({
      ruleId: `activity-${f.rule}`,
      agentId: f.agentId ?? '',
      controlIds: f.controls,
      message: `${f.title} (events ${f.eventIds.slice(0, 5).join(', ')}${f.eventIds.length > 5 ? ', …' : ''})`,
    }));
}
