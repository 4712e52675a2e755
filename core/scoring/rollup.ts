/** Roll-ups (workspace, per workflow) and the top-risk ranking, from already-scored agents. */
import type { Workflow } from '../inventory/model';
import type { AreaTable } from './area-table';
import { agentData, grantAt, type AgentData, type DataIndex } from './data-index';
import type { AgentScore, RiskItem, Rollup, WorkflowRollup } from './types';

/** Running sums of one roll-up. */
type Acc = {
  verdicts: Record<AgentScore['verdict'], number>;
  count: number;
  openFindings: number;
  scoreSum: number;
  minScore: number;
  areaSum: Float64Array;
  areaCount: Int32Array;
};
const newAcc = (nAreas: number): Acc => ({
  verdicts: { ready: 0, conditional: 0, 'not-ready': 0 },
  count: 0,
  openFindings: 0,
  scoreSum: 0,
  minScore: Infinity,
  areaSum: new Float64Array(nAreas),
  areaCount: new Int32Array(nAreas),
});
/** Adds one agent; `areaScores[k]` is its area k score (NaN: nothing in the area applies). */
function addTo(acc: Acc, a: AgentScore, areaScores: Float64Array): void {
  acc.count++;
  acc.verdicts[a.verdict]++;
  acc.openFindings += a.openFindings;
  acc.scoreSum += a.score;
  if (a.score < acc.minScore) acc.minScore = a.score;
  for (let k = 0; k < areaScores.length; k++) {
    const s = areaScores[k]!;
    if (Number.isNaN(s)) continue;
    acc.areaSum[k]! += s;
    acc.areaCount[k]! += 1;
  }
}
function toRollup(acc: Acc, table: AreaTable): Rollup {
  const n = acc.count;
  // Every agent is scored on every area the checklist uses; an empty set has no areas.
  const areas: Rollup['areas'] =
    n === 0
      ? []
      : table.areas.map((area, k) => ({ area, score: acc.areaCount[k]! === 0 ? null : Math.round(acc.areaSum[k]! / acc.areaCount[k]!) }));
  return {
    agentCount: n,
    meanScore: n === 0 ? null : Math.round(acc.scoreSum / n),
    minScore: n ? acc.minScore : null,
    verdicts: acc.verdicts,
    areas,
    openFindings: acc.openFindings,
  };
}

/**
 * The workspace roll-up and one per workflow over the agents at `rows` (area sums in `table`), in one
 * pass: each agent is read and its area scores computed once, then added to the workspace and to each
 * workflow it serves (in row order, so every sum is the same as adding each roll-up's agents alone).
 */
export function rollups(
  rows: number[],
  agents: AgentScore[],
  workflows: Workflow[],
  table: AreaTable,
): { workspace: Rollup; workflows: WorkflowRollup[] } {
  const nAreas = table.areas.length;
  const all = newAcc(nAreas);
  const byWorkflow = new Map<string, Acc>();
  for (const w of workflows) if (!byWorkflow.has(w.id)) byWorkflow.set(w.id, newAcc(nAreas));
  const areaScores = new Float64Array(nAreas);
  for (const r of rows) {
    const a = agents[r]!;
    for (let k = 0; k < nAreas; k++) areaScores[k] = table.score(r, k) ?? NaN;
    addTo(all, a, areaScores);
    for (const id of a.workflowIds) {
      const acc = byWorkflow.get(id);
      if (acc) addTo(acc, a, areaScores);
    }
  }
  return {
    workspace: toRollup(all, table),
    // A workflow listed twice shares its sums (as it shared one list of agents before).
    workflows: workflows.map((w) => ({ workflowId: w.id, workflowName: w.name, ...toRollup(byWorkflow.get(w.id)!, table) })),
  };
}

/**
 * The grants that could do the most damage given how unready their agent is:
 * risk = blast radius (0-100) x readiness gap (100 - score) / 100. Ties break on blast radius.
 */
export function topRisks(agents: AgentScore[], ix: DataIndex, limit: number, openByGrant?: Int32Array, data?: AgentData[]): RiskItem[] {
  // Pass 1: numbers only (no objects per grant), keeping the best `limit` candidates.
  type Cand = { risk: number; blast: number; findings: number; agent: AgentScore; grantIdx: number };
  const best: Cand[] = [];
  const better = (x: Cand, y: Cand) =>
    y.risk - x.risk || y.blast - x.blast || y.findings - x.findings || x.agent.agentName.localeCompare(y.agent.agentName);
  for (let k = 0; k < agents.length; k++) {
    const a = agents[k]!;
    // `data` (when given) is aligned with `agents`: no lookup by id.
    const d = data ? data[k]! : agentData(ix, a.agentId);
    const gap = 100 - a.score;
    for (let i = 0; i < d.count; i++) {
      const gi = grantAt(ix, d, i);
      const blast = ix.blast[gi]!;
      const risk = Math.round((blast * gap) / 100);
      const worst = best.length === limit ? best[best.length - 1]! : null;
      if (worst && (risk < worst.risk || (risk === worst.risk && blast < worst.blast))) continue;
      // Open findings on the grant: counted during scoring when available (reading `controls` would build every agent's detail).
      const findings = openByGrant ? openByGrant[d.start + i]! : openOnGrant(a, ix.grants[gi]!.id).length;
      const cand = { risk, blast, findings, agent: a, grantIdx: i };
      if (worst && better(cand, worst) >= 0) continue;
      best.push(cand);
      best.sort(better);
      if (best.length > limit) best.pop();
    }
  }
  // Pass 2: build the few items shown.
  return best.map(({ risk, blast, agent: a, grantIdx }) => riskItem(ix, agentData(ix, a.agentId), a, grantIdx, risk, blast));
}

/** One top-risk line: the agent's `grantIdx`-th grant in `d` (its record in `ix`). */
export function riskItem(ix: DataIndex, d: AgentData, a: AgentScore, grantIdx: number, risk: number, blast: number): RiskItem {
  const g = ix.grants[grantAt(ix, d, grantIdx)]!;
  const env = ix.environments.get(g.environmentId);
  return {
    agentId: a.agentId,
    agentName: a.agentName,
    grantId: g.id,
    systemName: ix.systems.get(g.systemId)?.name ?? 'Unknown system',
    environmentName: env?.name ?? 'Unknown environment',
    environmentTier: env?.tier ?? 'unknown',
    actions: [...g.actions],
    blastRadius: blast,
    gap: 100 - a.score,
    risk,
    verdict: a.verdict,
    findings: openOnGrant(a, g.id),
  };
}

/** Open finding messages on one grant, most serious first: critical controls, then heavier weights. */
function openOnGrant(a: AgentScore, grantId: string): string[] {
  const out: { msg: string; rank: number }[] = [];
  for (const c of a.controls) {
    for (const f of c.findings)
      if (f.status === 'open' && f.grantId === grantId) out.push({ msg: f.message, rank: (c.critical ? 10 : 0) + c.weight });
  }
  return out.sort((x, y) => y.rank - x.rank).map((x) => x.msg);
}
