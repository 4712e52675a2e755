import {
  ACTION_CLASSES,
  type ActionClass,
  type Agent,
  type ApprovalGate,
  type Environment,
  type EnvironmentTier,
  type Grant,
  type System,
} from '../inventory/model';
import { keyOf, type Proposal, type ProposedAgent, type ProposedGrant, type ProposedSystem } from './mapping/proposal';

/** The declared inventory as the app already holds it (only the fields the diff reads). */
export type DeclaredInventory = {
  agents: Pick<Agent, 'id' | 'name'>[];
  systems: Pick<System, 'id' | 'name' | 'kind'>[];
  environments: Pick<Environment, 'id' | 'name' | 'tier'>[];
  grants: Pick<Grant, 'id' | 'agentId' | 'systemId' | 'environmentId' | 'actions' | 'approvalGate' | 'scope'>[];
};

export type WiderKind = 'more-actions' | 'weaker-gate' | 'another-environment';
export type WiderGrant = {
  kinds: WiderKind[];
  proposed: ProposedGrant;
  /** The declared grant in the same environment (more actions / weaker gate), or null (another environment). */
  declaredGrantId: string | null;
  /** For another-environment: the environments the declared grants are in. */
  declaredEnvironments: string[];
  moreActions: ActionClass[];
  weakerGate: { declared: ApprovalGate; discovered: ApprovalGate; reason: string } | null;
};

export type DiscoveryDiff = {
  newAgents: ProposedAgent[];
  newSystems: ProposedSystem[];
  /** Environment tiers the grants need that the workspace has no environment for. */
  newEnvironments: { tier: EnvironmentTier; name: string }[];
  /** Grants for an agent and system that hold no declared grant at all. */
  newGrants: ProposedGrant[];
  wider: WiderGrant[];
  notFound: {
    agents: { id: string; name: string }[];
    systems: { id: string; name: string }[];
    grants: { id: string; agentName: string; systemName: string; environmentName: string }[];
  };
  /** Discovered grants that the inventory already declares as wide or wider. */
  unchanged: number;
};

const GATE_RISK: Record<ApprovalGate, number> = { none: 2, single: 1, 'two-person': 0 };
const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** The declared environment a proposed tier lands in: same tier, preferring the expected name, then the first by id. */
export function environmentFor(
  declared: DeclaredInventory,
  tier: EnvironmentTier,
  name: string,
): Pick<Environment, 'id' | 'name' | 'tier'> | null {
  const same = byId(declared.environments.filter((e) => e.tier === tier));
  return same.find((e) => norm(e.name) === norm(name)) ?? same[0] ?? null;
}

/**
 * Reality against what is declared. Deterministic: every list is sorted by key or id, and nothing
 * depends on the order of the input lists. Nothing is changed: the doors apply what the user accepts.
 */
