/**
 * One pass over the inventory and drill evidence builds every lookup the rules need, so scoring
 * N agents costs O(agents x controls + grants), never O(n^2).
 *
 * Layout, chosen for 10k agents and 100k grants: what the rules ask of each grant (tier, actions,
 * blast radius, credential, "System in Environment") lives in flat per-grant arrays, indexed by the
 * grant's position in `inventory.grants`; each agent's grants are a range of `order`. Everything
 * about one agent sits in one record (`AgentData`), found once per agent. A run then makes a few
 * large arrays instead of 100k small objects that the garbage collector would copy.
 */
import type { BehaviourFinding } from './behaviour';
import type { DrillEvidence, OpenCorrectiveAction, RecoveryEvidence } from '../evidence/drill-evidence';
import {
  ACTION_CLASSES,
  ENVIRONMENT_TIERS,
  type Agent,
  type Environment,
  type Grant,
  type InventorySnapshot,
  type System,
  type Workflow,
} from '../inventory/model';
import { isWildcardScope } from '../inventory/risk';
import { blastOf } from './blast';
import { dayNumber } from './dates';
import { FirstSeen } from './first-seen';
import type { Answer } from './types';
import type { GrantApprovalRecord } from '../approvals/model';

const NO_APPROVALS: ReadonlyMap<string, GrantApprovalRecord> = new Map();

/** Everything the rules and the engine ask about one agent. */
export type AgentData = {
  /** Undefined for an agent id that only grants or drills mention. */
  agent: Agent | undefined;
  /** Position in `agentList` (its answers' row), or -1 for an id only grants or drills mention. */
  slot: number;
  /** Position among all records of the run (in creation order). */
  record: number;
  /** This agent's grants are `order[start .. start + count)`, in input order. */
  start: number;
  count: number;
  recoveries: RecoveryEvidence[] | undefined;
  /** Open corrective actions; actions with agentId null are attached to every agent their drill covered. */
  corrective: OpenCorrectiveAction[] | undefined;
  /** Findings from the agent's activity logs. */
  behaviour: BehaviourFinding[] | undefined;
  /** Controls an accepted risk could cover for this agent (set by prepareRun). */
  riskControls: Set<string> | undefined;
};

export type DataIndex = {
  asOf: string;
  /** The latest discovery run's drift, by declared agent (set by prepareRun; undefined when no run exists). */
  discovery?: import('../discovery/drift-evidence').DriftEvidence | undefined;
  asOfDay: number;
  systems: Map<string, System>;
  environments: Map<string, Environment>;
  workflows: Map<string, Workflow>;
  /** Whether any workflow lacks an owner (when none does, no agent's workflows need looking up). */
  someWorkflowOwnerless: boolean;
  /** Agent id -> its record. */
  byAgent: Map<string, AgentData>;
  /** Records aligned with `inventory.agents`. */
  agentList: AgentData[];
  /** `inventory.grants`; the per-grant arrays below use the same positions. */
  grants: Grant[];
  /** Grant positions grouped by agent (see AgentData.start/count). */
  order: Int32Array;
  /** TIER_BIT of the grant's environment tier (0 when the environment is unknown). */
  tierBit: Uint8Array;
  /** ACTION_BIT of every action of the grant. */
  actionMask: Uint16Array;
  /** `blastOf` the grant (0-100). */
  blast: Uint8Array;
  /** 1 when the grant records a credential identity. */
  hasCred: Uint8Array;
  /** A number per distinct system id (equal numbers = same system), for comparisons without strings. */
  system: Int32Array;
  /** GATE code of the grant's approval gate. */
  gate: Uint8Array;
  /** GRANT_FLAG bits: has an expiry date, expired before "today", wildcard scope. */
  flags: Uint8Array;
  /** "Billing DB in Production" (one string per system and environment pair, shared). */
  where: string[];
  /**
   * Where and by whom the grant's credential identity (normalised) is used, once two grants use it;
   * undefined while only this grant does (most identities belong to one grant: no object is made).
   */
  cred: (CredentialInfo | undefined)[];
  /** Answers, `agentList.length` rows of one slot per checklist control (filled by prepareRun). */
  answers: (Answer | undefined)[];
  /** The same slots as numbers (see ANSWER_CODES in prepared-run.ts): comparing value strings once. */
  answerCodes: Uint8Array;
  /**
   * Grant requests and approvals by grant id (filled by prepareRun; empty when the input has none). A Map,
   * not the input's object: looking up 100k grant ids (strings read from SQLite) as object keys made V8
   * search its table of internalised strings for each one, about a tenth of a run even when no grant had
   * a record.
   */
  approvals: ReadonlyMap<string, GrantApprovalRecord>;
};

