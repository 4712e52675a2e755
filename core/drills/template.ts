/**
 * Fills a scenario's placeholders from the inventory, so injects name the target agent's real
 * systems, environments and owners. Pure: takes an InventorySnapshot, returns a new scenario.
 */
import type { Agent, EnvironmentTier, Grant, InventorySnapshot, System } from '../inventory/model';
import { actionSeverity } from '../inventory/risk';
import { allTimers, type Scenario } from './scenario';
import { fillPlaceholders, type TemplateKey } from './template-keys';

/** Values for each placeholder; null = not known from the inventory. */
export type TemplateValues = Record<TemplateKey, string | null>;

export type RenderedScenario = {
  scenario: Scenario;
  values: TemplateValues;
  /** Placeholders that had no inventory value and used a fallback, with the text used. */
  fallbacks: Array<{ key: string; value: string }>;
};

/** Generic fallbacks when a scenario gives none. They read naturally inside a sentence. */
export const GENERIC_FALLBACKS: Record<TemplateKey, string> = {
  'agent.name': 'the agent',
  'agent.purpose': 'its assigned task',
  'agent.vendor': 'its vendor model',
  agents: 'the agents',
  'agent2.name': 'a second agent',
  'agent3.name': 'a third agent',
  owner: "the agent's accountable owner (none is named in the inventory)",
  operator: "the agent's technical operator",
  escalation: 'the on-call engineer',
  'system.name': 'the affected system',
  'system.production.name': 'the production system',
  'system.production.kind': 'system',
  'environment.production': 'production',
  'environment.staging': 'staging',
  'environment.nonprod': 'the non-production environment',
  credential: "the agent's service account",
  scope: 'everything in the system',
  'workflow.name': 'the workflow',
  'workflow.owner': 'the workflow owner',
};

const CRIT_RANK: Record<System['criticality'], number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** English list: "A", "A and B", "A, B and C". */
export function joinNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * The grant a scenario is most likely about: production first, then the scenario's preferred
 * system kinds, then the most destructive actions, then the most critical system.
 */
function primaryGrant(inv: InventorySnapshot, agentId: string, kinds: string[], tier: EnvironmentTier | null): Grant | null {
  const envTier = new Map(inv.environments.map((e) => [e.id, e.tier]));
  const systems = new Map(inv.systems.map((s) => [s.id, s]));
  let best: { g: Grant; score: number } | null = null;
  for (const g of inv.grants) {
    if (g.agentId !== agentId) continue;
    const t = envTier.get(g.environmentId);
    if (tier && t !== tier) continue;
    const sys = systems.get(g.systemId);
    const severity = Math.max(...g.actions.map(actionSeverity));
    const score =
      (t === 'production' ? 1000 : 0) +
      (sys && kinds.includes(sys.kind) ? 500 : 0) +
      severity * 50 +
      (sys ? CRIT_RANK[sys.criticality] * 10 : 0);
    if (!best || score > best.score) best = { g, score };
  }
  return best?.g ?? null;
}

/** Resolve every placeholder for the given target agents (first = primary). */
export function templateValues(inv: InventorySnapshot, targetAgentIds: string[], systemKinds: string[] = []): TemplateValues {
  const agents = targetAgentIds.map((id) => inv.agents.find((a) => a.id === id)).filter((a): a is Agent => !!a);
  const agent = agents[0] ?? null;
  const sysById = new Map(inv.systems.map((s) => [s.id, s]));
  const envById = new Map(inv.environments.map((e) => [e.id, e]));
  const prodGrant = agent ? primaryGrant(inv, agent.id, systemKinds, 'production') : null;
  const anyGrant = agent ? primaryGrant(inv, agent.id, systemKinds, null) : null;
  const agentEnvs = agent
    ? inv.grants
        .filter((g) => g.agentId === agent.id)
        .map((g) => envById.get(g.environmentId))
        .filter((e) => !!e)
    : [];
  const envNamed = (tiers: EnvironmentTier[]): string | null =>
    agentEnvs.find((e) => tiers.includes(e.tier))?.name ?? inv.environments.find((e) => tiers.includes(e.tier))?.name ?? null;
  const workflow = agent ? (inv.workflows.find((w) => agent.workflowIds.includes(w.id)) ?? null) : null;
  const nz = (s: string | undefined | null): string | null => (s && s.trim() !== '' ? s.trim() : null);
  const prodSystem = prodGrant ? (sysById.get(prodGrant.systemId) ?? null) : null;
  const grant = prodGrant ?? anyGrant;
  return {
    'agent.name': nz(agent?.name),
    'agent.purpose': nz(agent?.purpose),
    'agent.vendor': nz(agent?.vendorModel),
    agents: agents.length > 0 ? joinNames(agents.map((a) => a.name)) : null,
    'agent2.name': nz(agents[1]?.name),
    'agent3.name': nz(agents[2]?.name),
    owner: nz(agent?.accountableOwner),
    operator: nz(agent?.technicalOperator),
    escalation: nz(agent?.escalationContact),
    'system.name': nz(anyGrant ? sysById.get(anyGrant.systemId)?.name : null),
    'system.production.name': nz(prodSystem?.name),
    'system.production.kind': prodSystem ? prodSystem.kind.replace(/-/g, ' ') : null,
    'environment.production': prodGrant ? nz(envById.get(prodGrant.environmentId)?.name) : envNamed(['production']),
    'environment.staging': envNamed(['staging']),
    'environment.nonprod': envNamed(['staging', 'sandbox', 'read-only']),
    credential: nz(grant?.credentialIdentity),
    scope: grant && !['', '*'].includes(grant.scope.trim()) ? grant.scope.trim() : null,
    'workflow.name': nz(workflow?.name),
    'workflow.owner': nz(workflow?.owner),
  };
}

/** A copy of the scenario with every placeholder filled. Unknown agents simply use fallbacks. */
export function renderScenario(scenario: Scenario, values: TemplateValues): RenderedScenario {
  const fallbacks = new Map<string, string>();
  const fill = (text: string): string =>
    fillPlaceholders(
      text,
      (k) => (k in values ? values[k as TemplateKey] : null),
      (k) => GENERIC_FALLBACKS[k as TemplateKey] ?? k,
      (k, v) => {
        if (!fallbacks.has(k)) fallbacks.set(k, v);
      },
    );
  const out: Scenario = {
    ...scenario,
    title: fill(scenario.title),
    summary: fill(scenario.summary),
    objectives: scenario.objectives.map(fill),
    measures: scenario.measures.map(fill),
    timers: allTimers(scenario).map((t) => ({ ...t, label: fill(t.label) })),
    checkpoints: {
      ...(scenario.checkpoints.declared !== undefined ? { declared: fill(scenario.checkpoints.declared) } : {}),
      ...(scenario.checkpoints.contained !== undefined ? { contained: fill(scenario.checkpoints.contained) } : {}),
      ...(scenario.checkpoints.recovered !== undefined ? { recovered: fill(scenario.checkpoints.recovered) } : {}),
    },
    injects: scenario.injects.map((i) => ({ ...i, from: fill(i.from), title: fill(i.title), text: fill(i.text) })),
    phases: scenario.phases.map((p) => ({ ...p, title: fill(p.title), decisions: p.decisions.map((d) => ({ ...d, text: fill(d.text) })) })),
  };
  return { scenario: out, values, fallbacks: [...fallbacks].map(([key, value]) => ({ key, value })) };
}
