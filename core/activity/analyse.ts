import type { ApprovalGate, Environment, EnvironmentTier, Grant, InventorySnapshot, System } from '../inventory/model';
import { type Attribution, type AttributionIndex, attributeEvent, buildAttributionIndex } from './attribution';
import { defaultEnvironmentOf, type EnvironmentOf, type EnvironmentResolution } from './environment';
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

/** What one analysis pass looks up per event, built once per inventory (and keyed hash) instead of once per event. */
type Prepared = {
  index: AttributionIndex;
  grantsByAgent: Map<string, Grant[]>;
  envById: Map<string, Environment>;
  sysById: Map<string, System>;
};

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
      envById: new Map(inventory.environments.map((e) => [e.id, e])),
      sysById: new Map(inventory.systems.map((s) => [s.id, s])),
    };
    byFp.set(key, out);
  }
  return out;
}

function checkGrants(event: ActivityEvent, attribution: Attribution, env: EnvironmentResolution, p: Prepared): GrantCheck {
  if (attribution.agentId === null) return { allowed: null, grantId: null, gate: null, why: 'the actor is not an inventory agent' };
  const envName = env.environmentId === null ? null : (p.envById.get(env.environmentId)?.name ?? null);
  const sysName = env.systemId === null ? null : (p.sysById.get(env.systemId)?.name ?? null);
  const candidates = (p.grantsByAgent.get(attribution.agentId) ?? []).filter(
    (g) => (env.environmentId === null || g.environmentId === env.environmentId) && (env.systemId === null || g.systemId === env.systemId),
  );
  const allowing = candidates.filter(
    (g) => (g.actions.includes(event.actionClass) || g.actions.includes('admin')) && liveAt(g, event.time),
  );
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
      why: `a grant allows ${event.actionClass}${where} (gate ${grant.approvalGate})`,
    };
  const expired = candidates.some((g) => g.actions.includes(event.actionClass) && !liveAt(g, event.time));
  return {
    allowed: false,
    grantId: null,
    gate: null,
    why: expired
      ? `the grant for ${event.actionClass}${where} had expired`
      : `no declared grant of ${attribution.agentName ?? 'the agent'} allows ${event.actionClass}${where}`,
  };
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
  const environmentOf = options.environmentOf ?? defaultEnvironmentOf;
  return events.map((event) => {
    const attribution = attributeEvent(event, p.index);
    const resolved = environmentOf(event, inventory, attribution);
    const env = resolved.environmentId === null ? undefined : p.envById.get(resolved.environmentId);
    return {
      event,
      attribution,
      environment: { ...resolved, tier: env?.tier ?? null, name: env?.name ?? null },
      grants: checkGrants(event, attribution, resolved, p),
    };
  });
}