/** Bit per environment tier and per action class, so "in these tiers with one of these actions" is two ANDs. */
export const TIER_BIT: Record<string, number> = Object.fromEntries(ENVIRONMENT_TIERS.map((t, i) => [t, 1 << i]));
export const ACTION_BIT: Record<string, number> = Object.fromEntries(ACTION_CLASSES.map((a, i) => [a, 1 << i]));
export const maskOf = (xs: readonly string[], bits: Record<string, number>): number => {
  let m = 0;
  for (const x of xs) m |= bits[x] ?? 0;
  return m;
};
/** Approval gates as numbers (rows hold the gate as a string; comparing it once here spares every rule). */
export const GATE = { none: 0, single: 1, 'two-person': 2, other: 3 } as const;
export const GRANT_FLAG = { hasExpiry: 1, expired: 2, wildcard: 4 } as const;
/** ACTION_BIT of one action, by comparison (action strings come from each row: looking them up as keys costs more). */
const actionBit = (a: string): number => {
  switch (a) {
    case 'read':
      return ACTION_BIT.read!;
    case 'write':
      return ACTION_BIT.write!;
    case 'delete':
      return ACTION_BIT.delete!;
    case 'deploy':
      return ACTION_BIT.deploy!;
    case 'execute':
      return ACTION_BIT.execute!;
    case 'admin':
      return ACTION_BIT.admin!;
    default:
      return ACTION_BIT[a] ?? 0;
  }
};
/** Every action but read changes state. */
export const STATE_CHANGING = ~ACTION_BIT.read! & 0xffff;

export const EMPTY_AGENT_DATA: AgentData = Object.freeze({
  agent: undefined,
  slot: -1,
  record: -1,
  start: 0,
  count: 0,
  recoveries: undefined,
  corrective: undefined,
  behaviour: undefined,
  riskControls: undefined,
}) as AgentData;

/** One normalised credential identity: where and by whom it is used, plus lazily built message parts. */
export type CredentialInfo = {
  /** The first environment id it is used in; `envSet` holds every one (insertion order) once there are two or more. */
  firstEnv: string;
  envSet: Set<string> | null;
  /** The first agent id using it; `userSet` holds every one (insertion order) once there are two or more. */
  firstUser: string;
  userSet: Set<string> | null;
  /** Environment names (or ids when unknown), sorted; built on first use. */
  sortedEnvNames?: string[];
  /** Environment id -> the other environments' names joined, built on first use. */
  othersByEnv?: Map<string, string>;
  /** The first four users in insertion order, built on first use. */
  firstUsers?: string[];
  /** "A, B, C" for the first three users, built on first use. */
  firstThreeNames?: string;
};

export const credentialKey = (s: string): string => s.trim().toLowerCase();

const add = <K, V>(m: Map<K, Set<V>>, k: K, v: V): void => {
  const set = m.get(k);
  if (set) set.add(v);
  else m.set(k, new Set<V>().add(v));
};
/** Most credentials belong to one grant: sets are only made when a second environment or agent shows up. */
const useCredential = (cred: CredentialInfo, envId: string, agentId: string): void => {
  if (cred.envSet) cred.envSet.add(envId);
  else if (envId !== cred.firstEnv) cred.envSet = new Set([cred.firstEnv, envId]);
  if (cred.userSet) cred.userSet.add(agentId);
  else if (agentId !== cred.firstUser) cred.userSet = new Set([cred.firstUser, agentId]);
};
/** Number of distinct agents using a credential, and whether one of them is `agentId`. */
export const credentialUserCount = (cred: CredentialInfo): number => (cred.userSet ? cred.userSet.size : 1);
export const credentialUsedBy = (cred: CredentialInfo, agentId: string): boolean =>
  cred.userSet ? cred.userSet.has(agentId) : cred.firstUser === agentId;

