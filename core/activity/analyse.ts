import type { ApprovalGate, Environment, EnvironmentTier, Grant, InventorySnapshot, System } from '../inventory/model';
import { actorKey } from './actor-key';
import { type Attribution, type AttributionIndex, attributeEvent, buildAttributionIndex } from './attribution';
import { defaultEnvironmentOf, environmentKey, type EnvironmentOf, type EnvironmentResolution } from './environment';
import { scopeCovers, scopeIsEverything } from './grant-scope';
import type { ActivityEvent, Fingerprint } from './model';

/** What the declared grants say about one event of an attributed agent. null `allowed` means the actor is unknown. */
export type GrantCheck = { allowed: boolean | null; grantId: string | null; gate: ApprovalGate | null; why: string };

export type AnalysedEvent = {
  event: ActivityEvent;
  attribution: Attribution;
  environment: EnvironmentResolution & { tier: EnvironmentTier | null; name: string | null };
  grants: GrantCheck;
};

export type AnalyseOptions = { fingerprint?: Fingerprint; environmentOf?: EnvironmentOf };

/** A grant that has ended no longer allows anything after its end date. */
const liveAt = (grant: Grant, time: string | null): boolean =>
  grant.expiresAt === null || time === null || time.slice(0, 10) <= grant.expiresAt.slice(0, 10);

/**
 * What one analysis pass looks up per event, built once per inventory (and keyed hash) instead of once per event,
 * and the answers already given: a log repeats the same principal, place and action millions of times, so each
 * distinct actor is attributed once, each distinct place resolved once and each distinct (agent, place, action,
 * day, target) checked against the grants once (bounded memos; the answers are shared, never mutated).
 */
type Prepared = {
  index: AttributionIndex;
  grantsByAgent: Map<string, Grant[]>;
  /** Agents with a grant that ends, or with a scope narrower than everything: only their checks depend on the day or target. */
  agentsWithExpiry: Set<string>;
  agentsWithScope: Set<string>;
  envById: Map<string, Environment>;
  sysById: Map<string, System>;
  attributions: Map<string, Attribution>;
  environments: Map<string, AnalysedEvent['environment'] & EnvironmentResolution>;
  checks: Map<string, GrantCheck>;
};
const MEMO_MAX = 100_000;

function remember<V>(map: Map<string, V>, key: string, value: V): V {
  if (map.size >= MEMO_MAX) map.clear();
  map.set(key, value);
  return value;
}

const NO_FINGERPRINT: Fingerprint = (value) => value;
const prepared = new WeakMap<InventorySnapshot, WeakMap<Fingerprint, Prepared>>();

/** The inventory's lookups, cached while the same snapshot object is analysed again (an import analyses it batch after batch). */
function prepare(inventory: InventorySnapshot, fingerprint: Fingerprint | null): Prepared {
  let byFp = prepared.get(inventory);
  if (byFp === undefined) prepared.set(inventory, (byFp = new WeakMap()));
  const key = fingerprint ?? NO_FINGERPRINT;
  let out = byFp.get(key);
  if (out === undefined) {
    const grantsByAgent = new Map<string, Grant[]>();
    for (const g of inventory.grants) {
      const list = grantsByAgent.get(g.agentId);
      if (list === undefined) grantsByAgent.set(g.agentId, [g]);
      else list.push(g);
    }
    out = {
      index: buildAttributionIndex(inventory, fingerprint),
      grantsByAgent,
      agentsWithExpiry: new Set(inventory.grants.filter((g) => g.expiresAt !== null).map((g) => g.agentId)),
      agentsWithScope: new Set(inventory.grants.filter((g) => !scopeIsEverything(g.scope)).map((g) => g.agentId)),
      envById: new Map(inventory.environments.map((e) => [e.id, e])),
      sysById: new Map(inventory.systems.map((s) => [s.id, s])),
      attributions: new Map(),
      environments: new Map(),
      checks: new Map(),
    };
    byFp.set(key, out);
  }
  return out;
}

