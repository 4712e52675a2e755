import { ENVIRONMENT_RULES } from '../discovery/mapping/system-rules';
import type { Environment, EnvironmentTier, Grant, InventorySnapshot, System } from '../inventory/model';
import type { Attribution } from './attribution';
import type { ActivityEvent, EnvironmentHints } from './model';

/**
 * Where an event happened. 'hint' means the record itself named it (namespace, database, host...);
 * 'grant' means it was inferred from the matched grant. Only 'hint' can show one credential used in two places.
 */
export type EnvironmentResolution = {
  environmentId: string | null;
  systemId: string | null;
  basis: 'hint' | 'grant' | 'none';
  why: string;
};

/** The pluggable mapping: the discovery engine's rules (core/discovery) can replace the default. */
export type EnvironmentOf = (event: ActivityEvent, inventory: InventorySnapshot, attribution: Attribution) => EnvironmentResolution;

/** Tier keywords, matched on whole tokens of a hint ("orders-prod", "db.prod.internal", "staging"). */
const TIER_WORDS: readonly [EnvironmentTier, RegExp][] = [
  ['production', /^(prod|production|prd|live|prod\d+)$/],
  ['staging', /^(stag|staging|stage|preprod|uat|stg)$/],
  ['sandbox', /^(dev|develop|development|sandbox|sbx|test|testing|qa|local)$/],
];

const HINT_ORDER: readonly (keyof EnvironmentHints)[] = [
  'environmentName',
  'namespace',
  'cluster',
  'database',
  'host',
  'account',
  'org',
  'repo',
  'cwd',
];
const tokens = (value: string): string[] =>
  value
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '');
const HINT_LABEL: Record<keyof EnvironmentHints, string> = {
  environmentName: 'environment',
  namespace: 'namespace',
  cluster: 'cluster',
  database: 'database',
  host: 'host',
  account: 'account',
  region: 'region',
  org: 'org',
  repo: 'repo',
  cwd: 'cwd',
};

/** The inventory's lookups for environments, built once per snapshot object; per-value answers memoised (bounded). */
type EnvIndex = {
  envByLowerName: Map<string, Environment>;
  envById: Map<string, Environment>;
  grantById: Map<string, Grant>;
  /** A system id → the environments the inventory grants it in. */
  envIdsBySystem: Map<string, Set<string>>;
  /** An agent's grants (about ten each): its environments for a system are read from them when needed. */
  grantsByAgent: Map<string, Grant[]>;
  systemByValue: Map<string, System | null>;
  tiersByValue: Map<string, [EnvironmentTier, string][]>;
};
const MEMO_MAX = 10_000;
const indexes = new WeakMap<InventorySnapshot, EnvIndex>();

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set === undefined) map.set(key, new Set([value]));
  else set.add(value);
}

function envIndex(inventory: InventorySnapshot): EnvIndex {
  let index = indexes.get(inventory);
  if (index !== undefined) return index;
  const envByLowerName = new Map<string, Environment>();
  for (const e of inventory.environments) if (!envByLowerName.has(e.name.toLowerCase())) envByLowerName.set(e.name.toLowerCase(), e);
  const envIdsBySystem = new Map<string, Set<string>>();
  const grantsByAgent = new Map<string, Grant[]>();
  const grantById = new Map<string, Grant>();
  for (const g of inventory.grants) {
    if (!grantById.has(g.id)) grantById.set(g.id, g);
    addTo(envIdsBySystem, g.systemId, g.environmentId);
    const list = grantsByAgent.get(g.agentId);
    if (list === undefined) grantsByAgent.set(g.agentId, [g]);
    else list.push(g);
  }
  index = {
    envByLowerName,
    envById: new Map([...inventory.environments].reverse().map((e) => [e.id, e])),
    grantById,
    envIdsBySystem,
    grantsByAgent,
    systemByValue: new Map(),
    tiersByValue: new Map(),
  };
  indexes.set(inventory, index);
  return index;
}

function memo<V>(map: Map<string, V>, key: string, compute: () => V): V {
  if (map.has(key)) return map.get(key) as V;
  if (map.size >= MEMO_MAX) map.clear();
  const value = compute();
  map.set(key, value);
  return value;
}

