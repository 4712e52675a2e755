/**
 * Computed rules: each answers one control from the inventory and drill data, reporting every
 * affected grant or agent as a finding with a plain-language message.
 */
import type { Control } from '../checklist/schema';
import { isDestructive, isStateChanging, type Agent, type Grant } from '../inventory/model';
import { isWildcardScope } from '../inventory/risk';
import { blastOf } from './blast';
import { credentialKey, credentialUsedBy, credentialUserCount, type CredentialInfo, type DataIndex, type GrantFacts } from './data-index';
import { RULE_PARAMS, type RuleId, type RuleParams } from './rule-params';

export type RawFinding = {
  grantId: string | null;
  /** Distinguishes several findings on the same grant (e.g. "admin" and "wildcard"). */
  tag: string;
  message: string;
};

/** `applicable: false` means the rule has nothing to check for this agent (e.g. no production access). */
export type RuleOutcome = { applicable: boolean; findings: RawFinding[]; notApplicableReason?: string };

type RuleFn<R extends RuleId> = (agent: Agent, grants: Grant[], params: RuleParams<R>, control: Control, ix: DataIndex) => RuleOutcome;

/** Facts of the agent's grants, aligned with `grants`: precomputed by the index, or computed here for other lists. */
const factsFor = (ix: DataIndex, agentId: string, grants: Grant[]): GrantFacts[] => {
  const facts = ix.factsByAgent.get(agentId);
  if (facts && ix.grantsByAgent.get(agentId) === grants) return facts;
  return grants.map((g) => factsOf(ix, g));
};
const factsOf = (ix: DataIndex, g: Grant): GrantFacts => {
  const env = ix.environments.get(g.environmentId);
  const key = credentialKey(g.credentialIdentity);
  return {
    tier: env?.tier ?? 'unknown',
    where: `${ix.systems.get(g.systemId)?.name ?? 'Unknown system'} in ${env?.name ?? 'unknown environment'}`,
    envName: env?.name,
    credKey: key,
    cred: key ? ix.credentials.get(key) : undefined,
    stateChanging: g.actions.some(isStateChanging),
    blast: blastOf(g, env?.tier, ix.systems.get(g.systemId)?.criticality),
  };
};
const list = (xs: readonly string[]): string => xs.join(', ');
const prodWriting = (ix: DataIndex, agentId: string, grants: Grant[]): boolean => {
  for (const f of factsFor(ix, agentId, grants)) if (f.tier === 'production' && f.stateChanging) return true;
  return false;
};

const none = (reason: string): RuleOutcome => ({ applicable: false, findings: [], notApplicableReason: reason });
/** Not-applicable reasons that depend only on a rule's params, built once per params object. */
const reasonCache = new WeakMap<object, string>();
const reasonFor = (p: object, build: () => string): string => {
  let r = reasonCache.get(p);
  if (r === undefined) reasonCache.set(p, (r = build()));
  return r;
};
const stateChangingActions = (g: Grant): string[] => g.actions.filter(isStateChanging);
/** The other environments' names for a shared credential, as shown in the message (cached per credential and environment). */
const otherEnvNames = (ix: DataIndex, cred: CredentialInfo, envId: string, envName: string | undefined): string => {
  const byEnv = cred.othersByEnv ?? (cred.othersByEnv = new Map());
  let s = byEnv.get(envId);
  if (s === undefined) {
    const envs = cred.envSet ?? [cred.firstEnv];
    const names = cred.sortedEnvNames ?? (cred.sortedEnvNames = [...envs].map((id) => ix.environments.get(id)?.name ?? id).sort());
    s = list(names.filter((n) => n !== envName));
    byEnv.set(envId, s);
  }
  return s;
};
/** Up to three other users' names, in the set's order, without walking the whole set. */
const otherUserNames = (ix: DataIndex, cred: CredentialInfo, agentId: string): string => {
  const first = cred.firstUsers ?? (cred.firstUsers = cred.userSet ? firstOf(cred.userSet, 4) : [cred.firstUser]);
  const i = first.indexOf(agentId);
  if (i < 0 || i >= 3) {
    // The agent is not among the first three: the names are always the same.
    return cred.firstThreeNames ?? (cred.firstThreeNames = list(first.slice(0, 3).map((id) => ix.agents.get(id)?.name ?? id)));
  }
  const names: string[] = [];
  for (const id of first) {
    if (id === agentId) continue;
    names.push(ix.agents.get(id)?.name ?? id);
    if (names.length === 3) break;
  }
  return list(names);
};
const firstOf = (set: Set<string>, n: number): string[] => {
  const out: string[] = [];
  for (const x of set) {
    out.push(x);
    if (out.length === n) break;
  }
  return out;
};
const includesAny = (actions: readonly string[], wanted: readonly string[]): boolean => {
  for (const a of actions) if (wanted.includes(a)) return true;
  return false;
};

