/**
 * The dashboard's agent lists, served a page at a time: at 10k agents the whole table is 3.4 MB of JSON,
 * so the dashboard gets its first paint from a few rows and the all-agents table pages on the server.
 * Sort orders are cached per scores object (computeWorkspaceScores returns the same object until the data
 * or the day changes), so a request filters and slices an order that is already sorted.
 */
import { apportion } from '../../core/scoring/apportion';
import { NOT_READY_SHOWN, type AgentSortKey, type scoringChannels } from '../../core/scoring/contract';
import type { AgentScore, Verdict, WorkspaceScores } from '../../core/scoring/types';
import { assessmentAgentScores, latestAssessment } from '../store/scoring/assessments';
import type { OpenWorkspace } from '../store/workspaces';
import type { Handlers } from './handler-types';
import { computeWorkspaceScores, scoresDerived } from './scoring-queries';

type Ch = Pick<typeof scoringChannels, 'score:agents' | 'score:average'>;

const VERDICT_ORDER: Record<Verdict, number> = { 'not-ready': 0, conditional: 1, ready: 2 };
const collator = new Intl.Collator(undefined, { sensitivity: 'base' });

/** What one scores object needs for paging: lower-case names, the default order, and each sort order asked for so far. */
type Table = {
  agents: AgentScore[];
  lowerNames: string[];
  /** Verdict (not ready first), then score (lowest first), then name: the default order and every sort's tie-break. */
  base: Int32Array;
  /** Position of each agent in `base`. */
  rank: Int32Array;
  /** Sort orders by `${key}:${dir}:${lastId}`. */
  orders: Map<string, Int32Array>;
  /** Score change since an assessment, per agent (null: not in it), by assessment id. */
  deltas: Map<string, Array<number | null>>;
  /** Each assessment's scores by agent id, as read for `deltas` (an updated table recomputes its changed rows from them). */
  lastScores: Map<string, Record<string, number> | null>;
  /** Agent id -> index (the first, as a scan would find). */
  indexOf: Map<string, number>;
};

const tables = new WeakMap<WorkspaceScores, Table>();

const compareIn =
  (agents: AgentScore[]) =>
  (x: number, y: number): number => {
    const a = agents[x]!;
    const b = agents[y]!;
    return VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || a.score - b.score || collator.compare(a.agentName, b.agentName) || x - y;
  };

function tableFor(scores: WorkspaceScores): Table {
  const hit = tables.get(scores);
  if (hit) return hit;
  const derived = scoresDerived.get(scores);
  const prev = derived ? tables.get(derived.from) : undefined;
  const table = prev && derived ? updatedTable(prev, scores.agents, derived.rows) : newTable(scores.agents);
  tables.set(scores, table);
  return table;
}

function newTable(agents: AgentScore[]): Table {
  const idx = Array.from({ length: agents.length }, (_, i) => i);
  idx.sort(compareIn(agents));
  const indexOf = new Map<string, number>();
  agents.forEach((a, i) => indexOf.has(a.agentId) || indexOf.set(a.agentId, i));
  const names = agents.map((a) => a.agentName.toLowerCase());
  return withOrder(agents, names, idx, new Map(), indexOf);
}

function withOrder(
  agents: AgentScore[],
  lowerNames: string[],
  idx: number[],
  lastScores: Table['lastScores'],
  indexOf: Table['indexOf'],
): Table {
  const base = Int32Array.from(idx);
  const rank = new Int32Array(agents.length);
  for (let p = 0; p < base.length; p++) rank[base[p]!] = p;
  return { agents, lowerNames, base, rank, orders: new Map(), deltas: new Map(), lastScores, indexOf };
}

/** The table of scores where only `rows` changed: those rows move to their new place in the default order (no full sort). */
function updatedTable(prev: Table, agents: AgentScore[], rows: number[]): Table {
  const changed = new Set(rows);
  const cmp = compareIn(agents);
  const idx: number[] = [];
  for (const i of prev.base) if (!changed.has(i)) idx.push(i);
  for (const r of rows) {
    let lo = 0;
    let hi = idx.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(idx[mid]!, r) < 0) lo = mid + 1;
      else hi = mid;
    }
    idx.splice(lo, 0, r);
  }
  const names = rows.some((r) => agents[r]!.agentName !== prev.agents[r]!.agentName)
    ? agents.map((a) => a.agentName.toLowerCase())
    : prev.lowerNames;
  // Same agents in the same rows (an edit that adds or removes one scores in full): the id index carries over.
  const t = withOrder(agents, names, idx, prev.lastScores, prev.indexOf);
  for (const [key, old] of prev.deltas) {
    const last = prev.lastScores.get(key) ?? null;
    const value = old.slice();
    for (const r of rows) value[r] = deltaOf(agents[r]!, last);
    t.deltas.set(key, value);
  }
  return t;
}

const deltaOf = (a: AgentScore, last: Record<string, number> | null): number | null =>
  last && Object.hasOwn(last, a.agentId) ? a.score - last[a.agentId]! : null;

function deltasFor(ws: OpenWorkspace, t: Table, lastId: string | null): Array<number | null> {
  const key = lastId ?? '';
  const hit = t.deltas.get(key);
  if (hit) return hit;
  const last = lastId ? assessmentAgentScores(ws.db, lastId) : null;
  t.lastScores.set(key, last);
  const value = t.agents.map((a) => deltaOf(a, last));
  t.deltas.set(key, value);
  return value;
}

