/**
 * The behaviour findings of the imported logs (issue 13 section 4), read once per data change and shared by
 * the score and the dashboard. Those with an agent re-open their controls for it: destructive production
 * actions without the approval their gate requires (APR-2), actions outside the declared grants (PRM-2), a
 * credential the logs place in two environments (ENV-1), a gap in an agent's log longer than the review period
 * of LOG-1 or LOG-3 (each control its own), and, once the workspace has imported any log, an agent that can change production
 * with no event in any of them (LOG-1). Unknown actors have no agent to score: the dashboard lists them.
 * Only the events the event rules read are loaded; the others are SQL aggregates, so a 1 M-event workspace
 * scores quickly.
 */
import type { Database } from 'better-sqlite3';
import { activityFindings, productionWriters, RULE_CONTROLS, withAppApprovals, type ActivityRule } from '../../../core/activity/index';
import type { Checklist } from '../../../core/checklist/schema';
import type { InventorySnapshot } from '../../../core/inventory/model';
import type { BehaviourFinding } from '../../../core/scoring/behaviour';
import { listApprovals } from '../../store/activity/approvals';
import { agentsWithLogs, credentialsInTwoEnvironments, hasActivity, logGaps } from '../../store/activity/behaviour-queries';
import { analysedEvents } from '../../store/activity/queries';
import { activeChecklist } from '../../store/scoring/checklists';
import { dataStamp } from '../../store/data-stamp';
import { unknownActorsWithDeleteRights } from './unknown-actors';

/** Used only when the workspace has no active checklist to read the LOG controls' review periods from. */
export const LOG_GAP_FALLBACK_DAYS = 90;
const DAY_MS = 24 * 3600 * 1000;

/**
 * "A log gap longer than the control's period": each control the log-gap rule evidences (LOG-1, LOG-3) with its own
 * review period in the active checklist (built-in: 180 and 90 days), so a longer silence re-opens more controls.
 */
export function logGapPeriods(db: Database): { controlId: string; days: number }[] {
  let checklist: Checklist | null = null;
  try {
    checklist = activeChecklist(db).checklist;
  } catch {
    checklist = null;
  }
  return RULE_CONTROLS['log-gap'].map((controlId) => ({
    controlId,
    days: checklist?.controls.find((c) => c.id === controlId)?.reviewPeriodDays ?? LOG_GAP_FALLBACK_DAYS,
  }));
}

/** The shortest of those periods: the gap the Activity screen's findings report. */
export const logGapMaxMs = (db: Database): number => Math.min(...logGapPeriods(db).map((p) => p.days)) * DAY_MS;

const FROM_EVENTS: ReadonlySet<ActivityRule> = new Set(['unapproved-destructive', 'outside-grants', 'unknown-actor-production-delete']);

/** One behaviour finding as the score and the dashboard show it: the message names the first events behind it. */
export type BehaviourItem = {
  rule: ActivityRule;
  agentId: string | null;
  controls: readonly string[];
  message: string;
  eventIds: string[];
};

const ids = (list: readonly string[]): string => `events ${list.slice(0, 5).join(', ')}${list.length > 5 ? ', …' : ''}`;
const item = (rule: ActivityRule, agentId: string | null, message: string, eventIds: readonly string[]): BehaviourItem => ({
  rule,
  agentId,
  controls: RULE_CONTROLS[rule],
  message: eventIds.length > 0 ? `${message} (${ids(eventIds)})` : message,
  eventIds: eventIds.slice(0, 1000),
});

function compute(db: Database, inventory: InventorySnapshot): BehaviourItem[] {
  // A workspace that never imported a log is judged by the LOG answers alone.
  if (!hasActivity(db)) return [];
  const gates = new Map(inventory.grants.map((g) => [g.id, g.approvalGate]));
  // Approvals a person recorded in the app count where the log itself records none (matched by time and target).
  const analysed = withAppApprovals(analysedEvents(db, {}, true, gates), listApprovals(db));
  const out = activityFindings(analysed, inventory)
    .filter((f) => FROM_EVENTS.has(f.rule))
    .map((f) => item(f.rule, f.agentId, f.agentId === null ? `${f.title}: ${f.why}` : f.title, f.eventIds));
  out.push(...unknownActorsWithDeleteRights(db).map((u) => item('unknown-actor-delete-rights', null, u.message, u.eventIds)));

  const known = new Set(inventory.agents.map((a) => a.id));
  for (const c of credentialsInTwoEnvironments(db))
    if (c.agentId !== null && known.has(c.agentId)) {
      const label = c.credential.startsWith('hmac-sha256:') ? `fingerprint ${c.credential.slice(12, 20)}…` : c.credential;
      out.push(
        item('credential-two-environments', c.agentId, `One credential used in ${c.environments.join(' and ')}: ${label}`, c.eventIds),
      );
    }

  for (const { controlId, days } of logGapPeriods(db))
    for (const g of logGaps(db, days * DAY_MS))
      if (known.has(g.agentId))
        out.push({
          ...item(
            'log-gap',
            g.agentId,
            `${g.agentName}: no log events for ${Math.floor((Date.parse(g.until) - Date.parse(g.from)) / DAY_MS)} days, from ${g.from} to ${g.until}, longer than the review period of ${controlId} (${days} days)`,
            g.eventIds,
          ),
          controls: [controlId],
        });

  const logged = agentsWithLogs(db);
  const writers = productionWriters(inventory);
  for (const agent of inventory.agents)
    if (writers.has(agent.id) && !logged.has(agent.id))
      out.push(
        item(
          'no-log-source',
          agent.id,
          `${agent.name}: no log source (it can change production, and no imported log has an event of it)`,
          [],
        ),
      );
  return out;
}

/** Per connection, the list for the data as it is (the score and the dashboard read it in turn). */
const cache = new WeakMap<Database, { key: string; items: BehaviourItem[] }>();

export function behaviourItems(db: Database, inventory: InventorySnapshot): BehaviourItem[] {
  const key = dataStamp(db);
  const hit = cache.get(db);
  if (hit?.key === key) return hit.items;
  const items = compute(db, inventory);
  cache.set(db, { key, items });
  return items;
}

/** The findings that enter the score: those of an inventory agent. */
export function behaviourFindingsFor(db: Database, inventory: InventorySnapshot): BehaviourFinding[] {
  const known = new Set(inventory.agents.map((a) => a.id));
  return behaviourItems(db, inventory)
    .filter((f): f is BehaviourItem & { agentId: string } => f.agentId !== null && known.has(f.agentId))
    .map((f) => ({ ruleId: `activity-${f.rule}`, agentId: f.agentId, controlIds: f.controls, message: f.message }));
}
