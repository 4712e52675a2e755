/** Roll-ups (workspace, per workflow) and the top-risk ranking, from already-scored agents. */
import { CONTROL_AREAS } from '../checklist/schema';
import type { Workflow } from '../inventory/model';
import { grantBlastRadius } from './blast';
import type { DataIndex } from './data-index';
import type { AgentScore, RiskItem, Rollup, WorkflowRollup } from './types';

const mean = (xs: number[]): number | null => (xs.length === 0 ? null : Math.round(xs.reduce((a, b) => a + b, 0) / xs.length));

/** Mean and minimum score, verdict counts, mean area scores and open findings of a set of agents. */
export function rollup(agents: AgentScore[]): Rollup {
  const verdicts = { ready: 0, conditional: 0, 'not-ready': 0 };
  let openFindings = 0;
  const areaLists = new Map<string, number[]>();
  for (const a of agents) {
    verdicts[a.verdict]++;
    openFindings += a.openFindings;
    for (const s of a.areas) if (s.score !== null) (areaLists.get(s.area) ?? areaLists.set(s.area, []).get(s.area)!).push(s.score);
  }
  return {
    agentCount: agents.length,
    meanScore: mean(agents.map((a) => a.score)),
    minScore: agents.length ? Math.min(...agents.map((a) => a.score)) : null,
    verdicts,
    areas: CONTROL_AREAS.filter((area) => agents.some((a) => a.areas.some((s) => s.area === area))).map((area) => ({ area, score: mean(areaLists.get(area) ?? []) })),
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
export function topRisks(agents: AgentScore[], ix: DataIndex, limit: number): RiskItem[] {
  const items: RiskItem[] = [];
  for (const a of agents) {
    const gap = 100 - a.score;
    const findingsByGrant = new Map<string, string[]>();
    // Most serious first: critical controls, then heavier weights.
    const ordered = [...a.controls].sort((x, y) => Number(y.critical) - Number(x.critical) || y.weight - x.weight);
    for (const c of ordered) for (const f of c.findings) if (f.status === 'open' && f.grantId) (findingsByGrant.get(f.grantId) ?? findingsByGrant.set(f.grantId, []).get(f.grantId)!).push(f.message);
    for (const g of ix.grantsByAgent.get(a.agentId) ?? []) {
      const blastRadius = grantBlastRadius(g, ix);
      const env = ix.environments.get(g.environmentId);
      items.push({
        agentId: a.agentId,
        agentName: a.agentName,
        grantId: g.id,
        systemName: ix.systems.get(g.systemId)?.name ?? 'Unknown system',
        environmentName: env?.name ?? 'Unknown environment',
        environmentTier: env?.tier ?? 'unknown',
        actions: [...g.actions],
        blastRadius,
        gap,
        risk: Math.round((blastRadius * gap) / 100),
        verdict: a.verdict,
        findings: findingsByGrant.get(g.id) ?? [],
      });
    }
  }
  items.sort((x, y) => y.risk - x.risk || y.blastRadius - x.blastRadius || y.findings.length - x.findings.length || x.agentName.localeCompare(y.agentName));
  return items.slice(0, limit);
}
