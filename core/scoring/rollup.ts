/** Roll-ups (workspace, per workflow) and the top-risk ranking, from already-scored agents. */
import { CONTROL_AREAS } from '../checklist/schema';
import type { Workflow } from '../inventory/model';
import { agentData, grantAt, type AgentData, type DataIndex } from './data-index';
import type { AgentScore, RiskItem, Rollup, WorkflowRollup } from './types';

const AREA_INDEX = new Map<string, number>(CONTROL_AREAS.map((a, i) => [a, i]));

/** Mean and minimum score, verdict counts, mean area scores and open findings of a set of agents. */
export function rollup(agents: AgentScore[]): Rollup {
  const verdicts = { ready: 0, conditional: 0, 'not-ready': 0 };
  let openFindings = 0;
  let scoreSum = 0;
  let minScore = Infinity;
  // Per area (canonical order): seen at all, and the sum and count of the scored ones.
  const seen = new Uint8Array(CONTROL_AREAS.length);
  const areaSum = new Float64Array(CONTROL_AREAS.length);
  const areaCount = new Int32Array(CONTROL_AREAS.length);
  for (const a of agents) {
    verdicts[a.verdict]++;
    openFindings += a.openFindings;
    scoreSum += a.score;
    if (a.score < minScore) minScore = a.score;
    for (const s of a.areas) {
      const k = AREA_INDEX.get(s.area);
      if (k === undefined) continue;
      seen[k] = 1;
      if (s.score !== null) {
        areaSum[k]! += s.score;
        areaCount[k]! += 1;
      }
    }
  }
  const areas: Rollup['areas'] = [];
  for (let k = 0; k < CONTROL_AREAS.length; k++) if (seen[k]) areas.push({ area: CONTROL_AREAS[k]!, score: areaCount[k]! === 0 ? null : Math.round(areaSum[k]! / areaCount[k]!) });
  return {
    agentCount: agents.length,
    meanScore: agents.length === 0 ? null : Math.round(scoreSum / agents.length),
    minScore: agents.length ? minScore : null,
    verdicts,
    areas,
    openFindings,
  };
}

/** One roll-up per workflow, over the agents that serve it. */
export function workflowRollups(agents: AgentScore[], workflows: Workflow[]): WorkflowRollup[] {
  const byWorkflow = new Map<string, AgentScore[]>(workflows.map((w) => [w.id, []]));
  for (const a of agents) for (const id of a.workflowIds) byWorkflow.get(id)?.push(a);
  return workflows.map((w) => ({ workflowId: w.id, workflowName: w.name, ...rollup(byWorkflow.get(w.id) ?? []) }));
}

/**
 * The grants that could do the most damage given how unready their agent is:
 * risk = blast radius (0-100) x readiness gap (100 - score) / 100. Ties break on blast radius.
 */
export function topRisks(agents: AgentScore[], ix: DataIndex, limit: number, openByGrant?: Int32Array, data?: AgentData[]): RiskItem[] {
  // Pass 1: numbers only (no objects per grant), keeping the best `limit` candidates.
  type Cand = { risk: number; blast: number; findings: number; agent: AgentScore; grantIdx: number };
  const best: Cand[] = [];
  const better = (x: Cand, y: Cand) => y.risk - x.risk || y.blast - x.blast || y.findings - x.findings || x.agent.agentName.localeCompare(y.agent.agentName);
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
  return best.map(({ risk, blast, agent: a, grantIdx }) => {
    const g = ix.grants[grantAt(ix, agentData(ix, a.agentId), grantIdx)]!;
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
  });
}

/** Open finding messages on one grant, most serious first: critical controls, then heavier weights. */
function openOnGrant(a: AgentScore, grantId: string): string[] {
  const out: { msg: string; rank: number }[] = [];
  for (const c of a.controls) {
    for (const f of c.findings) if (f.status === 'open' && f.grantId === grantId) out.push({ msg: f.message, rank: (c.critical ? 10 : 0) + c.weight });
  }
  return out.sort((x, y) => y.rank - x.rank).map((x) => x.msg);
}