/** Build the lookups once per scoring run. */
export function buildIndex(
  inventory: InventorySnapshot,
  drills: DrillEvidence,
  asOf: string,
  behaviour: readonly BehaviourFinding[] = [],
): DataIndex {
  const byId = <T extends { id: string }>(xs: T[]): Map<string, T> => {
    const m = new Map<string, T>();
    for (const x of xs) m.set(x.id, x);
    return m;
  };
  const systems = byId(inventory.systems);
  const environments = byId(inventory.environments);
  const byAgent = new Map<string, AgentData>();
  // Every record in creation order (the same order as the map's), so grants can name theirs by number.
  const records: AgentData[] = [];
  const newData = (agent: Agent | undefined, slot: number): AgentData => {
    const d: AgentData = {
      agent,
      slot,
      record: records.length,
      start: 0,
      count: 0,
      recoveries: undefined,
      corrective: undefined,
      behaviour: undefined,
      riskControls: undefined,
    };
    records.push(d);
    return d;
  };
  const agentList = inventory.agents.map((a, slot) => {
    // A duplicated id keeps one record (the last agent), as a map by id would.
    const d = byAgent.get(a.id);
    if (d) {
      d.agent = a;
      return d;
    }
    const fresh = newData(a, slot);
    byAgent.set(a.id, fresh);
    return fresh;
  });
  const dataOf = (agentId: string): AgentData => {
    let d = byAgent.get(agentId);
    if (!d) byAgent.set(agentId, (d = newData(undefined, -1)));
    return d;
  };
  const { grants } = inventory;
  const n = grants.length;
  const tierBit = new Uint8Array(n);
  const actionMask = new Uint16Array(n);
  const blast = new Uint8Array(n);
  const hasCred = new Uint8Array(n);
  const system = new Int32Array(n);
  const gate = new Uint8Array(n);
  const flags = new Uint8Array(n);
  const where = new Array<string>(n);
  const cred = new Array<CredentialInfo | undefined>(n).fill(undefined);
  const owner = new Int32Array(n);
  const credentials = new FirstSeen(n);
  // "System in Environment" per system and environment: shared by every grant on that pair.
  // Per system id: a small number for fast comparisons, the system, and "System in Environment" per environment.
  const systemInfo = new Map<string, { index: number; system: System | undefined; whereByEnv: Map<string, string> }>();
  let current: AgentData | undefined;
  let currentId = '';
  let currentRecord = -1;
  for (let gi = 0; gi < n; gi++) {
    const g = grants[gi]!;
    const key = credentialKey(g.credentialIdentity);
    if (key) {
      hasCred[gi] = 1;
      const first = credentials.firstOrAdd(key, gi);
      if (first >= 0) {
        // A second grant with this identity: from then on it is tracked, including the first grant.
        let info = cred[first];
        if (!info) {
          const f = grants[first]!;
          cred[first] = info = { firstEnv: f.environmentId, envSet: null, firstUser: f.agentId, userSet: null };
        }
        useCredential(info, g.environmentId, g.agentId);
        cred[gi] = info;
      }
    }
    let sys = systemInfo.get(g.systemId);
    if (!sys) systemInfo.set(g.systemId, (sys = { index: systemInfo.size, system: systems.get(g.systemId), whereByEnv: new Map() }));
    system[gi] = sys.index;
    const env = environments.get(g.environmentId);
    let w = sys.whereByEnv.get(g.environmentId);
    if (w === undefined) {
      w = `${sys.system?.name ?? 'Unknown system'} in ${env?.name ?? 'unknown environment'}`;
      sys.whereByEnv.set(g.environmentId, w);
    }
    where[gi] = w;
    let mask = 0;
    for (const a of g.actions) mask |= actionBit(a);
    actionMask[gi] = mask;
    tierBit[gi] = env ? (TIER_BIT[env.tier] ?? 0) : 0;
    blast[gi] = blastOf(g, env?.tier, sys.system?.criticality);
    gate[gi] =
      g.approvalGate === 'none'
        ? GATE.none
        : g.approvalGate === 'single'
          ? GATE.single
          : g.approvalGate === 'two-person'
            ? GATE['two-person']
            : GATE.other;
    const scope = g.scope.trim();
    flags[gi] =
      (g.expiresAt ? GRANT_FLAG.hasExpiry | (g.expiresAt < asOf ? GRANT_FLAG.expired : 0) : 0) |
      (scope.length <= 3 && isWildcardScope(scope) ? GRANT_FLAG.wildcard : 0);
    // Grants usually arrive grouped by agent: reuse the last record instead of looking it up.
    if (!current || g.agentId !== currentId) {
      current = dataOf(g.agentId);
      currentId = g.agentId;
      currentRecord = current.record;
    }
    owner[gi] = currentRecord;
    current.count++;
  }
  // Counting sort: each agent's grants become one range of `order`, in input order.
  let start = 0;
  for (const d of byAgent.values()) {
    d.start = start;
    start += d.count;
    d.count = 0; // counted again as the range fills
  }
  const order = new Int32Array(n);
  for (let gi = 0; gi < n; gi++) {
    const d = records[owner[gi]!]!;
    order[d.start + d.count++] = gi;
  }
  const drillAgents = new Map<string, Set<string>>();
  for (const r of drills.recoveries) {
    (dataOf(r.agentId).recoveries ??= []).push(r);
    add(drillAgents, r.drillId, r.agentId);
  }
  for (const ca of drills.openCorrectiveActions) {
    if (ca.agentId) (dataOf(ca.agentId).corrective ??= []).push(ca);
    else if (ca.drillId) for (const agentId of drillAgents.get(ca.drillId) ?? []) (dataOf(agentId).corrective ??= []).push(ca);
  }
  for (const b of behaviour) (dataOf(b.agentId).behaviour ??= []).push(b);
  return {
    asOf,
    asOfDay: dayNumber(asOf),
    systems,
    environments,
    workflows: byId(inventory.workflows),
    someWorkflowOwnerless: inventory.workflows.some((w) => !w.owner.trim()),
    byAgent,
    agentList,
    grants,
    order,
    tierBit,
    actionMask,
    blast,
    hasCred,
    system,
    gate,
    flags,
    where,
    cred,
    answers: [],
    answerCodes: new Uint8Array(0),
    approvals: NO_APPROVALS,
  };
}

/** The record of an agent id (an empty one when nothing mentions it). */
export const agentData = (ix: DataIndex, agentId: string): AgentData => ix.byAgent.get(agentId) ?? EMPTY_AGENT_DATA;
/** An agent's name for messages, or its id when unknown. */
export const agentName = (ix: DataIndex, agentId: string): string => ix.byAgent.get(agentId)?.agent?.name ?? agentId;
/** Position in `inventory.grants` of the agent's k-th grant. */
export const grantAt = (ix: DataIndex, d: AgentData, k: number): number => ix.order[d.start + k]!;
