import type { ActivityEvent, Approval } from './model';

const approvalRank = (a: Approval | null): number => (a === null ? 0 : a.by === 'human' ? 3 : a.by === 'machine' ? 2 : 1);

/**
 * One action seen in several files (Claude Code telemetry and its transcript share tool_use_id; a
 * trail file and lookup-events share eventID) becomes one event. The first seen is kept, with the
 * strongest approval any copy recorded and a known outcome over 'unknown'. Events without a
 * correlation id are kept as they are. Order is preserved.
 */
export function mergeDuplicates(events: readonly ActivityEvent[]): ActivityEvent[] {
  const out: ActivityEvent[] = [];
  const at = new Map<string, number>();
  for (const event of events) {
    const key = event.correlation;
    const index = key === null ? undefined : at.get(key);
    if (key === null || index === undefined) {
      if (key !== null) at.set(key, out.length);
      out.push(event);
      continue;
    }
    const kept = out[index];
    if (!kept) continue;
    out[index] = {
      ...kept,
      approval: approvalRank(event.approval) > approvalRank(kept.approval) ? event.approval : kept.approval,
      ...(kept.outcome === 'unknown' && event.outcome !== 'unknown' ? { outcome: event.outcome, outcomeWhy: event.outcomeWhy } : {}),
      target: kept.target ?? event.target,
      time: kept.time ?? event.time,
    };
  }
  return out;
}
