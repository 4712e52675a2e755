import type { Database } from 'better-sqlite3';
import type { AgentSummary } from '../../core/inventory/contract';
import type { EnvironmentTier } from '../../core/inventory/model';
import { grantRisk, RISK_LEVELS } from '../../core/inventory/risk';
import { getAgent } from '../store/inventory/agents';
import { agentExists } from '../store/inventory/queries';
import { readAgentGrants, readSystems } from '../store/inventory/snapshot';
import { workflowsTable } from '../store/inventory/tables';
import type { CommittedRow } from '../store/mutate/index';
import type { InventoryIndex } from './inventory-index';

/**
 * Brings the inventory index up to date with the rows a few writes changed, instead of a new pass
 * over every grant (1M at 100k agents: seconds). A touched agent is re-read with its grants; counts
 * per system and environment move by the grant rows' deltas. Returns false, and the caller builds
 * the index again, for what it does not patch: an environment change (a tier re-rates every grant
 * in it), an agent or workflow deleted (their grants or links go by cascade) or a table it does not know.
 */

/** Tables that never reach the inventory lists. */
const NO_EFFECT = new Set([
  'answers',
  'evidence',
  'accepted_risks',
  'assessments',
  'assessment_snapshots',
  'grant_requests',
  'grant_approvals',
  'drills',
  'drill_events',
  'drill_agents',
  'drill_participants',
  'drill_corrective_actions',
  'drill_aars',
  'drill_scenarios',
  'corrective_actions',
  'checklists',
  'scoring_settings',
  'activity_approvals',
  'activity_events',
  'activity_reasons',
  'activity_source_agents',
  'activity_sources',
  'discovery_provenance',
  'discovery_runs',
  'history',
  'history_head',
  'meta',
]);

type Row = Record<string, unknown>;
const parse = (json: string | null): Row | null => (json === null ? null : (JSON.parse(json) as Row));
const str = (r: Row | null, k: string): string | null => (r && typeof r[k] === 'string' ? (r[k] as string) : null);
const rank = (l: string): number => RISK_LEVELS.indexOf(l as (typeof RISK_LEVELS)[number]);

/** SQLite's NOCASE order (the store lists agents by it): UTF-8 bytes with only A-Z folded. */
const nocaseKey = (s: string): Buffer =>
  Buffer.from(
    s.replace(/[A-Z]/g, (c) => c.toLowerCase()),
    'utf8',
  );
function insertByName(agents: AgentSummary[], a: AgentSummary): void {
  const key = nocaseKey(a.name);
  let lo = 0;
  let hi = agents.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Buffer.compare(nocaseKey(agents[mid]!.name), key) < 0) lo = mid + 1;
    else hi = mid;
  }
  agents.splice(lo, 0, a);
}

export function patchIndex(db: Database, index: InventoryIndex, rows: readonly CommittedRow[]): boolean {
  const touched = new Set<string>();
  let systemsMoved = false;
  let workflowsMoved = false;
  const systemDelta = new Map<string, number>();
  const envDelta = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string | null, d: number) => k !== null && m.set(k, (m.get(k) ?? 0) + d);
  let grantDelta = 0;
  for (const r of rows) {
    if (NO_EFFECT.has(r.table)) continue;
    const old = parse(r.old);
    const now = parse(r.new);
    switch (r.table) {
      case 'grants':
        for (const a of [str(old, 'agent_id'), str(now, 'agent_id')]) if (a) touched.add(a);
        if (old) {
          bump(systemDelta, str(old, 'system_id'), -1);
          bump(envDelta, str(old, 'environment_id'), -1);
          grantDelta--;
        }
        if (now) {
          bump(systemDelta, str(now, 'system_id'), 1);
          bump(envDelta, str(now, 'environment_id'), 1);
          grantDelta++;
        }
        break;
      case 'agents':
        if (r.action === 'delete') return false;
        touched.add(r.entityId);
        workflowsMoved = true;
        break;
      case 'agent_workflows':
        for (const a of [str(old, 'agent_id'), str(now, 'agent_id')]) if (a) touched.add(a);
        workflowsMoved = true;
        break;
      case 'systems':
        systemsMoved = true;
        break;
      case 'workflows':
        if (r.action === 'delete') return false; // its agents' links go by cascade
        workflowsMoved = true;
        break;
      default:
        return false; // environments (tiers re-rate grants), or a table this patch does not know
    }
  }
  const tierOf = new Map<string, EnvironmentTier>(index.environments.map((e) => [e.id, e.tier]));
  for (const id of touched) {
    if (!agentExists(db, id)) return false;
    const agent = getAgent(db, id);
    const grants = readAgentGrants(db, id);
    let level: (typeof RISK_LEVELS)[number] = 'none';
    let reason = 'no grants';
    for (const env of index.byEnvironment.values()) {
      env.levelOf.delete(id);
      env.criticalCells.delete(id);
    }
    const criticalSystems = new Map<string, Set<string>>();
    for (const [i, g] of grants.entries()) {
      const tier = tierOf.get(g.environmentId);
      const env = index.byEnvironment.get(g.environmentId);
      if (!tier || !env) return false;
      const risk = grantRisk(g, tier);
      // Grants come in the store's order: the first at the riskiest level gives the reason, as in a full build.
      if (i === 0 || rank(risk.level) > rank(level)) {
        level = risk.level;
        reason = risk.reason;
      }
      const r = rank(risk.level);
      if ((env.levelOf.get(id) ?? -1) < r) env.levelOf.set(id, r);
      if (risk.level === 'critical') {
        let set = criticalSystems.get(g.environmentId);
        if (!set) criticalSystems.set(g.environmentId, (set = new Set()));
        set.add(g.systemId);
      }
    }
    for (const [envId, set] of criticalSystems) index.byEnvironment.get(envId)!.criticalCells.set(id, set.size);
    const summary: AgentSummary = { ...agent, grantCount: grants.length, riskLevel: level, riskReason: reason };
    const at = index.agents.findIndex((a) => a.id === id);
    if (at >= 0 && index.agents[at]!.name === summary.name) index.agents[at] = summary;
    else {
      if (at >= 0) index.agents.splice(at, 1);
      insertByName(index.agents, summary);
    }
  }
  index.grantCount += grantDelta;
  const counts = new Map(index.systems.map((s) => [s.id, s.grantCount]));
  for (const [k, d] of systemDelta) counts.set(k, (counts.get(k) ?? 0) + d);
  if (systemsMoved || systemDelta.size > 0) index.systems = readSystems(db).map((s) => ({ ...s, grantCount: counts.get(s.id) ?? 0 }));
  for (const e of index.environments) e.grantCount += envDelta.get(e.id) ?? 0;
  if (workflowsMoved) {
    const agentCount = new Map<string, number>();
    for (const a of index.agents) for (const w of a.workflowIds) agentCount.set(w, (agentCount.get(w) ?? 0) + 1);
    index.workflows = workflowsTable.list(db).map((w) => ({ ...w, agentCount: agentCount.get(w.id) ?? 0 }));
  }
  if (touched.size > 0) index.orders.clear();
  return true;
}
