/**
 * One pass over the inventory and drill evidence builds every lookup the rules need, so scoring
 * N agents costs O(agents x controls + grants), never O(n^2).
 */
import type { DrillEvidence, OpenCorrectiveAction, RecoveryEvidence } from '../evidence/drill-evidence';
import type { Agent, Environment, Grant, InventorySnapshot, System, Workflow } from '../inventory/model';
import { dayNumber } from './dates';

export type DataIndex = {
  asOf: string;
  asOfDay: number;
  agents: Map<string, Agent>;
  systems: Map<string, System>;
  environments: Map<string, Environment>;
  workflows: Map<string, Workflow>;
  grantsByAgent: Map<string, Grant[]>;
  /** Normalised credential identity -> environment ids it is used in (any agent). */
  credentialEnvironments: Map<string, Set<string>>;
  /** Normalised credential identity -> agent ids using it. */
  credentialAgents: Map<string, Set<string>>;
  recoveriesByAgent: Map<string, RecoveryEvidence[]>;
  /** Open corrective actions by agent id; actions with agentId null are attached to every agent their drill covered. */
  correctiveByAgent: Map<string, OpenCorrectiveAction[]>;
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
  else m.set(k, new Set([v]));
};

/** Build the lookups once per scoring run. */
export function buildIndex(inventory: InventorySnapshot, drills: DrillEvidence, asOf: string): DataIndex {
  const byId = <T extends { id: string }>(xs: T[]): Map<string, T> => new Map(xs.map((x) => [x.id, x]));
  const grantsByAgent = new Map<string, Grant[]>();
  const credentialEnvironments = new Map<string, Set<string>>();
  const credentialAgents = new Map<string, Set<string>>();
  for (const g of inventory.grants) {
    push(grantsByAgent, g.agentId, g);
    const key = credentialKey(g.credentialIdentity);
    if (key) {
      add(credentialEnvironments, key, g.environmentId);
      add(credentialAgents, key, g.agentId);
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
  return {
    asOf,
    asOfDay: dayNumber(asOf),
    agents: byId(inventory.agents),
    systems: byId(inventory.systems),
    environments: byId(inventory.environments),
    workflows: byId(inventory.workflows),
    grantsByAgent,
    credentialEnvironments,
    credentialAgents,
    recoveriesByAgent,
    correctiveByAgent,
  };
}
