import { ENVIRONMENT_RULES } from '../discovery/mapping/system-rules';
import type { EnvironmentTier, InventorySnapshot } from '../inventory/model';
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

function systemOf(event: ActivityEvent, inventory: InventorySnapshot): { id: string; why: string } | null {
  for (const key of ['database', 'host', 'repo', 'account', 'cluster', 'org'] as const) {
    const value = event.env[key]?.toLowerCase();
    if (value === undefined || value.length < 3) continue;
    const system = inventory.systems.find(
      (s) => s.name.toLowerCase() === value || tokens(s.name).includes(value) || s.name.toLowerCase().includes(value),
    );
    if (system) return { id: system.id, why: `${HINT_LABEL[key]} ${event.env[key] ?? ''} is system ${system.name}` };
  }
  return null;
}

export const defaultEnvironmentOf: EnvironmentOf = (event, inventory, attribution) => {
  const system = systemOf(event, inventory);
  const systemId = system?.id ?? null;
  for (const key of HINT_ORDER) {
    const value = event.env[key];
    if (value === undefined) continue;
    const named = inventory.environments.find((env) => env.name.toLowerCase() === value.toLowerCase());
    if (named) return { environmentId: named.id, systemId, basis: 'hint', why: `${named.name}: ${HINT_LABEL[key]} ${value}` };
    // The discovery issue's environment rules first (same words, key prefixes, loopback), then the log-only tier words.
    const rule = ENVIRONMENT_RULES.find((r) => r.match.test(value));
    const tiers: [EnvironmentTier, string][] = [
      ...(rule ? [[rule.tier, ` (rule ${rule.id})`] as [EnvironmentTier, string]] : []),
      ...TIER_WORDS.filter(([, words]) => tokens(value).some((t) => words.test(t))).map(
        ([tier]) => [tier, ''] as [EnvironmentTier, string],
      ),
    ];
    for (const [tier, by] of tiers) {
      const candidates = inventory.environments.filter((env) => env.tier === tier);
      const env = candidates.find((c) => tokens(c.name).some((t) => tokens(value).includes(t))) ?? candidates[0];
      if (env) return { environmentId: env.id, systemId, basis: 'hint', why: `${env.name}: ${HINT_LABEL[key]} ${value}${by}` };
    }
  }
  if (system) {
    // the record names a system that the inventory grants in one environment only: that is where it lives
    const envIds = new Set(inventory.grants.filter((g) => g.systemId === system.id).map((g) => g.environmentId));
    const only = envIds.size === 1 ? inventory.environments.find((e) => envIds.has(e.id)) : undefined;
    if (only)
      return {
        environmentId: only.id,
        systemId,
        basis: 'hint',
        why: `${only.name}: ${system.why}, which the inventory has only in ${only.name}`,
      };
  }
  const grant = attribution.grantId === null ? undefined : inventory.grants.find((g) => g.id === attribution.grantId);
  const grantEnv = grant && inventory.environments.find((e) => e.id === grant.environmentId);
  if (grant && grantEnv)
    return {
      environmentId: grantEnv.id,
      systemId: systemId ?? grant.systemId,
      basis: 'grant',
      why: `${grantEnv.name}: the matched credential's grant is in ${grantEnv.name}`,
    };
  if (attribution.agentId !== null && systemId !== null) {
    const envIds = new Set(
      inventory.grants.filter((g) => g.agentId === attribution.agentId && g.systemId === systemId).map((g) => g.environmentId),
    );
    const only = envIds.size === 1 ? inventory.environments.find((e) => envIds.has(e.id)) : undefined;
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
