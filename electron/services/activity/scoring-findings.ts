/**
 * The behaviour findings that enter the score (issue 13 section 4), each re-opening its controls for its
 * agent: destructive production actions without the approval their gate requires (APR-2), actions outside
 * the declared grants (PRM-2), a credential the logs place in two environments (ENV-1), a gap in an
 * agent's log longer than the allowed period (LOG-1, LOG-3), and, once the workspace has imported any
 * log, an agent that can change production with no event in any of them (LOG-1). Only the events the
 * first two rules read are loaded; the others are SQL aggregates, so a 1 M-event workspace scores quickly.
 */
import type { Database } from 'better-sqlite3';
import { activityFindings, RULE_CONTROLS, withAppApprovals, type ActivityRule } from '../../../core/activity/index';
import { isStateChanging, type InventorySnapshot } from '../../../core/inventory/model';
import type { BehaviourFinding } from '../../../core/scoring/behaviour';
import { listApprovals } from '../../store/activity/approvals';
import { agentsWithLogs, credentialsInTwoEnvironments, hasActivity, logGaps } from '../../store/activity/behaviour-queries';
import { analysedEvents } from '../../store/activity/queries';

/** A gap between two events of one agent longer than this is a log-gap finding (LOG-1, LOG-3): a week. */
export const LOG_GAP_MAX_MS = 7 * 24 * 3600 * 1000;

const FROM_EVENTS: ReadonlySet<ActivityRule> = new Set(['unapproved-destructive', 'outside-grants']);

const ids = (list: readonly string[]): string => `events ${list.slice(0, 5).join(', ')}${list.length > 5 ? ', …' : ''}`;
const make = (rule: ActivityRule, agentId: string, message: string): BehaviourFinding => ({
  ruleId: `activity-${rule}`,
  agentId,
  controlIds: RULE_CONTROLS[rule],
  message,
});
const hours = (ms: number): string => `${Math.round(ms / 36e5)} h`;

export function behaviourFindingsFor(db: Database, inventory: InventorySnapshot): BehaviourFinding[] {
  // A workspace that never imported a log is judged by the LOG answers alone.
  if (!hasActivity(db)) return [];
  const gates = new Map(inventory.grants.map((g) => [g.id, g.approvalGate]));
  // Approvals a person recorded in the app count where the log itself records none (matched by time and target).
  const analysed = withAppApprovals(analysedEvents(db, {}, true, gates), listApprovals(db));
  const out = activityFindings(analysed, inventory)
    .filter((f) => FROM_EVENTS.has(f.rule) && f.agentId !== null)
    .map((f) => make(f.rule, f.agentId ?? '', `${f.title} (${ids(f.eventIds)})`));

  const known = new Set(inventory.agents.map((a) => a.id));
  for (const c of credentialsInTwoEnvironments(db))
    if (c.agentId !== null && known.has(c.agentId)) {
      const label = c.credential.startsWith('hmac-sha256:') ? `fingerprint ${c.credential.slice(12, 20)}…` : c.credential;
      out.push(
        make(
          'credential-two-environments',
          c.agentId,
          `One credential used in ${c.environments.join(' and ')}: ${label} (${ids(c.eventIds)})`,
        ),
      );
    }

  for (const g of logGaps(db, LOG_GAP_MAX_MS))
    if (known.has(g.agentId))
      out.push(
        make(
          'log-gap',
          g.agentId,
          `${g.agentName}: no log events for ${hours(Date.parse(g.until) - Date.parse(g.from))}, from ${g.from} to ${g.until}, longer than the ${hours(LOG_GAP_MAX_MS)} allowed (${ids(g.eventIds)})`,
        ),
      );

  const logged = agentsWithLogs(db);
  const envTier = new Map(inventory.environments.map((e) => [e.id, e.tier]));
  for (const agent of inventory.agents) {
    const prodWrite = inventory.grants.some(
      (g) => g.agentId === agent.id && envTier.get(g.environmentId) === 'production' && g.actions.some(isStateChanging),
    );
    if (prodWrite && !logged.has(agent.id))
      out.push(
        make('no-log-source', agent.id, `${agent.name}: no log source (it can change production, and no imported log has an event of it)`),
      );
  }
  return out;
}
