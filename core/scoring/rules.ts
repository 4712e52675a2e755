/**
 * Computed rules: each answers one control from the inventory and drill data. A rule is split in
 * two so the engine can count findings without building text: `scan` reports each problem to a
 * sink as (grant position, tag), and `message` writes the plain-language sentence for one of them
 * when someone needs to read it (an agent's page, a report, an export).
 */
import type { Control } from '../checklist/schema';
import type { RecoveryEvidence } from '../evidence/drill-evidence';
import { isDestructive, isStateChanging, type Agent, type Grant } from '../inventory/model';
import { isWildcardScope } from '../inventory/risk';
import { credentialUsedBy, credentialUserCount, type DataIndex, type GrantFacts } from './data-index';
import { RULE_PARAMS, type RuleId, type RuleParams } from './rule-params';
import { factsFor, includesAny, latest, list, otherEnvNames, otherUserNames, prodWriting, reasonFor, withinPeriod } from './rule-support';

export type RawFinding = {
  grantId: string | null;
  /** Position of the grant in the agent's grant list; -1 for a finding about the agent itself. */
  grantIdx: number;
  /** Distinguishes several findings on the same grant (e.g. "admin" and "wildcard"). */
  tag: string;
  message: string;
};

/** `applicable: false` means the rule has nothing to check for this agent (e.g. no production access). */
export type RuleOutcome = { applicable: boolean; findings: RawFinding[]; notApplicableReason?: string };

/** Receives each finding a scan reports: the grant's position (-1 for the agent) and the finding's tag. */
export interface FindingSink {
  add(grantIdx: number, tag: string): void;
}

type Scan<R extends RuleId> = (agent: Agent, grants: Grant[], facts: GrantFacts[], p: RuleParams<R>, control: Control, ix: DataIndex, sink: FindingSink) => string | null;
type Message<R extends RuleId> = (agent: Agent, grant: Grant | undefined, fact: GrantFacts | undefined, tag: string, p: RuleParams<R>, control: Control, ix: DataIndex, facts: GrantFacts[]) => string;
/** `scan` returns null when the rule applies (findings went to the sink), or why it does not apply. */
type RuleDef<R extends RuleId> = { scan: Scan<R>; message: Message<R> };

const NO_GRANTS = 'The agent holds no grants.';
const NO_PROD_WRITE = 'The agent cannot change anything in production.';
const AGENT_FIELD_LABELS: Record<string, string> = {
  accountableOwner: 'accountable owner',
  technicalOperator: 'technical operator',
  escalationContact: 'escalation contact',
  purpose: 'purpose',
  vendorModel: 'vendor / model',
};
/** Finding tags built once per field / reused: the scan allocates nothing for a finding. */
const MISSING_TAG: Record<string, string> = Object.fromEntries(Object.keys(AGENT_FIELD_LABELS).map((f) => [f, `missing-${f}`]));
const WORKFLOW_TAG = 'workflow-';

const inTiersWithActions = (p: { tiers: readonly string[]; actions: readonly string[] }, g: Grant, f: GrantFacts): boolean =>
  p.tiers.includes(f.tier) && includesAny(g.actions, p.actions);
const freshRecoveries = (agent: Agent, control: Control, ix: DataIndex) =>
  (ix.recoveriesByAgent.get(agent.id) ?? []).filter((r) => withinPeriod(ix, r.exercisedOn, control.reviewPeriodDays));
/** True when some recovery within the review period matches `ok` (no arrays built: this runs for every production-writing agent). */
const anyFreshRecovery = (agent: Agent, control: Control, ix: DataIndex, ok: (r: RecoveryEvidence) => boolean): boolean => {
  const all = ix.recoveriesByAgent.get(agent.id);
  if (all) for (const r of all) if (withinPeriod(ix, r.exercisedOn, control.reviewPeriodDays) && ok(r)) return true;
  return false;
};
const anyRecovery = (): boolean => true;
/** Systems the agent can reach in staging or a sandbox: a scan of the list for the usual handful of grants, a set beyond that. */
const rehearsableSystems = (grants: Grant[], facts: GrantFacts[]): ((systemId: string) => boolean) => {
  const isRehearsal = (i: number) => facts[i]!.tier === 'staging' || facts[i]!.tier === 'sandbox';
  if (grants.length > 32) {
    const set = new Set<string>();
    for (let i = 0; i < grants.length; i++) if (isRehearsal(i)) set.add(grants[i]!.systemId);
    return (id) => set.has(id);
  }
  return (id) => {
    for (let i = 0; i < grants.length; i++) if (isRehearsal(i) && grants[i]!.systemId === id) return true;
    return false;
  };
};
const otherUsers = (agent: Agent, f: GrantFacts): number => (f.cred ? credentialUserCount(f.cred) - (credentialUsedBy(f.cred, agent.id) ? 1 : 0) : 0);

