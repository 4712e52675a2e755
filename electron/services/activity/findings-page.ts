/**
 * The Activity screen's findings (issue 13 §4) with the events behind each one paged: the list sends each finding's
 * count and its first EVENT_IDS_SHOWN event ids, and `findingEvents` serves any page of one finding's events by its
 * key. A finding over a million events never puts a million ids on the bridge.
 */
import type { Database } from 'better-sqlite3';
import { activityFindings, RULE_CONTROLS, rowsWithAppApprovals, withAppApprovals, type ActivityRule } from '../../../core/activity/index';
import { EVENT_IDS_SHOWN, type ActivityFindingOut, type TimelineEvent } from '../../../core/activity/contract';
import { AppError } from '../../../core/common/errors';
import { listApprovals } from '../../store/activity/approvals';
import { analysedEvents, eventsByIds } from '../../store/activity/queries';
import { readInventory } from '../../store/inventory/snapshot';
import { readSnapshot } from '../../store/mutate/index';
import { logGapMaxMs } from './scoring-findings';
import { unknownActorsWithDeleteRights } from './unknown-actors';

type Period = { from?: string; until?: string };
type FullFinding = {
  key: string;
  rule: ActivityRule;
  controls: string[];
  agentId: string | null;
  title: string;
  why: string;
  eventIds: string[];
};

/** Every finding of the period with all its event ids, each keyed by rule, agent and its place among that agent's findings of the rule. */
function allFindings(db: Database, period: Period, now: Date): FullFinding[] {
  const { analysed, inventory } = readSnapshot(db, () => {
    const inv = readInventory(db);
    const gates = new Map(inv.grants.map((g) => [g.id, g.approvalGate]));
    return { analysed: withAppApprovals(analysedEvents(db, period, false, gates), listApprovals(db)), inventory: inv };
  });
  const reviewed = period.from !== undefined ? { from: period.from, until: period.until ?? now.toISOString() } : undefined;
  const found = [
    ...activityFindings(analysed, inventory, reviewed ? { maxGapMs: logGapMaxMs(db), period: reviewed } : {}),
    ...unknownActorsWithDeleteRights(db).map((u) => ({
      rule: 'unknown-actor-delete-rights' as const,
      controls: RULE_CONTROLS['unknown-actor-delete-rights'],
      agentId: null,
      title: `Unknown actor ${u.actor} holds production delete rights`,
      why: u.message,
      eventIds: u.eventIds,
    })),
  ];
  const seen = new Map<string, number>();
  return found.map((f) => {
    const base = `${f.rule}:${f.agentId ?? '-'}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { ...f, controls: [...f.controls], key: `${base}:${n}` };
  });
}

export function listFindings(db: Database, period: Period, now: Date): ActivityFindingOut[] {
  return allFindings(db, period, now).map((f) => ({ ...f, eventCount: f.eventIds.length, eventIds: f.eventIds.slice(0, EVENT_IDS_SHOWN) }));
}

/** One page of a finding's events, in the finding's order (time, then import order). */
export function findingEvents(
  db: Database,
  period: Period,
  now: Date,
  q: { key: string; offset: number; limit: number },
): { total: number; events: TimelineEvent[] } {
  const finding = allFindings(db, period, now).find((f) => f.key === q.key);
  if (finding === undefined)
    throw new AppError('NOT_FOUND', 'That finding is no longer there (the activity or the inventory changed); reload the findings', {
      details: { key: q.key },
    });
  const ids = finding.eventIds.slice(q.offset, q.offset + q.limit);
  return {
    total: finding.eventIds.length,
    events: readSnapshot(db, () => rowsWithAppApprovals(eventsByIds(db, ids), listApprovals(db))),
  };
}
