/**
 * Computed rules: each answers one control from the inventory and drill data, reporting every
 * affected grant or agent as a finding with a plain-language message.
 */
import type { Control } from '../checklist/schema';
import { isDestructive, isStateChanging, type Agent, type Grant } from '../inventory/model';
import { isWildcardScope } from '../inventory/risk';
import { credentialKey, type DataIndex } from './data-index';
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

const tierOf = (ix: DataIndex, g: Grant): string => ix.environments.get(g.environmentId)?.tier ?? 'unknown';
/** "Billing DB in Production" */
const where = (ix: DataIndex, g: Grant): string =>
  `${ix.systems.get(g.systemId)?.name ?? 'Unknown system'} in ${ix.environments.get(g.environmentId)?.name ?? 'unknown environment'}`;
const list = (xs: readonly string[]): string => xs.join(', ');
const prodWriting = (ix: DataIndex, grants: Grant[]): boolean =>
  grants.some((g) => tierOf(ix, g) === 'production' && g.actions.some(isStateChanging));

const none = (reason: string): RuleOutcome => ({ applicable: false, findings: [], notApplicableReason: reason });

const RULES: { [R in RuleId]: RuleFn<R> } = {
  'shared-credential-across-environments': (_agent, grants, _p, _c, ix) => {
    if (grants.length === 0) return none('The agent holds no grants.');
    const findings: RawFinding[] = [];
    for (const g of grants) {
      const key = credentialKey(g.credentialIdentity);
      const envs = key ? ix.credentialEnvironments.get(key) : undefined;
      if (envs && envs.size > 1) {
        const names = [...envs].map((id) => ix.environments.get(id)?.name ?? id).sort();
        findings.push({ grantId: g.id, tag: 'shared-env', message: `${where(ix, g)}: credential "${g.credentialIdentity}" is also used in ${list(names.filter((n) => n !== ix.environments.get(g.environmentId)?.name))}.` });
      }
    }
    return { applicable: true, findings };
  },
  'production-without-rehearsal': (_agent, grants, _p, _c, ix) => {
    const prodWrites = grants.filter((g) => tierOf(ix, g) === 'production' && g.actions.some(isStateChanging));
    if (prodWrites.length === 0) return none('The agent cannot change anything in production.');
    const rehearsable = new Set(grants.filter((g) => ['staging', 'sandbox'].includes(tierOf(ix, g))).map((g) => g.systemId));
    const findings = prodWrites
      .filter((g) => !rehearsable.has(g.systemId))
      .map((g) => ({ grantId: g.id, tag: 'no-rehearsal', message: `${where(ix, g)}: can change production but has no staging or sandbox access to the same system to try changes first.` }));
    return { applicable: true, findings };
  },
  'write-in-read-only-environment': (_agent, grants, _p, _c, ix) => {
    const ro = grants.filter((g) => tierOf(ix, g) === 'read-only');
    if (ro.length === 0) return none('The agent has no access to read-only environments.');
    const findings = ro
      .filter((g) => g.actions.some(isStateChanging))
      .map((g) => ({ grantId: g.id, tag: 'ro-write', message: `${where(ix, g)}: the environment is read-only but the agent can ${list(g.actions.filter(isStateChanging))}.` }));
    return { applicable: true, findings };
  },
  'destructive-without-gate': (_agent, grants, p, _c, ix) => {
    const scope = grants.filter((g) => p.tiers.includes(tierOf(ix, g) as never) && g.actions.some((a) => p.actions.includes(a)));
    if (scope.length === 0) return none(`The agent cannot take a destructive action in ${list(p.tiers)}.`);
    const findings = scope
      .filter((g) => g.approvalGate === 'none')
      .map((g) => ({ grantId: g.id, tag: 'no-gate', message: `${where(ix, g)}: can ${list(g.actions.filter((a) => p.actions.includes(a)))} with no approval gate.` }));
    return { applicable: true, findings };
  },
  'two-person-missing': (_agent, grants, p, _c, ix) => {
    const scope = grants.filter((g) => p.tiers.includes(tierOf(ix, g) as never) && g.actions.some((a) => p.actions.includes(a)));
    if (scope.length === 0) return none(`The agent cannot ${list(p.actions)} in ${list(p.tiers)}.`);
    const findings = scope
      .filter((g) => g.approvalGate !== 'two-person')
      .map((g) => ({
        grantId: g.id,
        tag: 'no-two-person',
        message: `${where(ix, g)}: can ${list(g.actions.filter((a) => p.actions.includes(a)))} with ${g.approvalGate === 'none' ? 'no approval gate' : 'a single approver'}; two approvers are required.`,
      }));
    return { applicable: true, findings };
  },
  'identity-not-own': (agent, grants, _p, _c, ix) => {
    if (grants.length === 0) return none('The agent holds no grants.');
    const findings: RawFinding[] = [];
    for (const g of grants) {
      const key = credentialKey(g.credentialIdentity);
      if (!key) {
        findings.push({ grantId: g.id, tag: 'no-identity', message: `${where(ix, g)}: no credential identity is recorded, so its actions cannot be attributed.` });
        continue;
      }
      const users = ix.credentialAgents.get(key);
      const otherCount = users ? users.size - (users.has(agent.id) ? 1 : 0) : 0;
      if (otherCount > 0) {
        // Name at most three others without walking the whole set (a credential may be shared by thousands).
        const names: string[] = [];
        for (const id of users!) {
          if (id === agent.id) continue;
          names.push(ix.agents.get(id)?.name ?? id);
          if (names.length === 3) break;
        }
        findings.push({ grantId: g.id, tag: 'shared-agent', message: `${where(ix, g)}: credential "${g.credentialIdentity}" is shared with ${list(names)}${otherCount > 3 ? ` and ${otherCount - 3} more` : ''}.` });
      }
    }
    return { applicable: true, findings };
  },
  'admin-or-wildcard': (_agent, grants, p, _c, ix) => {
    if (grants.length === 0) return none('The agent holds no grants.');
    const findings: RawFinding[] = [];
    for (const g of grants) {
      if (g.actions.includes('admin')) findings.push({ grantId: g.id, tag: 'admin', message: `${where(ix, g)}: holds admin rights.` });
      const counts = p.includeRead || g.actions.some(isStateChanging);
      if (counts && isWildcardScope(g.scope)) findings.push({ grantId: g.id, tag: 'wildcard', message: `${where(ix, g)}: can ${list(g.actions)} on everything (wildcard scope "${g.scope || '*'}").` });
    }
    return { applicable: true, findings };
  },
  'grant-without-expiry': (_agent, grants, p, _c, ix) => {
    const scope = grants.filter((g) => p.tiers.includes(tierOf(ix, g) as never) && (!p.stateChangingOnly || g.actions.some(isStateChanging)));
    if (scope.length === 0) return none(`The agent has no ${p.stateChangingOnly ? 'write access' : 'access'} in ${list(p.tiers)}.`);
    const findings = scope
      .filter((g) => !g.expiresAt)
      .map((g) => ({ grantId: g.id, tag: 'no-expiry', message: `${where(ix, g)}: standing access to ${list(g.actions)} with no expiry date.` }));
    return { applicable: true, findings };
  },
  'stale-access': (agent, grants, _p, _c, ix) => {
    if (grants.length === 0) return none('The agent holds no grants.');
    const findings: RawFinding[] = [];
    for (const g of grants) {
      if (agent.lifecycle === 'retired') findings.push({ grantId: g.id, tag: 'retired', message: `${where(ix, g)}: the agent is retired but still holds this grant.` });
      else if (g.expiresAt && g.expiresAt < ix.asOf) findings.push({ grantId: g.id, tag: 'expired', message: `${where(ix, g)}: expired on ${g.expiresAt} but is still listed; remove it or renew it.` });
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
    if (!prodWriting(ix, grants)) return none('The agent cannot change anything in production.');
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
    if (!prodWriting(ix, grants)) return none('The agent cannot change anything in production.');
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