function systemOf(event: ActivityEvent, inventory: InventorySnapshot, index: EnvIndex): { id: string; why: string } | null {
  for (const key of ['database', 'host', 'repo', 'account', 'cluster', 'org'] as const) {
    const value = event.env[key]?.toLowerCase();
    if (value === undefined || value.length < 3) continue;
    const system = memo(
      index.systemByValue,
      value,
      () =>
        inventory.systems.find(
          (s) => s.name.toLowerCase() === value || tokens(s.name).includes(value) || s.name.toLowerCase().includes(value),
        ) ?? null,
    );
    if (system) return { id: system.id, why: `${HINT_LABEL[key]} ${event.env[key] ?? ''} is system ${system.name}` };
  }
  return null;
}

/** The tiers a hint's value points to: the discovery issue's environment rule first, then the log-only tier words. */
const tiersOf = (value: string): [EnvironmentTier, string][] => {
  const rule = ENVIRONMENT_RULES.find((r) => r.match.test(value));
  return [
    ...(rule ? [[rule.tier, ` (rule ${rule.id})`] as [EnvironmentTier, string]] : []),
    ...TIER_WORDS.filter(([, words]) => tokens(value).some((t) => words.test(t))).map(([tier]) => [tier, ''] as [EnvironmentTier, string]),
  ];
};

/** The single environment of a set of ids, as the first matching one in inventory order. */
const onlyOf = (ids: Set<string> | undefined, inventory: InventorySnapshot): Environment | undefined =>
  ids?.size === 1 ? inventory.environments.find((e) => ids.has(e.id)) : undefined;

const hint = (value: string | undefined): string => (value === undefined ? '\u0002' : value);

/** What `defaultEnvironmentOf` reads of an event: its environment hints and the attribution. Equal keys, equal answers. */
export function environmentKey(event: ActivityEvent, attribution: Attribution): string {
  const e = event.env;
  return `${hint(e.environmentName)}\u0001${hint(e.namespace)}\u0001${hint(e.cluster)}\u0001${hint(e.database)}\u0001${hint(e.host)}\u0001${hint(e.account)}\u0001${hint(e.region)}\u0001${hint(e.org)}\u0001${hint(e.repo)}\u0001${hint(e.cwd)}\u0001${attribution.agentId ?? ''}\u0001${attribution.grantId ?? ''}`;
}

export const defaultEnvironmentOf: EnvironmentOf = (event, inventory, attribution) => {
  const index = envIndex(inventory);
  const system = systemOf(event, inventory, index);
  const systemId = system?.id ?? null;
  for (const key of HINT_ORDER) {
    const value = event.env[key];
    if (value === undefined) continue;
    const named = index.envByLowerName.get(value.toLowerCase());
    if (named) return { environmentId: named.id, systemId, basis: 'hint', why: `${named.name}: ${HINT_LABEL[key]} ${value}` };
    // The discovery issue's environment rules first (same words, key prefixes, loopback), then the log-only tier words.
    for (const [tier, by] of memo(index.tiersByValue, value, () => tiersOf(value))) {
      const candidates = inventory.environments.filter((env) => env.tier === tier);
      const env = candidates.find((c) => tokens(c.name).some((t) => tokens(value).includes(t))) ?? candidates[0];
      if (env) return { environmentId: env.id, systemId, basis: 'hint', why: `${env.name}: ${HINT_LABEL[key]} ${value}${by}` };
    }
  }
  if (system) {
    // the record names a system that the inventory grants in one environment only: that is where it lives
    const only = onlyOf(index.envIdsBySystem.get(system.id), inventory);
    if (only)
      return {
        environmentId: only.id,
        systemId,
        basis: 'hint',
        why: `${only.name}: ${system.why}, which the inventory has only in ${only.name}`,
      };
  }
  const grant = attribution.grantId === null ? undefined : index.grantById.get(attribution.grantId);
  const grantEnv = grant && index.envById.get(grant.environmentId);
  if (grant && grantEnv)
    return {
      environmentId: grantEnv.id,
      systemId: systemId ?? grant.systemId,
      basis: 'grant',
      why: `${grantEnv.name}: the matched credential's grant is in ${grantEnv.name}`,
    };
  if (attribution.agentId !== null && systemId !== null) {
    const granted = (index.grantsByAgent.get(attribution.agentId) ?? []).filter((g) => g.systemId === systemId);
    const only = onlyOf(new Set(granted.map((g) => g.environmentId)), inventory);
    if (only)
      return {
        environmentId: only.id,
        systemId,
        basis: 'grant',
        why: `${only.name}: ${system?.why ?? ''}, granted to the agent only in ${only.name}`,
      };
  }
  return { environmentId: null, systemId, basis: 'none', why: 'unknown environment: no hint in the record names one' };
};