/** Sort value of one agent for a column (numbers compare as numbers, text with the collator). */
function sortValue(key: AgentSortKey, a: AgentScore, delta: number | null): number | string {
  switch (key) {
    case 'name':
      return a.agentName;
    case 'verdict':
      return VERDICT_ORDER[a.verdict];
    case 'score':
      return a.score;
    case 'delta':
      return delta ?? 0;
    case 'findings':
      return a.openFindings;
    case 'blast':
      return a.blastRadius;
    case 'lifecycle':
      return a.lifecycle;
  }
}

/** Agent indexes in table order for a column and direction; ties keep the default order in both directions. */
function orderFor(t: Table, key: AgentSortKey, dir: 'asc' | 'desc', deltas: Array<number | null>, lastId: string | null): Int32Array {
  if (key === 'verdict' && dir === 'asc') return t.base;
  const cacheKey = `${key}:${dir}:${key === 'delta' ? (lastId ?? '') : ''}`;
  const hit = t.orders.get(cacheKey);
  if (hit) return hit;
  const sign = dir === 'asc' ? 1 : -1;
  const values = t.agents.map((a, i) => sortValue(key, a, deltas[i] ?? null));
  const idx = Array.from(t.base);
  idx.sort((x, y) => {
    const a = values[x]!;
    const b = values[y]!;
    const c = typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));
    return c * sign || t.rank[x]! - t.rank[y]!;
  });
  const order = Int32Array.from(idx);
  t.orders.set(cacheKey, order);
  return order;
}

/** The light row the dashboard and the table show: first cap reason only, with the count of the others. */
const rowOf = (a: AgentScore, delta: number | null) => ({
  agentId: a.agentId,
  agentName: a.agentName,
  lifecycle: a.lifecycle,
  score: a.score,
  verdict: a.verdict,
  capReasons: a.capReasons.slice(0, 1),
  capReasonCount: a.capReasons.length,
  openFindings: a.openFindings,
  blastRadius: a.blastRadius,
  delta,
});

/** The dashboard's agent parts: the lowest-scoring not-ready agents in service and the first cap reason of each top-risk agent. */
export function dashboardAgents(ws: OpenWorkspace, scores: WorkspaceScores, lastId: string | null) {
  const t = tableFor(scores);
  const deltas = deltasFor(ws, t, lastId);
  const notReady = [];
  for (let p = 0; p < t.base.length && notReady.length < NOT_READY_SHOWN; p++) {
    const i = t.base[p]!;
    if (t.agents[i]!.verdict !== 'not-ready') break; // the default order puts every not-ready agent first
    // Retired agents are out of the roll-ups, so out of the card whose count is the roll-up's; their
    // leftover access still shows in the top risks and the all-agents table.
    if (t.agents[i]!.lifecycle === 'retired') continue;
    notReady.push(rowOf(t.agents[i]!, deltas[i] ?? null));
  }
  const byId = new Map<string, AgentScore>();
  for (const r of scores.topRisks) {
    const i = t.indexOf.get(r.agentId);
    if (i !== undefined && !byId.has(r.agentId)) byId.set(r.agentId, t.agents[i]!);
  }
  const topRiskCaps: Record<string, string> = {};
  for (const [id, a] of byId) if (a.capReasons[0]) topRiskCaps[id] = a.capReasons[0];
  return { notReady, topRiskCaps };
}

export const scoreAgentsHandlers: Handlers<Ch> = {
  'score:agents': (ctx, input) => {
    const ws = ctx.workspace(input.workspaceId);
    const scores = computeWorkspaceScores(ws, ctx.now());
    const lastId = latestAssessment(ws.db)?.id ?? null;
    const t = tableFor(scores);
    const deltas = deltasFor(ws, t, lastId);
    const order = orderFor(t, input.sort, input.dir, deltas, lastId);
    const q = input.q.toLowerCase();
    const verdict = input.verdict === 'all' ? null : input.verdict;
    const end = input.offset + input.limit;
    const rows = [];
    let total = 0;
    for (let p = 0; p < order.length; p++) {
      const i = order[p]!;
      if (q && !t.lowerNames[i]!.includes(q)) continue;
      const a = t.agents[i]!;
      if (verdict && a.verdict !== verdict) continue;
      if (total >= input.offset && total < end) rows.push(rowOf(a, deltas[i] ?? null));
      total++;
    }
    return { total, all: t.agents.length, rows };
  },
  'score:average': (ctx, input) => {
    const scores = computeWorkspaceScores(ctx.workspace(input.workspaceId), ctx.now());
    const mean = scores.workspace.meanScore;
    const t = tableFor(scores);
    const n = t.agents.length;
    // Apportioned in the default order, so ties in the rounding go to the same agents as before paging.
    const baseShares =
      mean === null
        ? []
        : apportion(
            Array.from(t.base, (i) => t.agents[i]!.score),
            mean * 10,
          );
    const shares = new Array<number>(n).fill(0);
    for (let p = 0; p < baseShares.length; p++) shares[t.base[p]!] = baseShares[p]!;
    // Lowest score first; equal scores in the default order (not ready first, then by name).
    const order = Array.from(t.base).sort((x, y) => t.agents[x]!.score - t.agents[y]!.score || t.rank[x]! - t.rank[y]!);
    const lowest = order.slice(0, input.limit).map((i) => {
      const a = t.agents[i]!;
      return {
        agentId: a.agentId,
        agentName: a.agentName,
        score: a.score,
        share: shares[i]! / 10,
        pulledDown: Math.round(((100 - a.score) / n) * 10) / 10,
        reason: a.capReasons[0] ?? '',
      };
    });
    return { mean, agentCount: n, lowest };
  },
};