const RULES: { [R in RuleId]: RuleDef<R> } = {
  'shared-credential-across-environments': {
    scan: (_a, grants, facts, _p, _c, _ix, sink) => {
      if (grants.length === 0) return NO_GRANTS;
      for (let i = 0; i < facts.length; i++) {
        const cred = facts[i]!.cred;
        if (cred && cred.envSet && cred.envSet.size > 1) sink.add(i, 'shared-env');
      }
      return null;
    },
    message: (_a, g, f, _t, _p, _c, ix) => `${f!.where}: credential "${g!.credentialIdentity}" is also used in ${otherEnvNames(ix, f!.cred!, g!.environmentId, f!.envName)}.`,
  },
  'production-without-rehearsal': {
    scan: (_a, grants, facts, _p, _c, _ix, sink) => {
      if (!prodWriting(facts)) return NO_PROD_WRITE;
      const rehearsable = rehearsableSystems(grants, facts);
      for (let i = 0; i < grants.length; i++) {
        const f = facts[i]!;
        if (f.tier === 'production' && f.stateChanging && !rehearsable(grants[i]!.systemId)) sink.add(i, 'no-rehearsal');
      }
      return null;
    },
    message: (_a, _g, f) => `${f!.where}: can change production but has no staging or sandbox access to the same system to try changes first.`,
  },
  'write-in-read-only-environment': {
    scan: (_a, grants, facts, _p, _c, _ix, sink) => {
      let any = false;
      for (let i = 0; i < grants.length; i++) {
        const f = facts[i]!;
        if (f.tier !== 'read-only') continue;
        any = true;
        if (f.stateChanging) sink.add(i, 'ro-write');
      }
      return any ? null : 'The agent has no access to read-only environments.';
    },
    message: (_a, g, f) => `${f!.where}: the environment is read-only but the agent can ${list(g!.actions.filter(isStateChanging))}.`,
  },
  'destructive-without-gate': {
    scan: (_a, grants, facts, p, _c, _ix, sink) => {
      let any = false;
      for (let i = 0; i < grants.length; i++) {
        const g = grants[i]!;
        if (!inTiersWithActions(p, g, facts[i]!)) continue;
        any = true;
        if (g.approvalGate === 'none') sink.add(i, 'no-gate');
      }
      return any ? null : reasonFor(p, () => `The agent cannot take a destructive action in ${list(p.tiers)}.`);
    },
    message: (_a, g, f, _t, p) => `${f!.where}: can ${list(g!.actions.filter((a) => p.actions.includes(a)))} with no approval gate.`,
  },
  'two-person-missing': {
    scan: (_a, grants, facts, p, _c, _ix, sink) => {
      let any = false;
      for (let i = 0; i < grants.length; i++) {
        const g = grants[i]!;
        if (!inTiersWithActions(p, g, facts[i]!)) continue;
        any = true;
        if (g.approvalGate !== 'two-person') sink.add(i, 'no-two-person');
      }
      return any ? null : reasonFor(p, () => `The agent cannot ${list(p.actions)} in ${list(p.tiers)}.`);
    },
    message: (_a, g, f, _t, p) =>
      `${f!.where}: can ${list(g!.actions.filter((a) => p.actions.includes(a)))} with ${g!.approvalGate === 'none' ? 'no approval gate' : 'a single approver'}; two approvers are required.`,
  },
  'identity-not-own': {
    scan: (agent, grants, facts, _p, _c, _ix, sink) => {
      if (grants.length === 0) return NO_GRANTS;
      for (let i = 0; i < facts.length; i++) {
        const f = facts[i]!;
        if (!f.credKey) sink.add(i, 'no-identity');
        else if (otherUsers(agent, f) > 0) sink.add(i, 'shared-agent');
      }
      return null;
    },
    message: (agent, g, f, tag, _p, _c, ix) => {
      if (tag === 'no-identity') return `${f!.where}: no credential identity is recorded, so its actions cannot be attributed.`;
      const others = otherUsers(agent, f!);
      // Name at most three others without walking the whole set (a credential may be shared by thousands).
      return `${f!.where}: credential "${g!.credentialIdentity}" is shared with ${otherUserNames(ix, f!.cred!, agent.id)}${others > 3 ? ` and ${others - 3} more` : ''}.`;
    },
  },
  'admin-or-wildcard': {
    scan: (_a, grants, facts, p, _c, _ix, sink) => {
      if (grants.length === 0) return NO_GRANTS;
      for (let i = 0; i < grants.length; i++) {
        const g = grants[i]!;
        if (g.actions.includes('admin')) sink.add(i, 'admin');
        if ((p.includeRead || facts[i]!.stateChanging) && isWildcardScope(g.scope)) sink.add(i, 'wildcard');
      }
      return null;
    },
    message: (_a, g, f, tag) =>
      tag === 'admin' ? `${f!.where}: holds admin rights.` : `${f!.where}: can ${list(g!.actions)} on everything (wildcard scope "${g!.scope || '*'}").`,
  },
  'grant-without-expiry': {
    scan: (_a, grants, facts, p, _c, _ix, sink) => {
      let any = false;
      for (let i = 0; i < grants.length; i++) {
        const f = facts[i]!;
        if (!p.tiers.includes(f.tier as never) || (p.stateChangingOnly && !f.stateChanging)) continue;
        any = true;
        if (!grants[i]!.expiresAt) sink.add(i, 'no-expiry');
      }
      return any ? null : reasonFor(p, () => `The agent has no ${p.stateChangingOnly ? 'write access' : 'access'} in ${list(p.tiers)}.`);
    },
    message: (_a, g, f) => `${f!.where}: standing access to ${list(g!.actions)} with no expiry date.`,
  },
  'stale-access': {
    scan: (agent, grants, _f, _p, _c, ix, sink) => {
      if (grants.length === 0) return NO_GRANTS;
      for (let i = 0; i < grants.length; i++) {
        const g = grants[i]!;
        if (agent.lifecycle === 'retired') sink.add(i, 'retired');
        else if (g.expiresAt && g.expiresAt < ix.asOf) sink.add(i, 'expired');
      }
      return null;
    },
    message: (_a, g, f, tag) =>
      tag === 'retired' ? `${f!.where}: the agent is retired but still holds this grant.` : `${f!.where}: expired on ${g!.expiresAt} but is still listed; remove it or renew it.`,
  },
  'agent-fields-missing': {
    scan: (agent, _g, _f, p, _c, _ix, sink) => {
      for (const field of p.fields) if (!String(agent[field] ?? '').trim()) sink.add(-1, MISSING_TAG[field]!);
      return null;
    },
    message: (agent, _g, _f, tag) => `${agent.name} has no ${AGENT_FIELD_LABELS[tag.slice('missing-'.length)]} recorded.`,
  },
  'workflow-owner-missing': {
    scan: (agent, _g, _f, _p, _c, ix, sink) => {
      if (agent.workflowIds.length === 0) sink.add(-1, 'no-workflow');
      for (const id of agent.workflowIds) {
        const wf = ix.workflows.get(id);
        if (wf && !wf.owner.trim()) sink.add(-1, WORKFLOW_TAG + id);
      }
      return null;
    },
    message: (agent, _g, _f, tag, _p, _c, ix) =>
      tag === 'no-workflow'
        ? `${agent.name} is not part of any workflow, so no workflow owner answers for its steps.`
        : `Workflow "${ix.workflows.get(tag.slice(WORKFLOW_TAG.length))?.name ?? ''}" has no owner.`,
  },
  'rollback-not-exercised': {
    scan: (agent, _g, facts, _p, control, ix, sink) => {
      if (!prodWriting(facts)) return NO_PROD_WRITE;
      if (!anyFreshRecovery(agent, control, ix, anyRecovery)) sink.add(-1, 'no-rollback-drill');
      return null;
    },
    message: (agent, _g, _f, _t, _p, control, ix) => {
      const last = latest(ix.recoveriesByAgent.get(agent.id) ?? []);
      return last
        ? `${agent.name} writes to production; its last rollback drill (${last.exercisedOn}) is older than the ${control.reviewPeriodDays}-day review period.`
        : `${agent.name} writes to production but rollback has never been exercised in a drill.`;
    },
  },
  'containment-not-drilled': {
    scan: (agent, _g, facts, p, control, ix, sink) => {
      if (!prodWriting(facts)) return NO_PROD_WRITE;
      const maxMs = p.maxMinutes ? p.maxMinutes * 60_000 : Infinity;
      if (!anyFreshRecovery(agent, control, ix, (r) => r.ttcMs !== null && r.ttcMs <= maxMs)) sink.add(-1, 'no-containment-drill');
      return null;
    },
    message: (agent, _g, _f, _t, p, control, ix) => {
      const all = timedContainments(agent, control, ix);
      return all.length > 0
        ? `${agent.name}: the fastest containment in a recent drill took ${Math.round(Math.min(...all.map((r) => r.ttcMs ?? 0)) / 60_000)} min, over the ${p.maxMinutes} min target.`
        : `${agent.name} writes to production but halting it and revoking its credentials has not been timed in a drill within ${control.reviewPeriodDays} days.`;
    },
  },
};

