import type { Agent, ApprovalGate, Environment, EnvironmentTier, Grant, System } from '../inventory/model';
import { isStateChanging } from '../inventory/vocabulary';
import type { Policy, PolicyRule, Violation } from './schema';

/** What a policy is judged against: the inventory, plus what discovery and the checklist found. */
export type PolicyInput = {
  agents: Pick<Agent, 'id' | 'name' | 'accountableOwner' | 'technicalOperator' | 'escalationContact' | 'purpose' | 'vendorModel'>[];
  systems: Pick<System, 'id' | 'name'>[];
  environments: Pick<Environment, 'id' | 'name' | 'tier'>[];
  grants: Pick<Grant, 'id' | 'agentId' | 'systemId' | 'environmentId' | 'actions' | 'approvalGate' | 'expiresAt' | 'credentialIdentity'>[];
  /** Credentials discovery found in more than one environment tier (by fingerprint). */
  discoveredShared: { subject: string; reason: string }[];
  /** Agents whose client auto-approves (the latest discovery run), with the setting that decided it. */
  autoApproving: { agentName: string; reason: string }[];
  /** Open findings of the checklist's built-in rules. */
  checklistFindings: { ruleId: string; agentName: string; message: string }[];
};

export type PolicyResult = { passed: boolean; empty: boolean; judged: { agents: number; grants: number }; violations: Violation[] };

const GATE_STRENGTH: Record<ApprovalGate, number> = { none: 0, single: 1, 'two-person': 2 };
const FIELD_LABEL: Record<string, string> = {
  accountableOwner: 'accountable owner',
  technicalOperator: 'technical operator',
  escalationContact: 'escalation contact',
  purpose: 'purpose',
  vendorModel: 'vendor / model',
};
const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** Pure: the same policy and input always give the same violations, sorted by rule then subject. */
export function evaluatePolicy(policy: Policy, input: PolicyInput): PolicyResult {
  const agentName = new Map(input.agents.map((a) => [a.id, a.name]));
  const systemName = new Map(input.systems.map((s) => [s.id, s.name]));
  const env = new Map(input.environments.map((e) => [e.id, e]));
  const subjectOf = (g: PolicyInput['grants'][number]) =>
    `${agentName.get(g.agentId) ?? g.agentId} → ${systemName.get(g.systemId) ?? g.systemId} in ${env.get(g.environmentId)?.name ?? '?'}`;
  const tierOf = (g: PolicyInput['grants'][number]): EnvironmentTier => env.get(g.environmentId)?.tier ?? 'production';
  const matches = (r: PolicyRule, g: PolicyInput['grants'][number]) =>
    (!r.grants?.tier || r.grants.tier.includes(tierOf(g))) && (!r.grants?.actions || g.actions.some((a) => r.grants!.actions!.includes(a)));
  const label = (r: PolicyRule) => r.description ?? r.id;

  const violations: Violation[] = [];
  const add = (r: PolicyRule, subject: string, reason: string) => violations.push({ ruleId: r.id, rule: label(r), subject, reason });

  for (const r of policy.rules) {
    if (r.require?.gate || r.require?.expiry)
      for (const g of input.grants) {
        if (!matches(r, g)) continue;
        if (r.require.gate && GATE_STRENGTH[g.approvalGate] < GATE_STRENGTH[r.require.gate])
          add(r, subjectOf(g), `${g.actions.join(', ')} with gate "${g.approvalGate}"; the policy requires "${r.require.gate}".`);
        if (r.require.expiry && !g.expiresAt) add(r, subjectOf(g), 'The grant has no expiry date.');
      }
    if (r.require?.agentFields)
      for (const a of input.agents)
        for (const f of r.require.agentFields) if (!String(a[f] ?? '').trim()) add(r, a.name, `The agent has no ${FIELD_LABEL[f] ?? f}.`);
    if (r.forbid === 'shared-credential') {
      for (const s of input.discoveredShared) add(r, s.subject, s.reason);
      for (const s of sharedIdentities(input, tierOf)) add(r, s.subject, s.reason);
    }
    if (r.forbid === 'auto-approving-client') {
      // Only agents that hold matching access (by default: a state-changing grant in production).
      const holders = new Set(
        input.grants
          .filter((g) => (r.grants ? matches(r, g) : tierOf(g) === 'production' && g.actions.some(isStateChanging)))
          .map((g) => norm(agentName.get(g.agentId) ?? '')),
      );
      const seen = new Set<string>();
      for (const a of input.autoApproving)
        if (holders.has(norm(a.agentName)) && !seen.has(norm(a.agentName))) {
          seen.add(norm(a.agentName));
          add(r, a.agentName, `Its client approves tool calls by itself: ${a.reason}`);
        }
    }
    if (r.checklist) for (const f of input.checklistFindings) if (f.ruleId === r.checklist) add(r, f.agentName, f.message);
  }
  violations.sort((a, b) =>
    a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0,
  );
  // With nothing to judge the gate does not pass: an empty workspace proves nothing.
  const empty = input.agents.length === 0;
  return {
    passed: !empty && violations.length === 0,
    empty,
    judged: { agents: input.agents.length, grants: input.grants.length },
    violations,
  };
}

/** The inventory's own credential identities used in more than one environment tier. */
function sharedIdentities(input: PolicyInput, tierOf: (g: PolicyInput['grants'][number]) => EnvironmentTier) {
  const tiers = new Map<string, { name: string; tiers: Set<EnvironmentTier> }>();
  for (const g of input.grants) {
    const id = g.credentialIdentity.trim();
    if (!id) continue;
    const t = tiers.get(norm(id)) ?? { name: id, tiers: new Set() };
    t.tiers.add(tierOf(g));
    tiers.set(norm(id), t);
  }
  return [...tiers.values()]
    .filter((t) => t.tiers.size > 1)
    .map((t) => ({ subject: t.name, reason: `The credential "${t.name}" is used in ${[...t.tiers].sort().join(' and ')}.` }));
}