export function diffAgainstDeclared(declared: DeclaredInventory, proposal: Proposal): DiscoveryDiff {
  const agentByKey = new Map(
    byId(declared.agents)
      .reverse()
      .map((a) => [keyOf('agent', a.name), a]),
  );
  const systemByKey = new Map(
    byId(declared.systems)
      .reverse()
      .map((s) => [keyOf('system', s.name), s]),
  );
  const envName = new Map(declared.environments.map((e) => [e.id, e.name]));
  const newAgents = proposal.agents.filter((a) => !agentByKey.has(a.key));
  const newSystems = proposal.systems.filter((s) => !systemByKey.has(s.key));
  const newEnvironments = new Map<EnvironmentTier, string>();
  const newGrants: ProposedGrant[] = [];
  const wider: WiderGrant[] = [];
  const matchedGrantIds = new Set<string>();
  let unchanged = 0;

  for (const g of proposal.grants) {
    const agent = agentByKey.get(g.agentKey);
    const system = systemByKey.get(g.systemKey);
    const env = environmentFor(declared, g.environmentTier, g.environmentName);
    if (!env) newEnvironments.set(g.environmentTier, g.environmentName);
    const existing = agent && system ? byId(declared.grants.filter((d) => d.agentId === agent.id && d.systemId === system.id)) : [];
    const same = env ? existing.find((d) => d.environmentId === env.id) : undefined;
    if (existing.length === 0) {
      newGrants.push(g);
      continue;
    }
    if (!same) {
      wider.push({
        kinds: ['another-environment'],
        proposed: g,
        declaredGrantId: null,
        declaredEnvironments: [...new Set(existing.map((d) => envName.get(d.environmentId) ?? d.environmentId))].sort(),
        moreActions: g.actions,
        weakerGate: null,
      });
      continue;
    }
    matchedGrantIds.add(same.id);
    const moreActions = g.actions.filter((a) => !same.actions.includes(a));
    const weaker = GATE_RISK[g.approvalGate] > GATE_RISK[same.approvalGate];
    const kinds: WiderKind[] = [...(moreActions.length ? (['more-actions'] as const) : []), ...(weaker ? (['weaker-gate'] as const) : [])];
    if (kinds.length === 0) {
      unchanged++;
      continue;
    }
    wider.push({
      kinds,
      proposed: g,
      declaredGrantId: same.id,
      declaredEnvironments: [envName.get(same.environmentId) ?? same.environmentId],
      moreActions,
      weakerGate: weaker ? { declared: same.approvalGate, discovered: g.approvalGate, reason: g.gateReason } : null,
    });
  }

  const foundAgents = new Set(proposal.agents.map((a) => a.key));
  const foundSystems = new Set(proposal.systems.map((s) => s.key));
  const agentName = new Map(declared.agents.map((a) => [a.id, a.name]));
  const systemName = new Map(declared.systems.map((s) => [s.id, s.name]));
  // A declared grant is "found" when a discovered grant landed on it, or on its agent and system in
  // another environment (that case is reported as wider, so it is not also missing).
  const widerPairs = new Set(wider.filter((w) => w.declaredGrantId === null).map((w) => `${w.proposed.agentKey}|${w.proposed.systemKey}`));
  return {
    newAgents,
    newSystems,
    newEnvironments: [...newEnvironments].map(([tier, name]) => ({ tier, name })).sort((a, b) => (a.tier < b.tier ? -1 : 1)),
    newGrants,
    wider,
    notFound: {
      agents: byId(declared.agents.filter((a) => !foundAgents.has(keyOf('agent', a.name)))).map(({ id, name }) => ({ id, name })),
      systems: byId(declared.systems.filter((s) => !foundSystems.has(keyOf('system', s.name)))).map(({ id, name }) => ({ id, name })),
      grants: byId(
        declared.grants.filter((d) => {
          if (matchedGrantIds.has(d.id)) return false;
          const pair = `${keyOf('agent', agentName.get(d.agentId) ?? '')}|${keyOf('system', systemName.get(d.systemId) ?? '')}`;
          return !widerPairs.has(pair);
        }),
      ).map((d) => ({
        id: d.id,
        agentName: agentName.get(d.agentId) ?? d.agentId,
        systemName: systemName.get(d.systemId) ?? d.systemId,
        environmentName: envName.get(d.environmentId) ?? d.environmentId,
      })),
    },
    unchanged,
  };
}

/**
 * What accepting every item of a diff does to the declared inventory, as plain data: the doors do
 * the same through the store, one accepted item at a time. `newId` is passed in (core makes no ids).
 */
export function applyDiff(
  declared: DeclaredInventory,
  diff: DiscoveryDiff,
  newId: (kind: string, key: string) => string,
): DeclaredInventory {
  const next: DeclaredInventory = {
    agents: [...declared.agents],
    systems: [...declared.systems],
    environments: [...declared.environments],
    grants: declared.grants.map((g) => ({ ...g, actions: [...g.actions] })),
  };
  for (const a of diff.newAgents) next.agents.push({ id: newId('agent', a.key), name: a.name });
  for (const s of diff.newSystems) next.systems.push({ id: newId('system', s.key), name: s.name, kind: s.kind });
  for (const e of diff.newEnvironments) next.environments.push({ id: newId('environment', e.tier), name: e.name, tier: e.tier });
  const agentId = (key: string) => next.agents.find((a) => keyOf('agent', a.name) === key)!.id;
  const systemId = (key: string) => next.systems.find((s) => keyOf('system', s.name) === key)!.id;
  const create = (g: ProposedGrant) =>
    next.grants.push({
      id: newId('grant', g.key),
      agentId: agentId(g.agentKey),
      systemId: systemId(g.systemKey),
      environmentId: environmentFor(next, g.environmentTier, g.environmentName)!.id,
      actions: [...g.actions],
      approvalGate: g.approvalGate,
      scope: g.scope,
    });
  for (const g of diff.newGrants) create(g);
  for (const w of diff.wider) {
    if (w.declaredGrantId === null) {
      create(w.proposed);
      continue;
    }
    const d = next.grants.find((x) => x.id === w.declaredGrantId)!;
    d.actions = ACTION_CLASSES.filter((a) => d.actions.includes(a) || w.moreActions.includes(a));
    if (w.weakerGate) d.approvalGate = w.weakerGate.discovered;
  }
  return next;
}