function checkGrants(event: ActivityEvent, attribution: Attribution, env: EnvironmentResolution, p: Prepared): GrantCheck {
  if (attribution.agentId === null) return { allowed: null, grantId: null, gate: null, why: 'the actor is not an inventory agent' };
  const envName = env.environmentId === null ? null : (p.envById.get(env.environmentId)?.name ?? null);
  const sysName = env.systemId === null ? null : (p.sysById.get(env.systemId)?.name ?? null);
  // System and environment first (when the record names them), then the action class, the end date and the scope.
  const candidates = (p.grantsByAgent.get(attribution.agentId) ?? []).filter(
    (g) => (env.environmentId === null || g.environmentId === env.environmentId) && (env.systemId === null || g.systemId === env.systemId),
  );
  const forClass = candidates.filter((g) => g.actions.includes(event.actionClass) || g.actions.includes('admin'));
  const live = forClass.filter((g) => liveAt(g, event.time));
  const allowing = live.filter((g) => scopeCovers(g.scope, event.target));
  // Prefer the grant the credential matched, then the strictest gate: the finding must not understate a required approval.
  const rank: Record<ApprovalGate, number> = { 'two-person': 0, single: 1, none: 2 };
  const grant =
    allowing.find((g) => g.id === attribution.grantId) ?? [...allowing].sort((a, b) => rank[a.approvalGate] - rank[b.approvalGate])[0];
  const where = `${envName === null ? '' : ` in ${envName}`}${sysName === null ? '' : ` on ${sysName}`}`;
  if (grant)
    return {
      allowed: true,
      grantId: grant.id,
      gate: grant.approvalGate,
      why: `a grant allows ${event.actionClass}${where}${scopeIsEverything(grant.scope) ? '' : ` within ${grant.scope}`} (gate ${grant.approvalGate})`,
    };
  const outOfScope = live[0];
  return {
    allowed: false,
    grantId: null,
    gate: null,
    why:
      outOfScope !== undefined
        ? `target ${event.target ?? ''} is outside the scope ${outOfScope.scope} of the grant for ${event.actionClass}${where}`
        : forClass.length > 0
          ? `the grant for ${event.actionClass}${where} had expired`
          : `no declared grant of ${attribution.agentName ?? 'the agent'} allows ${event.actionClass}${where}`,
  };
}

/** The grant check, once per distinct question: the day and the target are part of it only for agents whose grants depend on them. */
function checkOnce(event: ActivityEvent, attribution: Attribution, env: EnvironmentResolution, p: Prepared): GrantCheck {
  const agentId = attribution.agentId;
  if (agentId === null) return checkGrants(event, attribution, env, p);
  const day = p.agentsWithExpiry.has(agentId) ? (event.time?.slice(0, 10) ?? '') : '';
  const target = p.agentsWithScope.has(agentId) ? (event.target ?? '\u0002') : '';
  const key = `${agentId}\u0001${attribution.grantId ?? ''}\u0001${env.environmentId ?? ''}\u0001${env.systemId ?? ''}\u0001${event.actionClass}\u0001${day}\u0001${target}`;
  return p.checks.get(key) ?? remember(p.checks, key, checkGrants(event, attribution, env, p));
}

/**
 * Attribution, environment and grant check for each event. Pure: the same events and inventory
 * always give the same result. Unknown actors are kept with their reason.
 */
export function analyseActivity(
  events: readonly ActivityEvent[],
  inventory: InventorySnapshot,
  options: AnalyseOptions = {},
): AnalysedEvent[] {
  const p = prepare(inventory, options.fingerprint ?? null);
  // The default mapping reads only the record's environment hints and the attribution, so its answers are remembered.
  const custom = options.environmentOf;
  const environmentOf = custom ?? defaultEnvironmentOf;
  const out: AnalysedEvent[] = new Array<AnalysedEvent>(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as ActivityEvent;
    const key = actorKey(event, p.index);
    let attribution = p.attributions.get(key.key);
    if (attribution === undefined) {
      attribution = attributeEvent(event, p.index);
      // A key that left the session out is shared only when the reason does not name the session-bearing ARN.
      if (key.reduced === null || !attribution.why.includes(key.reduced)) remember(p.attributions, key.key, attribution);
    }
    const envKey = custom === undefined ? environmentKey(event, attribution) : null;
    let environment = envKey === null ? undefined : p.environments.get(envKey);
    if (environment === undefined) {
      const resolved = environmentOf(event, inventory, attribution);
      const env = resolved.environmentId === null ? undefined : p.envById.get(resolved.environmentId);
      environment = { ...resolved, tier: env?.tier ?? null, name: env?.name ?? null };
      if (envKey !== null) remember(p.environments, envKey, environment);
    }
    out[i] = { event, attribution, environment, grants: checkOnce(event, attribution, environment, p) };
  }
  return out;
}
