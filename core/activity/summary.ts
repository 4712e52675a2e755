import { isDestructive } from '../inventory/model';
import type { AnalysedEvent } from './analyse';

/** True for the approvals that satisfy a single or two-person gate: a person said yes. */
export const humanApproved = (a: AnalysedEvent): boolean => a.event.approval?.decision === 'approved' && a.event.approval.by === 'human';
export const isProductionDestructive = (a: AnalysedEvent): boolean =>
  a.environment.tier === 'production' && isDestructive(a.event.actionClass);

export type OutsideGrant = { action: string; actionClass: string; count: number; why: string; eventIds: string[] };

export type AgentActivitySummary = {
  agentId: string | null;
  agentName: string;
  events: number;
  destructiveInProduction: { total: number; approved: number; denied: number; eventIds: string[] };
  denied: number;
  firstSeen: string | null;
  lastSeen: string | null;
  outsideGrants: OutsideGrant[];
};

/** Per agent for the period (unknown actors together, under agentId null). Destructive production counts come first in the doors. */
export function summariseByAgent(
  analysed: readonly AnalysedEvent[],
  period: { from?: string; until?: string } = {},
): AgentActivitySummary[] {
  const byAgent = new Map<string | null, AnalysedEvent[]>();
  for (const a of analysed) {
    const t = a.event.time;
    if (t !== null && ((period.from !== undefined && t < period.from) || (period.until !== undefined && t > period.until))) continue;
    const list = byAgent.get(a.attribution.agentId) ?? [];
    list.push(a);
    byAgent.set(a.attribution.agentId, list);
  }
  return [...byAgent.entries()]
    .map(([agentId, list]) => {
      const prod = list.filter(isProductionDestructive);
      const times = list
        .map((a) => a.event.time)
        .filter((t): t is string => t !== null)
        .sort();
      const outside = new Map<string, OutsideGrant>();
      for (const a of list) {
        if (a.grants.allowed !== false) continue;
        const key = `${a.event.action}\u0000${a.event.actionClass}`;
        const entry = outside.get(key) ?? {
          action: a.event.action,
          actionClass: a.event.actionClass,
          count: 0,
          why: a.grants.why,
          eventIds: [],
        };
        entry.count++;
        entry.eventIds.push(a.event.id);
        outside.set(key, entry);
      }
      return {
        agentId,
        agentName: list[0]?.attribution.agentName ?? 'Unknown actors',
        events: list.length,
        destructiveInProduction: {
          total: prod.length,
          approved: prod.filter(humanApproved).length,
          denied: prod.filter((a) => a.event.outcome === 'denied').length,
          eventIds: prod.map((a) => a.event.id),
        },
        denied: list.filter((a) => a.event.outcome === 'denied').length,
        firstSeen: times[0] ?? null,
        lastSeen: times[times.length - 1] ?? null,
        outsideGrants: [...outside.values()].sort((x, y) => y.count - x.count),
      };
    })
    .sort((x, y) => y.destructiveInProduction.total - x.destructiveInProduction.total || x.agentName.localeCompare(y.agentName));
}
