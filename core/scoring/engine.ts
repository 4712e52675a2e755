/**
 * The scoring engine: pure functions from plain data (checklist, inventory, drill evidence, answers,
 * accepted risks, a date) to plain results. No I/O, so it can be unit-tested and benchmarked alone.
 *
 * Scoring a workspace computes every number for every agent (scores, verdicts, cap reasons, finding
 * counts, roll-ups, top risks) but builds an agent's per-control detail (`controls` and
 * `explanation`: finding messages, notes, explanation lines) and its `areas` objects only when they
 * are first read. At 10k agents that detail is ~1M objects nobody looks at on a dashboard; an
 * agent's page, a report or a stored assessment reads it and gets exactly what an eager run would
 * have built.
 */
import type { Agent } from '../inventory/model';
import { explainRanked, scoreAgent } from './agent-detail';
import { newTallies } from './agent-totals';
import { AreaTable } from './area-table';
import { makeSummariser } from './agent-summary';
import { localeRanks, prepareRun, type PreparedRun } from './prepared-run';
import { rollups, topRisks } from './rollup';
import type { AgentScore, ControlResult, ScoringInput, WorkspaceScores } from './types';

export { band } from './agent-totals';
export { explainRanked, findingKey, scoreAgent } from './agent-detail';
export { prepareRun, type PreparedRun } from './prepared-run';

/** Explanation lines whose points sum exactly to `score` and whose lost points sum to 100 - score. */
export const explain = (controls: ControlResult[], score: number) =>
  explainRanked(controls, score, localeRanks(controls.map((c) => c.controlId)));

/**
 * What a summary agent needs to build its detail on first read: kept on the object under a
 * non-enumerable symbol, which JSON, structured clone, Object.keys and spreads all leave out.
 */
type RunContext = { run: PreparedRun; agents: Agent[]; areas: AreaTable };
type Pending = { ctx: RunContext; row: number; detail: boolean };
const PENDING = Symbol('scoring detail to build');
type WithPending = AgentScore & { [PENDING]?: Pending };
/** One descriptor object, refilled for each agent (defineProperty reads it at once). */
const pendingDescriptor: PropertyDescriptor & { value: Pending | undefined } = {
  value: undefined,
  writable: true,
  enumerable: false,
  configurable: true,
};

const define = (s: AgentScore, key: keyof AgentScore, value: unknown): void =>
  void Object.defineProperty(s, key, { value, writable: true, enumerable: true, configurable: true });

/** Replace a lazy accessor with its value (a plain data property from then on). */
function materialise(s: WithPending, key: 'areas' | 'controls' | 'explanation'): void {
  const p = s[PENDING];
  if (!p) throw new Error('Scoring detail is missing for this agent.');
  if (key === 'areas') define(s, 'areas', p.ctx.areas.objects(p.row));
  else if (p.detail) {
    // Findings, notes and explanation lines come from the same rules, run again for this one agent.
    p.detail = false;
    const d = scoreAgent(p.ctx.run, p.ctx.agents[p.row]!);
    // A value someone assigned in the meantime stays.
    if (Object.getOwnPropertyDescriptor(s, 'controls')?.get) define(s, 'controls', d.controls);
    if (Object.getOwnPropertyDescriptor(s, 'explanation')?.get) define(s, 'explanation', d.explanation);
  }
  if (!p.detail && Object.getOwnPropertyDescriptor(s, 'areas')?.get === undefined) s[PENDING] = undefined;
}
const lazy = (key: 'areas' | 'controls' | 'explanation'): PropertyDescriptor => ({
  enumerable: true,
  configurable: true,
  get(this: AgentScore) {
    materialise(this, key);
    return this[key];
  },
  set(this: AgentScore, value: unknown) {
    define(this, key, value);
  },
});
const lazyAreas = lazy('areas');
const lazyControls = lazy('controls');
const lazyExplanation = lazy('explanation');

/**
 * Score every agent of a workspace, with roll-ups per workflow and for the workspace, and the top
 * risks (blast radius x readiness gap). This is what dashboards, assessments and reports consume.
 * Each agent's `areas`, `controls` and `explanation` are built on first read (JSON.stringify, structured
 * clone and property access all read them), from the input as it was: do not mutate it afterwards.
 */
export function scoreWorkspace(input: ScoringInput, opts: { topRisks?: number } = {}): WorkspaceScores {
  return scoreWorkspaceRun(input, opts).scores;
}

/** What a run leaves behind besides its result: incremental scoring (incremental.ts) starts from it. */
export type RunResult = { scores: WorkspaceScores; run: PreparedRun; table: AreaTable; openByGrant: Int32Array };

/** `scoreWorkspace` with the run's index, area table and open findings per grant (`topRisks: 0` skips the ranking). */
export function scoreWorkspaceRun(input: ScoringInput, opts: { topRisks?: number } = {}): RunResult {
  const run = prepareRun(input);
  const openByGrant = new Int32Array(run.ix.order.length);
  const table = new AreaTable(run.areas, input.inventory.agents.length);
  const summarise = makeSummariser(run, newTallies(input.checklist.controls.length), openByGrant, table);
  const data = run.ix.agentList;
  const ctx: RunContext = { run, agents: input.inventory.agents, areas: table };
  const agents = input.inventory.agents.map((agent, i): AgentScore => {
    const t = summarise(agent, data[i]!, i);
    // Same key order as a full result, so serialised results are identical. The accessors are
    // appended in order (not defined over existing keys), which keeps every object in one fast
    // V8 shape instead of a per-object dictionary.
    const s = {
      agentId: agent.id,
      agentName: agent.name,
      lifecycle: agent.lifecycle,
      workflowIds: agent.workflowIds,
      score: t.score,
      verdict: t.verdict,
      bandVerdict: t.bandVerdict,
      capReasons: t.capReasons,
    } as Partial<AgentScore>;
    Object.defineProperty(s, 'areas', lazyAreas);
    Object.defineProperty(s, 'controls', lazyControls);
    s.openFindings = t.openFindings;
    s.acceptedFindings = t.acceptedFindings;
    Object.defineProperty(s, 'explanation', lazyExplanation);
    s.blastRadius = t.blastRadius;
    pendingDescriptor.value = { ctx, row: i, detail: true };
    Object.defineProperty(s, PENDING, pendingDescriptor);
    return s as AgentScore;
  });
  pendingDescriptor.value = undefined; // the module must not keep the last run alive
  // Retired agents are listed (and their leftover access ranks in top risks) but do not count in roll-ups.
  const inService: number[] = [];
  for (let i = 0; i < agents.length; i++) if (agents[i]!.lifecycle !== 'retired') inService.push(i);
  const { workspace, workflows } = rollups(inService, agents, input.inventory.workflows, table);
  const { checklist } = input;
  const limit = opts.topRisks ?? 10;
  const scores: WorkspaceScores = {
    checklist: { id: checklist.id, version: checklist.version, title: checklist.title },
    asOf: input.asOf,
    agents,
    workspace,
    workflows,
    topRisks: limit > 0 ? topRisks(agents, run.ix, limit, openByGrant, data) : [],
  };
  return { scores, run, table, openByGrant };
}
