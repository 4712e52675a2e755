/**
 * Computed rules: each answers one control from the inventory and drill data. A rule is split in
 * two so the engine can count findings without building text: `scan` reports each problem to a
 * sink as (grant position, tag), and `message` writes the plain-language sentence for one of them
 * when someone needs to read it (an agent's page, a report, an export).
 */
import type { Control } from '../checklist/schema';
import type { RecoveryEvidence } from '../evidence/drill-evidence';
import { isStateChanging, type Agent, type Grant } from '../inventory/model';
import {
  ACTION_BIT,
  GATE,
  GRANT_FLAG,
  credentialUsedBy,
  credentialUserCount,
  grantAt,
  maskOf,
  STATE_CHANGING,
  TIER_BIT,
  type AgentData,
  type CredentialInfo,
  type DataIndex,
} from './data-index';
import { RULE_PARAMS, type RuleId, type RuleParams } from './rule-params';
import { latest, list, otherEnvNames, otherUserNames, reasonFor, withinPeriod } from './rule-support';
import { approvalMessage, approvalStateOf } from './rule-approvals';
import { DRIFT_RULES } from './drift-rules';

export type RawFinding = {
  grantId: string | null;
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

/** Bit masks of a rule's `tiers` and `actions` params (0 when it has none), for the scans' inner loops. */
export type RuleMasks = { tiers: number; actions: number };
/** `d`: the agent's record; a scan walks its grants as positions k = 0..d.count-1 (`grantAt` gives the grant's index). */
type Scan<R extends RuleId> = (
  agent: Agent,
  d: AgentData,
  p: RuleParams<R>,
  control: Control,
  ix: DataIndex,
  sink: FindingSink,
  m: RuleMasks,
) => string | null;
/** `gi`: index of the finding's grant in `ix.grants`, or -1 for a finding about the agent. */
type Message<R extends RuleId> = (
  agent: Agent,
  gi: number,
  tag: string,
  p: RuleParams<R>,
  control: Control,
  ix: DataIndex,
  d: AgentData,
) => string;
/** `scan` returns null when the rule applies (findings went to the sink), or why it does not apply. */
export type RuleDef<R extends RuleId> = { scan: Scan<R>; message: Message<R> };

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
const ADMIN_BIT = ACTION_BIT.admin!;
const PRODUCTION = TIER_BIT.production!;
const READ_ONLY = TIER_BIT['read-only']!;
const REHEARSAL = TIER_BIT.staging! | TIER_BIT.sandbox!;
const NO_MASKS: RuleMasks = { tiers: 0, actions: 0 };

const changesState = (ix: DataIndex, gi: number): boolean => (ix.actionMask[gi]! & STATE_CHANGING) !== 0;
const envNameOf = (ix: DataIndex, g: Grant): string | undefined => ix.environments.get(g.environmentId)?.name;
/** Does the agent change anything in production? */
const prodWriting = (ix: DataIndex, d: AgentData): boolean => {
  for (let k = 0; k < d.count; k++) {
    const gi = grantAt(ix, d, k);
    if (ix.tierBit[gi] === PRODUCTION && changesState(ix, gi)) return true;
  }
  return false;
};
/** True when some recovery within the review period matches `ok` (no arrays built: this runs for every production-writing agent). */
const anyFreshRecovery = (d: AgentData, control: Control, ix: DataIndex, ok: (r: RecoveryEvidence) => boolean): boolean => {
  if (d.recoveries) for (const r of d.recoveries) if (withinPeriod(ix, r.exercisedOn, control.reviewPeriodDays) && ok(r)) return true;
  return false;
};
const anyRecovery = (): boolean => true;
const timedContainments = (d: AgentData, control: Control, ix: DataIndex) =>
  (d.recoveries ?? []).filter((r) => r.ttcMs !== null && withinPeriod(ix, r.exercisedOn, control.reviewPeriodDays));
/** Systems (ix.system numbers) the agent can reach in staging or a sandbox: a reused list (most agents hold a handful of grants), a set for many. */
const rehearsalScratch: number[] = [];
const rehearsalSystems = (ix: DataIndex, d: AgentData): number[] | Set<number> => {
  const ids = rehearsalScratch;
  ids.length = 0;
  for (let k = 0; k < d.count; k++) {
    const gi = grantAt(ix, d, k);
    if (ix.tierBit[gi]! & REHEARSAL) ids.push(ix.system[gi]!);
  }
  return ids.length > 32 ? new Set(ids) : ids;
};
const otherUsers = (agent: Agent, cred: CredentialInfo | undefined): number =>
  cred ? credentialUserCount(cred) - (credentialUsedBy(cred, agent.id) ? 1 : 0) : 0;
/**
 * The shape most grant rules share: the rule applies when some grant is `inScope`, and each
 * in-scope grant that `breaks` it is a finding. Both are module-level functions of the grant's
 * index, so a scan allocates nothing (it runs for every agent x rule).
 */
const scanInScope = (
  ix: DataIndex,
  d: AgentData,
  m: RuleMasks,
  sink: FindingSink,
  tag: string,
  inScope: (ix: DataIndex, gi: number, m: RuleMasks) => boolean,
  breaks: (ix: DataIndex, gi: number) => boolean,
): boolean => {
  let any = false;
  for (let k = 0; k < d.count; k++) {
    const gi = grantAt(ix, d, k);
    if (!inScope(ix, gi, m)) continue;
    any = true;
    if (breaks(ix, gi)) sink.add(k, tag);
  }
  return any;
};
const inReadOnly = (ix: DataIndex, gi: number): boolean => ix.tierBit[gi] === READ_ONLY;
const inTiersWithActions = (ix: DataIndex, gi: number, m: RuleMasks): boolean =>
  (ix.tierBit[gi]! & m.tiers) !== 0 && (ix.actionMask[gi]! & m.actions) !== 0;
const inTiers = (ix: DataIndex, gi: number, m: RuleMasks): boolean => (ix.tierBit[gi]! & m.tiers) !== 0;
const inTiersChangingState = (ix: DataIndex, gi: number, m: RuleMasks): boolean =>
  (ix.tierBit[gi]! & m.tiers) !== 0 && changesState(ix, gi);
const ungated = (ix: DataIndex, gi: number): boolean => ix.gate[gi] === GATE.none;
const notTwoPerson = (ix: DataIndex, gi: number): boolean => ix.gate[gi] !== GATE['two-person'];
const noExpiry = (ix: DataIndex, gi: number): boolean => (ix.flags[gi]! & GRANT_FLAG.hasExpiry) === 0;

const RULES: { [R in RuleId]: RuleDef<R> } = {
  ...DRIFT_RULES,
  'destructive-approval-invalid': {
    scan: (_a, d, p, _c, ix, sink, m) => {
      let any = false;
      for (let k = 0; k < d.count; k++) {
        const gi = grantAt(ix, d, k);
        if (!inTiersWithActions(ix, gi, m)) continue;
        any = true;
        const state = approvalStateOf(ix, gi);
        if (state !== 'approved') sink.add(k, state);
      }
      return any ? null : reasonFor(p, () => `The agent cannot take a destructive action in ${list(p.tiers)}.`);
    },
    message: (_a, gi, tag, p, _c, ix) => approvalMessage(ix, gi, tag, p.actions),
  },
  'shared-credential-across-environments': {
    scan: (_a, d, _p, _c, ix, sink) => {
      if (d.count === 0) return NO_GRANTS;
      for (let k = 0; k < d.count; k++) {
        const cred = ix.cred[grantAt(ix, d, k)];
        if (cred && cred.envSet && cred.envSet.size > 1) sink.add(k, 'shared-env');
      }
      return null;
    },
    message: (_a, gi, _t, _p, _c, ix) => {
      const g = ix.grants[gi]!;
      return `${ix.where[gi]}: credential "${g.credentialIdentity}" is also used in ${otherEnvNames(ix, ix.cred[gi]!, g.environmentId, envNameOf(ix, g))}.`;
    },
  },
  'production-without-rehearsal': {
    scan: (_a, d, _p, _c, ix, sink) => {
      if (!prodWriting(ix, d)) return NO_PROD_WRITE;
      const rehearsal = rehearsalSystems(ix, d);
      for (let k = 0; k < d.count; k++) {
        const gi = grantAt(ix, d, k);
        if (ix.tierBit[gi] !== PRODUCTION || !changesState(ix, gi)) continue;
        const system = ix.system[gi]!;
        if (!(Array.isArray(rehearsal) ? rehearsal.includes(system) : rehearsal.has(system))) sink.add(k, 'no-rehearsal');
      }
      return null;
    },
    message: (_a, gi, _t, _p, _c, ix) =>
      `${ix.where[gi]}: can change production but has no staging or sandbox access to the same system to try changes first.`,
  },
  'write-in-read-only-environment': {
    scan: (_a, d, _p, _c, ix, sink) =>
      scanInScope(ix, d, NO_MASKS, sink, 'ro-write', inReadOnly, changesState)
        ? null
        : 'The agent has no access to read-only environments.',
    message: (_a, gi, _t, _p, _c, ix) =>
      `${ix.where[gi]}: the environment is read-only but the agent can ${list(ix.grants[gi]!.actions.filter(isStateChanging))}.`,
  },
  'destructive-without-gate': {
    scan: (_a, d, p, _c, ix, sink, m) =>
      scanInScope(ix, d, m, sink, 'no-gate', inTiersWithActions, ungated)
        ? null
        : reasonFor(p, () => `The agent cannot take a destructive action in ${list(p.tiers)}.`),
    message: (_a, gi, _t, p, _c, ix) =>
      `${ix.where[gi]}: can ${list(ix.grants[gi]!.actions.filter((a) => p.actions.includes(a)))} with no approval gate.`,
  },
  'two-person-missing': {
    scan: (_a, d, p, _c, ix, sink, m) =>
      scanInScope(ix, d, m, sink, 'no-two-person', inTiersWithActions, notTwoPerson)
        ? null
        : reasonFor(p, () => `The agent cannot ${list(p.actions)} in ${list(p.tiers)}.`),
    message: (_a, gi, _t, p, _c, ix) => {
      const g = ix.grants[gi]!;
      return `${ix.where[gi]}: can ${list(g.actions.filter((a) => p.actions.includes(a)))} with ${g.approvalGate === 'none' ? 'no approval gate' : 'a single approver'}; two approvers are required.`;
    },
  },
  'identity-not-own': {
    scan: (agent, d, _p, _c, ix, sink) => {
      if (d.count === 0) return NO_GRANTS;
      for (let k = 0; k < d.count; k++) {
        const gi = grantAt(ix, d, k);
        if (!ix.hasCred[gi]) sink.add(k, 'no-identity');
        else if (otherUsers(agent, ix.cred[gi]) > 0) sink.add(k, 'shared-agent');
      }
      return null;
    },
    message: (agent, gi, tag, _p, _c, ix) => {
      if (tag === 'no-identity') return `${ix.where[gi]}: no credential identity is recorded, so its actions cannot be attributed.`;
      const cred = ix.cred[gi]!;
      const others = otherUsers(agent, cred);
      // Name at most three others without walking the whole set (a credential may be shared by thousands).
      return `${ix.where[gi]}: credential "${ix.grants[gi]!.credentialIdentity}" is shared with ${otherUserNames(ix, cred, agent.id)}${others > 3 ? ` and ${others - 3} more` : ''}.`;
    },
  },
  'admin-or-wildcard': {
    scan: (_a, d, p, _c, ix, sink) => {
      if (d.count === 0) return NO_GRANTS;
      for (let k = 0; k < d.count; k++) {
        const gi = grantAt(ix, d, k);
        if (ix.actionMask[gi]! & ADMIN_BIT) sink.add(k, 'admin');
        if ((p.includeRead || changesState(ix, gi)) && ix.flags[gi]! & GRANT_FLAG.wildcard) sink.add(k, 'wildcard');
      }
      return null;
    },
    message: (_a, gi, tag, _p, _c, ix) =>
      tag === 'admin'
        ? `${ix.where[gi]}: holds admin rights.`
        : `${ix.where[gi]}: can ${list(ix.grants[gi]!.actions)} on everything (wildcard scope "${ix.grants[gi]!.scope || '*'}").`,
  },
  'grant-without-expiry': {
    scan: (_a, d, p, _c, ix, sink, m) =>
      scanInScope(ix, d, m, sink, 'no-expiry', p.stateChangingOnly ? inTiersChangingState : inTiers, noExpiry)
        ? null
        : reasonFor(p, () => `The agent has no ${p.stateChangingOnly ? 'write access' : 'access'} in ${list(p.tiers)}.`),
    message: (_a, gi, _t, _p, _c, ix) => `${ix.where[gi]}: standing access to ${list(ix.grants[gi]!.actions)} with no expiry date.`,
  },
  'stale-access': {
    scan: (agent, d, _p, _c, ix, sink) => {
      if (d.count === 0) return NO_GRANTS;
      const retired = agent.lifecycle === 'retired';
      for (let k = 0; k < d.count; k++) {
        if (retired) sink.add(k, 'retired');
        else if (ix.flags[grantAt(ix, d, k)]! & GRANT_FLAG.expired) sink.add(k, 'expired');
      }
      return null;
    },
    message: (_a, gi, tag, _p, _c, ix) =>
      tag === 'retired'
        ? `${ix.where[gi]}: the agent is retired but still holds this grant.`
        : `${ix.where[gi]}: expired on ${ix.grants[gi]!.expiresAt} but is still listed; remove it or renew it.`,
  },
  'agent-fields-missing': {
    scan: (agent, _d, p, _c, _ix, sink) => {
      for (const field of p.fields) if (!String(agent[field] ?? '').trim()) sink.add(-1, MISSING_TAG[field]!);
      return null;
    },
    message: (agent, _gi, tag) => `${agent.name} has no ${AGENT_FIELD_LABELS[tag.slice('missing-'.length)]} recorded.`,
  },
  'workflow-owner-missing': {
    scan: (agent, _d, _p, _c, ix, sink) => {
      if (agent.workflowIds.length === 0) sink.add(-1, 'no-workflow');
      if (!ix.someWorkflowOwnerless) return null;
      for (const id of agent.workflowIds) {
        const wf = ix.workflows.get(id);
        if (wf && !wf.owner.trim()) sink.add(-1, WORKFLOW_TAG + id);
      }
      return null;
    },
    message: (agent, _gi, tag, _p, _c, ix) =>
      tag === 'no-workflow'
        ? `${agent.name} is not part of any workflow, so no workflow owner answers for its steps.`
        : `Workflow "${ix.workflows.get(tag.slice(WORKFLOW_TAG.length))?.name ?? ''}" has no owner.`,
  },
  'rollback-not-exercised': {
    scan: (_a, d, _p, control, ix, sink) => {
      if (!prodWriting(ix, d)) return NO_PROD_WRITE;
      if (!anyFreshRecovery(d, control, ix, anyRecovery)) sink.add(-1, 'no-rollback-drill');
      return null;
    },
    message: (agent, _gi, _t, _p, control, _ix, d) => {
      const last = latest(d.recoveries ?? []);
      return last
        ? `${agent.name} writes to production; its last rollback drill (${last.exercisedOn}) is older than the ${control.reviewPeriodDays}-day review period.`
        : `${agent.name} writes to production but rollback has never been exercised in a drill.`;
    },
  },
  'containment-not-drilled': {
    scan: (_a, d, p, control, ix, sink) => {
      if (!prodWriting(ix, d)) return NO_PROD_WRITE;
      const maxMs = p.maxMinutes ? p.maxMinutes * 60_000 : Infinity;
      if (!anyFreshRecovery(d, control, ix, (r) => r.ttcMs !== null && r.ttcMs <= maxMs)) sink.add(-1, 'no-containment-drill');
      return null;
    },
    message: (agent, _gi, _t, p, control, ix, d) => {
      const all = timedContainments(d, control, ix);
      return all.length > 0
        ? `${agent.name}: the fastest containment in a recent drill took ${Math.round(Math.min(...all.map((r) => r.ttcMs ?? 0)) / 60_000)} min, over the ${p.maxMinutes} min target.`
        : `${agent.name} writes to production but halting it and revoking its credentials has not been timed in a drill within ${control.reviewPeriodDays} days.`;
    },
  },
};

export type PreparedRule = { id: RuleId; params: unknown; masks: RuleMasks };

/** Parse a control's rule params once (defaults applied). Null when the control has no rule. */
export function prepareRule(control: Control): PreparedRule | null {
  if (!control.rule) return null;
  const id = control.rule.id as RuleId;
  const params = RULE_PARAMS[id].parse(control.rule.params ?? {}) as { tiers?: string[]; actions?: string[] };
  return { id, params, masks: { tiers: maskOf(params.tiers ?? [], TIER_BIT), actions: maskOf(params.actions ?? [], ACTION_BIT) } };
}

const def = (rule: PreparedRule): RuleDef<RuleId> => RULES[rule.id] as RuleDef<RuleId>;

/** Run a rule's scan: null when it applies (each finding went to `sink`), else why it does not apply. */
export function scanRule(
  rule: PreparedRule,
  control: Control,
  agent: Agent,
  d: AgentData,
  ix: DataIndex,
  sink: FindingSink,
): string | null {
  return def(rule).scan(agent, d, rule.params as never, control, ix, sink, rule.masks);
}

/** The sentence for one finding a scan reported. */
export function ruleMessage(
  rule: PreparedRule,
  control: Control,
  agent: Agent,
  d: AgentData,
  ix: DataIndex,
  k: number,
  tag: string,
): string {
  return def(rule).message(agent, k >= 0 ? grantAt(ix, d, k) : -1, tag, rule.params as never, control, ix, d);
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
export function evaluateRule(rule: PreparedRule, control: Control, agent: Agent, d: AgentData, ix: DataIndex): RuleOutcome {
  collector.n = 0;
  const reason = scanRule(rule, control, agent, d, ix, collector);
  if (reason !== null) return { applicable: false, findings: [], notApplicableReason: reason };
  const n = collector.n;
  const idx = collector.idx.slice(0, n);
  const tags = collector.tags.slice(0, n);
  const findings: RawFinding[] = new Array<RawFinding>(n);
  for (let k = 0; k < n; k++) {
    const i = idx[k]!;
    findings[k] = {
      grantId: i >= 0 ? ix.grants[grantAt(ix, d, i)]!.id : null,
      tag: tags[k]!,
      message: ruleMessage(rule, control, agent, d, ix, i, tags[k]!),
    };
  }
  return { applicable: true, findings };
}