const timedContainments = (agent: Agent, control: Control, ix: DataIndex) => freshRecoveries(agent, control, ix).filter((r) => r.ttcMs !== null);

export type PreparedRule = { id: RuleId; params: unknown };

/** Parse a control's rule params once (defaults applied). Null when the control has no rule. */
export function prepareRule(control: Control): PreparedRule | null {
  if (!control.rule) return null;
  const id = control.rule.id as RuleId;
  return { id, params: RULE_PARAMS[id].parse(control.rule.params ?? {}) };
}

const def = (rule: PreparedRule): RuleDef<RuleId> => RULES[rule.id] as RuleDef<RuleId>;

/** Run a rule's scan: null when it applies (each finding went to `sink`), else why it does not apply. */
export function scanRule(rule: PreparedRule, control: Control, agent: Agent, grants: Grant[], facts: GrantFacts[], ix: DataIndex, sink: FindingSink): string | null {
  return def(rule).scan(agent, grants, facts, rule.params as never, control, ix, sink);
}

/** The sentence for one finding a scan reported. */
export function ruleMessage(rule: PreparedRule, control: Control, agent: Agent, grants: Grant[], facts: GrantFacts[], ix: DataIndex, grantIdx: number, tag: string): string {
  return def(rule).message(agent, grants[grantIdx], facts[grantIdx], tag, rule.params as never, control, ix, facts);
}

