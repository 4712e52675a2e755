/**
 * The scoring engine: pure functions from plain data (checklist, inventory, drill evidence, answers,
 * accepted risks, a date) to plain results. No I/O, so it can be unit-tested and benchmarked alone.
 *
 * Scoring a workspace computes every number for every agent (scores, verdicts, cap reasons, finding
 * counts, roll-ups, top risks) but builds an agent's per-control detail (`controls` and
 * `explanation`: finding messages, notes, explanation lines) only when it is first read. At 10k
 * agents that detail is ~1M objects nobody looks at on a dashboard; an agent's page, a report or a
 * stored assessment reads it and gets exactly what an eager run would have built.
 */
import type { Agent } from '../inventory/model';
import { scoreAgent } from './agent-detail';
import { newTallies } from './agent-totals';
import { makeSummariser } from './agent-summary';
import { prepareRun, type PreparedRun } from './prepared-run';
import { rollup, topRisks, workflowRollups } from './rollup';
import type { AgentScore, ControlResult, ScoringInput, WorkspaceScores } from './types';

export { band } from './agent-totals';
export { explainRanked, findingKey, scoreAgent } from './agent-detail';
export { prepareRun, type PreparedRun } from './prepared-run';

import { explainRanked } from './agent-detail';
import { localeRanks } from './prepared-run';

/** Explanation lines whose points sum exactly to `score` and whose lost points sum to 100 - score. */
export const explain = (controls: ControlResult[], score: number) => explainRanked(controls, score, localeRanks(controls.map((c) => c.controlId)));

/** What a summary agent needs to build its detail on first read. */
const pending = new WeakMap<AgentScore, { run: PreparedRun; agent: Agent }>();

/** Replace the lazy accessors with the built detail (plain data properties from then on). */
function materialise(s: AgentScore): AgentScore {
  const p = pending.get(s);
  if (!p) throw new Error('Scoring detail is missing for this agent.');
  pending.delete(s);
  const d = scoreAgent(p.run, p.agent);
  for (const key of ['controls', 'explanation'] as const) Object.defineProperty(s, key, { value: d[key], writable: true, enumerable: true, configurable: true });
  return s;
}
const lazy = (key: 'controls' | 'explanation'): PropertyDescriptor => ({
  enumerable: true,
  configurable: true,
  get(this: AgentScore) {
    return materialise(this)[key];
  },
  set(this: AgentScore, value: unknown) {
    if (pending.has(this)) materialise(this);
    Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
  },
});
const lazyControls = lazy('controls');
const lazyExplanation = lazy('explanation');

/**
 * Score every agent of a workspace, with roll-ups per workflow and for the workspace, and the top
 * risks (blast radius x readiness gap). This is what dashboards, assessments and reports consume.
 * Each agent's `controls` and `explanation` are built on first read (JSON.stringify, structured
 * clone and property access all read them), from the input as it was: do not mutate it afterwards.
 */
export function scoreWorkspace(input: ScoringInput, opts: { topRisks?: number } = {}): WorkspaceScores {
  const run = prepareRun(input);
  const openByGrant = new Int32Array(run.ix.order.length);
  const summarise = makeSummariser(run, newTallies(input.checklist.controls.length), openByGrant);
  const data = run.ix.agentList;
  const agents = input.inventory.agents.map((agent, i): AgentScore => {
    const t = summarise(agent, data[i]!);
    // Same key order as a full result, so serialised results are identical.
    return {
      agentId: agent.id, agentName: agent.name, lifecycle: agent.lifecycle, workflowIds: agent.workflowIds,
      score: t.score, verdict: t.verdict, bandVerdict: t.bandVerdict, capReasons: t.capReasons, areas: t.areas,
      controls: [], openFindings: t.openFindings, acceptedFindings: t.acceptedFindings, explanation: [], blastRadius: t.blastRadius,
    };
  });
  // Retired agents are listed (and their leftover access ranks in top risks) but do not count in roll-ups.
  const inService = agents.filter((a) => a.lifecycle !== 'retired');
  const workspace = rollup(inService);
  const workflows = workflowRollups(inService, input.inventory.workflows);
  // Roll-ups first: the accessors below put each object in V8's slower dictionary mode.
  for (let i = 0; i < agents.length; i++) {
    const s = agents[i]!;
    pending.set(s, { run, agent: input.inventory.agents[i]! });
    Object.defineProperty(s, 'controls', lazyControls);
    Object.defineProperty(s, 'explanation', lazyExplanation);
  }
  const { checklist } = input;
  return {
    checklist: { id: checklist.id, version: checklist.version, title: checklist.title },
    asOf: input.asOf,
    agents,
    workspace,
    workflows,
    topRisks: topRisks(agents, run.ix, opts.topRisks ?? 10, openByGrant, data),
  };
}
