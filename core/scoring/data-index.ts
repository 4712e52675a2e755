/**
 * One pass over the inventory and drill evidence builds every lookup the rules need, so scoring
 * N agents costs O(agents x controls + grants), never O(n^2).
 */
import type { DrillEvidence, OpenCorrectiveAction, RecoveryEvidence } from '../evidence/drill-evidence';
import { isStateChanging, type Agent, type Environment, type Grant, type InventorySnapshot, type System, type Workflow } from '../inventory/model';
import { blastOf } from './blast';
import { dayNumber } from './dates';

export type DataIndex = {
  asOf: string;
  asOfDay: number;
  agents: Map<string, Agent>;
  systems: Map<string, System>;
  environments: Map<string, Environment>;
  workflows: Map<string, Workflow>;
  grantsByAgent: Map<string, Grant[]>;
  /**
   * Normalised credential identity -> the environments it is used in and the agents using it, once
   * two grants use it; before that, the index of the one grant using it in `inventory.grants`
   * (most identities belong to a single grant, and nothing is shared then: no object is made).
   */
  credentials: Map<string, CredentialInfo | number>;
  recoveriesByAgent: Map<string, RecoveryEvidence[]>;
  /** Open corrective actions by agent id; actions with agentId null are attached to every agent their drill covered. */
  correctiveByAgent: Map<string, OpenCorrectiveAction[]>;
  /** Facts of each agent's grants, aligned with `grantsByAgent`. */
  factsByAgent: Map<string, GrantFacts[]>;
  /** Where each agent's grants start in a flat per-run array of all grants (see `grantCount`). */
  grantOffset: Map<string, number>;
  grantCount: number;
};

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

export type GrantFacts = {
  /** Environment tier, or 'unknown'. */
  tier: string;
  /** "Billing DB in Production" */
  where: string;
  /** Environment name, undefined when the environment is unknown. */
  envName: string | undefined;
  /** Normalised credential identity ('' when none). */
  credKey: string;
  /** Set once a second grant uses the identity; undefined while only this grant does. */
  cred: CredentialInfo | undefined;
  /** Any action other than read. */
  stateChanging: boolean;
  /** `grantBlastRadius` of the grant. */
  blast: number;
};

export const credentialKey = (s: string): string => s.trim().toLowerCase();

const push = <K, V>(m: Map<K, V[]>, k: K, v: V): void => {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
};
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
export const credentialUsedBy = (cred: CredentialInfo, agentId: string): boolean => (cred.userSet ? cred.userSet.has(agentId) : cred.firstUser === agentId);

/** Build the lookups once per scoring run. */
export function buildIndex(inventory: InventorySnapshot, drills: DrillEvidence, asOf: string): DataIndex {
  const byId = <T extends { id: string }>(xs: T[]): Map<string, T> => {
    const m = new Map<string, T>();
    for (const x of xs) m.set(x.id, x);
    return m;
  };
  const systems = byId(inventory.systems);
  const environments = byId(inventory.environments);
  const grantsByAgent = new Map<string, Grant[]>();
  const factsByAgent = new Map<string, GrantFacts[]>();
  const credentials = new Map<string, CredentialInfo | number>();
  const allFacts: GrantFacts[] = new Array<GrantFacts>(inventory.grants.length);
  // "System in Environment" per system and environment: shared by every grant on that pair.
  const whereBySystem = new Map<string, Map<string, string>>();
  for (let gi = 0; gi < inventory.grants.length; gi++) {
    const g = inventory.grants[gi]!;
    const key = credentialKey(g.credentialIdentity);
    let cred: CredentialInfo | undefined;
    if (key) {
      const seen = credentials.get(key);
      if (seen === undefined) credentials.set(key, gi);
      else if (typeof seen === 'number') {
        // The second grant with this identity: from now on it is tracked, including the first grant.
        const first = inventory.grants[seen]!;
        cred = { firstEnv: first.environmentId, envSet: null, firstUser: first.agentId, userSet: null };
        useCredential(cred, g.environmentId, g.agentId);
        credentials.set(key, cred);
        allFacts[seen]!.cred = cred;
      } else {
        cred = seen;
        useCredential(cred, g.environmentId, g.agentId);
      }
    }
    let byEnv = whereBySystem.get(g.systemId);
    if (!byEnv) whereBySystem.set(g.systemId, (byEnv = new Map()));
    const env = environments.get(g.environmentId);
    let where = byEnv.get(g.environmentId);
    if (where === undefined) {
      where = `${systems.get(g.systemId)?.name ?? 'Unknown system'} in ${env?.name ?? 'unknown environment'}`;
      byEnv.set(g.environmentId, where);
    }
    let stateChanging = false;
    for (const a of g.actions) if (isStateChanging(a)) { stateChanging = true; break; }
    const blast = blastOf(g, env?.tier, systems.get(g.systemId)?.criticality);
    const facts: GrantFacts = { tier: env?.tier ?? 'unknown', where, envName: env?.name, credKey: key, cred, stateChanging, blast };
    allFacts[gi] = facts;
    const list = grantsByAgent.get(g.agentId);
    if (list) {
      list.push(g);
      factsByAgent.get(g.agentId)!.push(facts);
    } else {
      grantsByAgent.set(g.agentId, [g]);
      factsByAgent.set(g.agentId, [facts]);
    }
  }
  const recoveriesByAgent = new Map<string, RecoveryEvidence[]>();
  const drillAgents = new Map<string, Set<string>>();
  for (const r of drills.recoveries) {
    push(recoveriesByAgent, r.agentId, r);
    add(drillAgents, r.drillId, r.agentId);
  }
  const correctiveByAgent = new Map<string, OpenCorrectiveAction[]>();
  for (const ca of drills.openCorrectiveActions) {
    if (ca.agentId) push(correctiveByAgent, ca.agentId, ca);
    else for (const agentId of drillAgents.get(ca.drillId) ?? []) push(correctiveByAgent, agentId, ca);
  }
  const grantOffset = new Map<string, number>();
  let grantCount = 0;
  for (const [agentId, list] of grantsByAgent) {
    grantOffset.set(agentId, grantCount);
    grantCount += list.length;
  }
  return {
    asOf,
    asOfDay: dayNumber(asOf),
    agents: byId(inventory.agents),
    systems,
    environments,
    workflows: byId(inventory.workflows),
    grantsByAgent,
    credentials,
    recoveriesByAgent,
    correctiveByAgent,
    factsByAgent,
    grantOffset,
    grantCount,
  };
}
