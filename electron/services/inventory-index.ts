import type { Database } from 'better-sqlite3';
import type { AgentSummary } from '../../core/inventory/contract';
import type { ActionClass, ApprovalGate, EnvironmentTier } from '../../core/inventory/model';
import { grantRisk, RISK_LEVELS, type RiskLevel } from '../../core/inventory/risk';
import { listAgents } from '../store/inventory/agents';
import { forEachLeanGrant } from '../store/inventory/paged-reads';
import { readEnvironments, readSystems } from '../store/inventory/snapshot';
import { workflowsTable } from '../store/inventory/tables';
import { dataStamp } from '../store/data-stamp';
import { changesSince } from '../store/mutate/index';
import { patchIndex } from './inventory-index-patch';

const rank = (l: RiskLevel): number => RISK_LEVELS.indexOf(l);
const CRITICAL = rank('critical');

/** Per environment: each agent's riskiest grant there (its rank) and how many of its cells there are critical. */
export type EnvironmentIndex = { levelOf: Map<string, number>; criticalCells: Map<string, number> };

/**
 * What the paged inventory lists are cut from: every agent with its counts and riskiest access, in
 * name order (as the store lists them), plus per-environment risk. Built from one lean pass over the
 * grants and kept per connection until the data changes, like the overview it replaces.
 */
export type InventoryIndex = {
  agents: AgentSummary[];
  workflows: (ReturnType<typeof workflowsTable.list>[number] & { agentCount: number })[];
  systems: (ReturnType<typeof readSystems>[number] & { grantCount: number })[];
  environments: (ReturnType<typeof readEnvironments>[number] & { grantCount: number })[];
  grantCount: number;
  byEnvironment: Map<string, EnvironmentIndex>;
  /** Agent positions in each sort order (ascending), computed when first asked for. */
  orders: Map<string, Int32Array>;
};

const cache = new WeakMap<Database, { stamp: string; value: InventoryIndex }>();

/**
 * The index for the data as it is now: the cached one, patched with the rows this connection's
 * writes changed since (inventory-index-patch.ts: an edit at 100k agents costs milliseconds, not a
 * full pass over 1M grants), or built again when the journal cannot say what changed.
 */
export function inventoryIndex(db: Database): InventoryIndex {
  const stamp = dataStamp(db);
  const hit = cache.get(db);
  if (hit?.stamp === stamp) return hit.value;
  const since = hit ? changesSince(db, hit.stamp) : null;
  const patched = since && patchIndex(db, hit!.value, since.rows) ? hit!.value : null;
  const value = patched ?? buildIndex(db);
  cache.set(db, { stamp: patched ? since!.stamp : stamp, value });
  return value;
}

type Risk = { level: RiskLevel; reason: string };

/** The index from scratch: one lean pass over every grant. Exported for the patch-equals-rebuild test. */
export function buildIndex(db: Database): InventoryIndex {
  const agentList = listAgents(db);
  const environments = readEnvironments(db);
  const tierOf = new Map<string, EnvironmentTier>(environments.map((e) => [e.id, e.tier]));
  // Grants repeat a handful of action sets and gates: parse and rate each combination once, not per grant.
  const riskMemo = new Map<string, Risk>();
  const riskOf = (actionsJson: string, gate: ApprovalGate, tier: EnvironmentTier): Risk => {
    const key = `${tier}\u0000${gate}\u0000${actionsJson}`;
    let r = riskMemo.get(key);
    if (!r) {
      r = grantRisk({ actions: JSON.parse(actionsJson) as ActionClass[], approvalGate: gate }, tier);
      riskMemo.set(key, r);
    }
    return r;
  };
  const perAgent = new Map<string, { n: number; level: RiskLevel; reason: string; at: string; rowid: number }>();
  const perSystem = new Map<string, number>();
  const perEnv = new Map<string, number>();
  const byEnvironment = new Map<string, EnvironmentIndex>(
    environments.map((e) => [e.id, { levelOf: new Map<string, number>(), criticalCells: new Map<string, number>() }]),
  );
  const criticalPairs = new Set<string>();
  const grantCount = forEachLeanGrant(db, ([agentId, systemId, environmentId, actions, gate, at, rowid]) => {
    const risk = riskOf(actions, gate, tierOf.get(environmentId) ?? 'production');
    const cur = perAgent.get(agentId);
    if (!cur) perAgent.set(agentId, { n: 1, level: risk.level, reason: risk.reason, at, rowid });
    else {
      cur.n++;
      // The reason is the riskiest level's earliest grant (created_at, then rowid): the one the overview always named.
      const d = rank(risk.level) - rank(cur.level);
      if (d > 0 || (d === 0 && (at < cur.at || (at === cur.at && rowid < cur.rowid)))) {
        cur.level = risk.level;
        cur.reason = risk.reason;
        cur.at = at;
        cur.rowid = rowid;
      }
    }
    perSystem.set(systemId, (perSystem.get(systemId) ?? 0) + 1);
    perEnv.set(environmentId, (perEnv.get(environmentId) ?? 0) + 1);
    const env = byEnvironment.get(environmentId);
    if (!env) return;
    const r = rank(risk.level);
    if ((env.levelOf.get(agentId) ?? -1) < r) env.levelOf.set(agentId, r);
    // A cell (agent x system) is critical when any of its grants is: count each pair once.
    if (r === CRITICAL) {
      const pair = `${environmentId}\u0000${agentId}\u0000${systemId}`;
      if (!criticalPairs.has(pair)) {
        criticalPairs.add(pair);
        env.criticalCells.set(agentId, (env.criticalCells.get(agentId) ?? 0) + 1);
      }
    }
  });
  const agentCount = new Map<string, number>();
  for (const a of agentList) for (const w of a.workflowIds) agentCount.set(w, (agentCount.get(w) ?? 0) + 1);
  return {
    agents: agentList.map((a) => {
      const s = perAgent.get(a.id);
      return { ...a, grantCount: s?.n ?? 0, riskLevel: s?.level ?? 'none', riskReason: s?.reason ?? 'no grants' };
    }),
    workflows: workflowsTable.list(db).map((w) => ({ ...w, agentCount: agentCount.get(w.id) ?? 0 })),
    systems: readSystems(db).map((s) => ({ ...s, grantCount: perSystem.get(s.id) ?? 0 })),
    environments: environments.map((e) => ({ ...e, grantCount: perEnv.get(e.id) ?? 0 })),
    grantCount,
    byEnvironment,
    orders: new Map(),
  };
}