/** Collects (grant position, tag) pairs; reused across calls (the engine is synchronous). */
class Collector implements FindingSink {
  idx: number[] = [];
  tags: string[] = [];
  n = 0;
  add(grantIdx: number, tag: string): void {
    this.idx[this.n] = grantIdx;
    this.tags[this.n] = tag;
    this.n++;
  }
}
const collector = new Collector();

/** Evaluate a prepared rule for one agent, with every finding's message written out. */
export function evaluateRule(rule: PreparedRule, control: Control, agent: Agent, grants: Grant[], ix: DataIndex): RuleOutcome {
  const facts = factsFor(ix, agent.id, grants);
  collector.n = 0;
  const reason = scanRule(rule, control, agent, grants, facts, ix, collector);
  if (reason !== null) return { applicable: false, findings: [], notApplicableReason: reason };
  const n = collector.n;
  const idx = collector.idx.slice(0, n);
  const tags = collector.tags.slice(0, n);
  const findings: RawFinding[] = new Array<RawFinding>(n);
  for (let k = 0; k < n; k++) {
    const i = idx[k]!;
    findings[k] = { grantId: i >= 0 ? grants[i]!.id : null, grantIdx: i, tag: tags[k]!, message: ruleMessage(rule, control, agent, grants, facts, ix, i, tags[k]!) };
  }
  return { applicable: true, findings };
}

/** True when any action in the list is destructive (used by blast radius and the UI). */
export const anyDestructive = (g: Grant): boolean => g.actions.some(isDestructive);