/**
 * The shape most grant rules share: the rule applies when at least one grant is in its scope, and
 * every in-scope grant that breaks it is a finding. One plain loop, nothing allocated per grant
 * that passes (it runs for 10k agents x every rule).
 */
function scanGrants(
  ix: DataIndex,
  agent: Agent,
  grants: Grant[],
  inScope: (g: Grant, f: GrantFacts) => boolean,
  check: (g: Grant, f: GrantFacts) => RawFinding | null,
  noneReason: () => string,
): RuleOutcome {
  const facts = factsFor(ix, agent.id, grants);
  let any = false;
  const findings: RawFinding[] = [];
  for (let i = 0; i < grants.length; i++) {
    const g = grants[i]!;
    const f = facts[i]!;
    if (!inScope(g, f)) continue;
    any = true;
    const finding = check(g, f);
    if (finding) findings.push(finding);
  }
  return any ? { applicable: true, findings } : none(noneReason());
}

const RULES: { [R in RuleId]: RuleFn<R> } = {
  'shared-credential-across-environments': (agent, grants, _p, _c, ix) => {
    const facts = factsFor(ix, agent.id, grants);
    if (grants.length === 0) return none('The agent holds no grants.');
    const findings: RawFinding[] = [];
    for (let i = 0; i < grants.length; i++) {
      const g = grants[i]!;
      const f = facts[i]!;
      const cred = f.cred;
      if (cred && cred.envSet && cred.envSet.size > 1) {
        findings.push({ grantId: g.id, tag: 'shared-env', message: `${f.where}: credential "${g.credentialIdentity}" is also used in ${otherEnvNames(ix, cred, g.environmentId, f.envName)}.` });
      }
    }
    return { applicable: true, findings };
  },
  'production-without-rehearsal': (agent, grants, _p, _c, ix) => {
    const facts = factsFor(ix, agent.id, grants);
    if (!prodWriting(ix, agent.id, grants)) return none('The agent cannot change anything in production.');
    const rehearsable = new Set<string>();
    for (let i = 0; i < grants.length; i++) {
      const g = grants[i]!;
      const t = facts[i]!.tier;
      if (t === 'staging' || t === 'sandbox') rehearsable.add(g.systemId);
    }
    const findings: RawFinding[] = [];
    for (let i = 0; i < grants.length; i++) {
      const g = grants[i]!;
      const f = facts[i]!;
      if (f.tier === 'production' && f.stateChanging && !rehearsable.has(g.systemId)) {
        findings.push({ grantId: g.id, tag: 'no-rehearsal', message: `${f.where}: can change production but has no staging or sandbox access to the same system to try changes first.` });
      }
    }
    return { applicable: true, findings };
  },
  'write-in-read-only-environment': (agent, grants, _p, _c, ix) =>
    scanGrants(
      ix,
      agent,
      grants,
      (_g, f) => f.tier === 'read-only',
      (g, f) => (f.stateChanging ? { grantId: g.id, tag: 'ro-write', message: `${f.where}: the environment is read-only but the agent can ${list(stateChangingActions(g))}.` } : null),
      () => 'The agent has no access to read-only environments.',
    ),
  'destructive-without-gate': (agent, grants, p, _c, ix) =>
    scanGrants(
      ix,
      agent,
      grants,
      (g, f) => p.tiers.includes(f.tier as never) && includesAny(g.actions, p.actions),
      (g, f) => (g.approvalGate === 'none' ? { grantId: g.id, tag: 'no-gate', message: `${f.where}: can ${list(g.actions.filter((a) => p.actions.includes(a)))} with no approval gate.` } : null),
      () => reasonFor(p, () => `The agent cannot take a destructive action in ${list(p.tiers)}.`),
    ),
  'two-person-missing': (agent, grants, p, _c, ix) =>
    scanGrants(
      ix,
      agent,
      grants,
      (g, f) => p.tiers.includes(f.tier as never) && includesAny(g.actions, p.actions),
      (g, f) =>
        g.approvalGate === 'two-person'
          ? null
          : {
              grantId: g.id,
              tag: 'no-two-person',
              message: `${f.where}: can ${list(g.actions.filter((a) => p.actions.includes(a)))} with ${g.approvalGate === 'none' ? 'no approval gate' : 'a single approver'}; two approvers are required.`,
            },
      () => reasonFor(p, () => `The agent cannot ${list(p.actions)} in ${list(p.tiers)}.`),
    ),
  'identity-not-own': (agent, grants, _p, _c, ix) => {
    const facts = factsFor(ix, agent.id, grants);
    if (grants.length === 0) return none('The agent holds no grants.');
    const findings: RawFinding[] = [];
    for (let i = 0; i < grants.length; i++) {
      const g = grants[i]!;
      const f = facts[i]!;
      if (!f.credKey) {
        findings.push({ grantId: g.id, tag: 'no-identity', message: `${f.where}: no credential identity is recorded, so its actions cannot be attributed.` });
        continue;
      }
      const cred = f.cred;
      const otherCount = cred ? credentialUserCount(cred) - (credentialUsedBy(cred, agent.id) ? 1 : 0) : 0;
      if (otherCount > 0) {
        // Name at most three others without walking the whole set (a credential may be shared by thousands).
        findings.push({ grantId: g.id, tag: 'shared-agent', message: `${f.where}: credential "${g.credentialIdentity}" is shared with ${otherUserNames(ix, f.cred!, agent.id)}${otherCount > 3 ? ` and ${otherCount - 3} more` : ''}.` });
      }
    }
    return { applicable: true, findings };
  },
  'admin-or-wildcard': (agent, grants, p, _c, ix) => {
    const facts = factsFor(ix, agent.id, grants);
    if (grants.length === 0) return none('The agent holds no grants.');
    const findings: RawFinding[] = [];
    for (let i = 0; i < grants.length; i++) {
      const g = grants[i]!;
      const f = facts[i]!;
      if (g.actions.includes('admin')) findings.push({ grantId: g.id, tag: 'admin', message: `${f.where}: holds admin rights.` });
      const counts = p.includeRead || f.stateChanging;
      if (counts && isWildcardScope(g.scope)) findings.push({ grantId: g.id, tag: 'wildcard', message: `${f.where}: can ${list(g.actions)} on everything (wildcard scope "${g.scope || '*'}").` });
    }
    return { applicable: true, findings };
  },
  'grant-without-expiry': (agent, grants, p, _c, ix) =>
    scanGrants(
      ix,
      agent,
      grants,
      (_g, f) => p.tiers.includes(f.tier as never) && !(p.stateChangingOnly && !f.stateChanging),
      (g, f) => (g.expiresAt ? null : { grantId: g.id, tag: 'no-expiry', message: `${f.where}: standing access to ${list(g.actions)} with no expiry date.` }),
      () => reasonFor(p, () => `The agent has no ${p.stateChangingOnly ? 'write access' : 'access'} in ${list(p.tiers)}.`),
    ),
  'stale-access': (agent, grants, _p, _c, ix) => {
    const facts = factsFor(ix, agent.id, grants);
    if (grants.length === 0) return none('The agent holds no grants.');
    const findings: RawFinding[] = [];
    for (let i = 0; i < grants.length; i++) {
      const g = grants[i]!;
      if (agent.lifecycle === 'retired') findings.push({ grantId: g.id, tag: 'retired', message: `${facts[i]!.where}: the agent is retired but still holds this grant.` });
      else if (g.expiresAt && g.expiresAt < ix.asOf) findings.push({ grantId: g.id, tag: 'expired', message: `${facts[i]!.where}: expired on ${g.expiresAt} but is still listed; remove it or renew it.` });
    }
    return { applicable: true, findings };
  },
  'agent-fields-missing': (agent, _grants, p) => {
    const labels: Record<string, string> = {
      accountableOwner: 'accountable owner',
      technicalOperator: 'technical operator',
      escalationContact: 'escalation contact',
      purpose: 'purpose',
      vendorModel: 'vendor / model',
    };
    const missing = p.fields.filter((f) => !String(agent[f] ?? '').trim());
    return { applicable: true, findings: missing.map((f) => ({ grantId: null, tag: `missing-${f}`, message: `${agent.name} has no ${labels[f]} recorded.` })) };
  },
  'workflow-owner-missing': (agent, _grants, _p, _c, ix) => {
    if (agent.workflowIds.length === 0) return { applicable: true, findings: [{ grantId: null, tag: 'no-workflow', message: `${agent.name} is not part of any workflow, so no workflow owner answers for its steps.` }] };
    const findings: RawFinding[] = [];
    for (const id of agent.workflowIds) {
      const wf = ix.workflows.get(id);
      if (wf && !wf.owner.trim()) findings.push({ grantId: null, tag: `workflow-${id}`, message: `Workflow "${wf.name}" has no owner.` });
    }
    return { applicable: true, findings };
  },
  'rollback-not-exercised': (agent, grants, _p, control, ix) => {
    if (!prodWriting(ix, agent.id, grants)) return none('The agent cannot change anything in production.');
    const fresh = (ix.recoveriesByAgent.get(agent.id) ?? []).filter((r) => withinPeriod(ix, r.exercisedOn, control.reviewPeriodDays));
    if (fresh.length > 0) return { applicable: true, findings: [] };
    const last = latest(ix.recoveriesByAgent.get(agent.id) ?? []);
    return {
      applicable: true,
      findings: [{
        grantId: null,
        tag: 'no-rollback-drill',
        message: last
          ? `${agent.name} writes to production; its last rollback drill (${last.exercisedOn}) is older than the ${control.reviewPeriodDays}-day review period.`
          : `${agent.name} writes to production but rollback has never been exercised in a drill.`,
      }],
    };
  },
  'containment-not-drilled': (agent, grants, p, control, ix) => {
    if (!prodWriting(ix, agent.id, grants)) return none('The agent cannot change anything in production.');
    const all = (ix.recoveriesByAgent.get(agent.id) ?? []).filter((r) => r.ttcMs !== null && withinPeriod(ix, r.exercisedOn, control.reviewPeriodDays));
    const maxMs = p.maxMinutes ? p.maxMinutes * 60_000 : Infinity;
    if (all.some((r) => (r.ttcMs ?? Infinity) <= maxMs)) return { applicable: true, findings: [] };
    const message = all.length > 0
      ? `${agent.name}: the fastest containment in a recent drill took ${Math.round(Math.min(...all.map((r) => r.ttcMs ?? 0)) / 60_000)} min, over the ${p.maxMinutes} min target.`
      : `${agent.name} writes to production but halting it and revoking its credentials has not been timed in a drill within ${control.reviewPeriodDays} days.`;
    return { applicable: true, findings: [{ grantId: null, tag: 'no-containment-drill', message }] };
  },
};

const withinPeriod = (ix: DataIndex, date: string, days: number): boolean => {
  const age = ix.asOfDay - Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / 86_400_000);
  return age >= 0 && age <= days;
};
const latest = <T extends { exercisedOn: string }>(xs: T[]): T | undefined => xs.reduce<T | undefined>((a, b) => (!a || b.exercisedOn > a.exercisedOn ? b : a), undefined);

/** Parse a control's rule params once (defaults applied). Null when the control has no rule. */
export function prepareRule(control: Control): { id: RuleId; params: unknown } | null {
  if (!control.rule) return null;
  const id = control.rule.id as RuleId;
  return { id, params: RULE_PARAMS[id].parse(control.rule.params ?? {}) };
}

/** Evaluate a prepared rule for one agent against its grants. */
export function evaluateRule(rule: { id: RuleId; params: unknown }, control: Control, agent: Agent, grants: Grant[], ix: DataIndex): RuleOutcome {
  return (RULES[rule.id] as RuleFn<RuleId>)(agent, grants, rule.params as never, control, ix);
}

/** True when any action in the list is destructive (used by blast radius and the UI). */
export const anyDestructive = (g: Grant): boolean => g.actions.some(isDestructive);
