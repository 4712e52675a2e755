import { type InventorySnapshot, isStateChanging } from '../inventory/model';
import type { AnalysedEvent } from './analyse';
import { humanApproved, isProductionDestructive } from './summary';

export const ACTIVITY_RULES = [
  'unapproved-destructive',
  'outside-grants',
  'no-log-source',
  'log-gap',
  'credential-two-environments',
  'unknown-actor-production-delete',
] as const;
export type ActivityRule = (typeof ACTIVITY_RULES)[number];

/** The checklist controls each rule evidences (core/checklist/builtin.ts areas LOG, APR, PRM, ENV). */
export const RULE_CONTROLS: Record<ActivityRule, readonly string[]> = {
  'unapproved-destructive': ['APR-2'],
  'outside-grants': ['PRM-2'],
  'no-log-source': ['LOG-1'],
  'log-gap': ['LOG-1', 'LOG-3'],
  'credential-two-environments': ['ENV-1'],
  'unknown-actor-production-delete': ['PRM-1', 'APR-2'],
};

export type ActivityFinding = {
  rule: ActivityRule;
  controls: readonly string[];
  agentId: string | null;
  title: string;
  why: string;
  eventIds: string[];
};

export type FindingOptions = {
  /** A gap between two events of one agent longer than this is a finding (the LOG control's period). */
  maxGapMs?: number;
  /** The reviewed period: a gap at its start or end counts too. */
  period?: { from: string; until: string };
};

const finding = (rule: ActivityRule, agentId: string | null, title: string, why: string, eventIds: string[]): ActivityFinding => ({
  rule,
  controls: RULE_CONTROLS[rule],
  agentId,
  title,
  why,
  eventIds,
});

const byAgent = (analysed: readonly AnalysedEvent[]): Map<string, AnalysedEvent[]> => {
  const map = new Map<string, AnalysedEvent[]>();
  for (const a of analysed)
    if (a.attribution.agentId !== null) map.set(a.attribution.agentId, [...(map.get(a.attribution.agentId) ?? []), a]);
  return map;
};

function gapFindings(agentId: string, name: string, list: readonly AnalysedEvent[], options: FindingOptions): ActivityFinding[] {
  const max = options.maxGapMs;
  if (max === undefined) return [];
  const timed = list.filter((a) => a.event.time !== null).sort((x, y) => (x.event.time ?? '').localeCompare(y.event.time ?? ''));
  const out: ActivityFinding[] = [];
  const hours = (ms: number): string => `${Math.round(ms / 36e5)} h`;
  const points: { time: string; id: string | null }[] = [
    ...(options.period ? [{ time: options.period.from, id: null }] : []),
    ...timed.map((a) => ({ time: a.event.time ?? '', id: a.event.id })),
    ...(options.period ? [{ time: options.period.until, id: null }] : []),
  ];
  for (let i = 1; i < points.length; i++) {
    const [before, after] = [points[i - 1], points[i]];
    if (!before || !after) continue;
    const gap = Date.parse(after.time) - Date.parse(before.time);
    if (gap > max)
      out.push(
        finding(
          'log-gap',
          agentId,
          `${name}: no log events for ${hours(gap)}`,
          `from ${before.time} to ${after.time}, longer than the ${hours(max)} allowed`,
          [before.id, after.id].filter((x): x is string => x !== null),
        ),
      );
  }
  return out;
}

/**
 * The behaviour findings of issue 13 section 4, each with the event ids behind it. Pure: the doors
 * decide which to store, show or fail a CI run on.
 */
export function activityFindings(
  analysed: readonly AnalysedEvent[],
  inventory: InventorySnapshot,
  options: FindingOptions = {},
): ActivityFinding[] {
  const out: ActivityFinding[] = [];
  const agents = byAgent(analysed);
  const envTier = new Map(inventory.environments.map((e) => [e.id, e.tier]));

  for (const [agentId, list] of agents) {
    const name = list[0]?.attribution.agentName ?? agentId;
    const unapproved = list.filter(
      (a) =>
        isProductionDestructive(a) &&
        a.event.outcome !== 'denied' &&
        a.grants.allowed === true &&
        a.grants.gate !== 'none' &&
        !humanApproved(a),
    );
    if (unapproved.length > 0)
      out.push(
        finding(
          'unapproved-destructive',
          agentId,
          `${name}: ${unapproved.length} destructive production action(s) without a recorded approval`,
          `the grant's gate requires a human approval; none is recorded for these events`,
          unapproved.map((a) => a.event.id),
        ),
      );
    const outside = list.filter((a) => a.grants.allowed === false && a.event.outcome !== 'denied');
    if (outside.length > 0)
      out.push(
        finding(
          'outside-grants',
          agentId,
          `${name}: ${outside.length} action(s) outside the declared grants`,
          outside[0]?.grants.why ?? '',
          outside.map((a) => a.event.id),
        ),
      );
    out.push(...gapFindings(agentId, name, list, options));
  }

  for (const agent of inventory.agents) {
    const prodWrite = inventory.grants.some(
      (g) => g.agentId === agent.id && envTier.get(g.environmentId) === 'production' && g.actions.some(isStateChanging),
    );
    if (prodWrite && !agents.has(agent.id))
      out.push(
        finding(
          'no-log-source',
          agent.id,
          `${agent.name}: no log source`,
          'the agent can change production, and no imported log has an event of it',
          [],
        ),
      );
  }

  const byCredential = new Map<string, AnalysedEvent[]>();
  for (const a of analysed) {
    const credential = a.event.actor.credentialFingerprint ?? a.event.actor.roleArn ?? a.event.actor.serviceAccount;
    if (credential === undefined || a.environment.basis !== 'hint' || a.environment.environmentId === null) continue;
    byCredential.set(credential, [...(byCredential.get(credential) ?? []), a]);
  }
  for (const [credential, list] of byCredential) {
    const envs = [...new Set(list.map((a) => a.environment.name ?? ''))];
    if (envs.length < 2) continue;
    const label = credential.startsWith('hmac-sha256:') ? `fingerprint ${credential.slice(12, 20)}…` : credential;
    out.push(
      finding(
        'credential-two-environments',
        list[0]?.attribution.agentId ?? null,
        `One credential used in ${envs.join(' and ')}`,
        `${label} acted in ${envs.join(', ')}`,
        list.map((a) => a.event.id),
      ),
    );
  }

  const unknown = new Map<string, AnalysedEvent[]>();
  for (const a of analysed)
    if (
      a.attribution.agentId === null &&
      a.environment.tier === 'production' &&
      a.event.actionClass === 'delete' &&
      a.event.outcome !== 'denied'
    )
      unknown.set(a.attribution.why, [...(unknown.get(a.attribution.why) ?? []), a]);
  for (const [why, list] of unknown)
    out.push(
      finding(
        'unknown-actor-production-delete',
        null,
        `An unknown actor deleted in production ${list.length} time(s)`,
        why,
        list.map((a) => a.event.id),
      ),
    );

  return out;
}
