/** Roll-ups (workspace, per workflow) and the top-risk ranking, from already-scored agents. */
import type { Workflow } from '../inventory/model';
import type { AreaTable } from './area-table';
import { agentData, grantAt, type AgentData, type DataIndex } from './data-index';
import type { AgentScore, RiskItem, Rollup, WorkflowRollup } from './types';

/** Mean and minimum score, verdict counts, mean area scores and open findings of the agents at `rows` (area sums in `table`). */
export function rollup(rows: number[], agents: AgentScore[], table: AreaTable): Rollup {
  const verdicts = { ready: 0, conditional: 0, 'not-ready': 0 };
  const nAreas = table.areas.length;
  let openFindings = 0;
  let scoreSum = 0;
  let minScore = Infinity;
  const areaSum = new Float64Array(nAreas);
  const areaCount = new Int32Array(nAreas);
  for (const r of rows) {
    const a = agents[r]!;
    verdicts[a.verdict]++;
    openFindings += a.openFindings;
    scoreSum += a.score;
    if (a.score < minScore) minScore = a.score;
    for (let k = 0; k < nAreas; k++) {
      const s = table.score(r, k);
      if (s === null) continue;
      areaSum[k]! += s;
      areaCount[k]! += 1;
    }
  }
  // Every agent is scored on every area the checklist uses; an empty set has no areas.
  const areas: Rollup['areas'] =
    rows.length === 0
      ? []
      : table.areas.map((area, k) => ({ area, score: areaCount[k]! === 0 ? null : Math.round(areaSum[k]! / areaCount[k]!) }));
  return {
    agentCount: rows.length,
    meanScore: rows.length === 0 ? null : Math.round(scoreSum / rows.length),
    minScore: rows.length ? minScore : null,
    verdicts,
    areas,
    openFindings,
  };
}

/** One roll-up per workflow, over the agents (at `rows`) that serve it. */
export function workflowRollups(rows: number[], agents: AgentScore[], workflows: Workflow[], table: AreaTable): WorkflowRollup[] {
  const byWorkflow = new Map<string, number[]>(workflows.map((w) => [w.id, []]));
  for (const r of rows) for (const id of agents[r]!.workflowIds) byWorkflow.get(id)?.push(r);
  return workflows.map((w) => ({ workflowId: w.id, workflowName: w.name, ...rollup(byWorkflow.get(w.id) ?? [], agents, table) }));
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
