import type { Database } from 'better-sqlite3';
import { AppError } from '../../core/common/errors';
import type { AgentSummary, InventoryOverview } from '../../core/inventory/contract';
import { LIFECYCLES } from '../../core/inventory/model';
import type { AgentSort, MatrixQuery, OverviewQuery } from '../../core/inventory/paging';
import { buildMatrixCells, RISK_LEVELS } from '../../core/inventory/risk';
import { grantsOfAgentsInEnvironment } from '../store/inventory/paged-reads';
import { environmentsTable } from '../store/inventory/tables';
import { inventoryIndex, type InventoryIndex } from './inventory-index';

/**
 * One page of the inventory's agents, or of a matrix environment's rows, cut on the server from the
 * cached index (issue 16 §2): searching, filtering and sorting happen here, and only the page travels.
 */

const lower = (s: string): string => s.toLowerCase();
const textOf = (a: AgentSummary): string[] => [a.name, a.accountableOwner, a.purpose, a.vendorModel, a.technicalOperator];

/** Ascending sort key of each sort, ties kept in name order (the index's order), so pages never overlap or skip. */
const SORT_KEY: Record<Exclude<AgentSort, 'name'>, (a: AgentSummary) => number | string> = {
  lifecycle: (a) => LIFECYCLES.indexOf(a.lifecycle),
  owner: (a) => lower(a.accountableOwner),
  grants: (a) => a.grantCount,
  risk: (a) => RISK_LEVELS.indexOf(a.riskLevel),
};

function orderOf(index: InventoryIndex, sort: AgentSort): Int32Array {
  const hit = index.orders.get(sort);
  if (hit) return hit;
  const positions = Int32Array.from(index.agents.keys());
  if (sort !== 'name') {
    const key = SORT_KEY[sort];
    const keys = index.agents.map((a) => key(a));
    positions.sort((x, y) => {
      const a = keys[x]!;
      const b = keys[y]!;
      return a < b ? -1 : a > b ? 1 : x - y;
    });
  }
  index.orders.set(sort, positions);
  return positions;
}

/** A filter naming a workflow or environment that does not exist is a mistake worth saying, not an empty page. */
function checkRefs(index: InventoryIndex, q: { workflowId?: string | undefined; environmentId?: string | undefined }): void {
  if (q.workflowId !== undefined && !index.workflows.some((w) => w.id === q.workflowId))
    throw new AppError('VALIDATION', 'Filter by workflow: no workflow has that id.', {
      issues: [{ path: 'workflowId', message: 'Unknown workflow' }],
    });
  if (q.environmentId !== undefined && !index.byEnvironment.has(q.environmentId))
    throw new AppError('VALIDATION', 'Filter by environment: no environment has that id.', {
      issues: [{ path: 'environmentId', message: 'Unknown environment' }],
    });
}

export function overviewPage(db: Database, q: OverviewQuery): InventoryOverview {
  const index = inventoryIndex(db);
  checkRefs(index, q);
  const needle = lower(q.q);
  const inEnv = q.environmentId !== undefined ? index.byEnvironment.get(q.environmentId)!.levelOf : null;
  const keep = (a: AgentSummary): boolean =>
    (!q.lifecycle || a.lifecycle === q.lifecycle) &&
    (!q.riskLevel || a.riskLevel === q.riskLevel) &&
    (q.workflowId === undefined || a.workflowIds.includes(q.workflowId)) &&
    (inEnv === null || inEnv.has(a.id)) &&
    (!needle || textOf(a).some((f) => lower(f).includes(needle)));
  const unfiltered = !needle && !q.lifecycle && !q.riskLevel && q.workflowId === undefined && inEnv === null;
  const order = orderOf(index, q.sort);
  const n = order.length;
  const at = (i: number): AgentSummary => index.agents[order[q.dir === 'asc' ? i : n - 1 - i]!]!;
  const page: AgentSummary[] = [];
  let matched = 0;
  if (unfiltered) {
    for (let i = q.offset; i < Math.min(n, q.offset + q.limit); i++) page.push(at(i));
    matched = n;
  } else {
    for (let i = 0; i < n; i++) {
      const a = at(i);
      if (!keep(a)) continue;
      if (matched >= q.offset && page.length < q.limit) page.push(a);
      matched++;
    }
  }
  return {
    workflows: index.workflows,
    agents: page,
    systems: index.systems,
    environments: index.environments,
    grantCount: index.grantCount,
    page: { offset: q.offset, limit: q.limit, matched, agentTotal: n },
  };
}

/** The first critical agents and the counts, for the dashboard. */
export function inventorySummary(db: Database, limit: number) {
  const index = inventoryIndex(db);
  const critical = index.agents.filter((a) => a.riskLevel === 'critical');
  return {
    agents: index.agents.length,
    workflows: index.workflows.length,
    systems: index.systems.length,
    grants: index.grantCount,
    criticalCount: critical.length,
    critical: critical.slice(0, limit).map((a) => ({ id: a.id, name: a.name, riskReason: a.riskReason })),
  };
}

const HIGH = RISK_LEVELS.indexOf('high');

/**
 * One page of agents x systems in an environment: the agents holding a grant there (by name,
 * filtered by workflow, name and "only high and critical"), their cells, and the totals over every
 * matching agent. At 100k agents the default view is this page, never the environment's whole.
 */
export function matrixPage(db: Database, q: MatrixQuery) {
  const environment = environmentsTable.get(db, q.environmentId);
  const index = inventoryIndex(db);
  checkRefs(index, { workflowId: q.workflowId });
  const env = index.byEnvironment.get(environment.id)!;
  const needle = lower(q.q);
  const rows: { id: string; name: string }[] = [];
  let agentTotal = 0;
  let criticalCount = 0;
  for (const a of index.agents) {
    const level = env.levelOf.get(a.id);
    if (level === undefined || (q.onlyRisky && level < HIGH)) continue;
    if (q.workflowId !== undefined && !a.workflowIds.includes(q.workflowId)) continue;
    if (needle && !lower(a.name).includes(needle)) continue;
    if (agentTotal >= q.offset && rows.length < q.limit) rows.push({ id: a.id, name: a.name });
    agentTotal++;
    criticalCount += env.criticalCells.get(a.id) ?? 0;
  }
  const all = buildMatrixCells(
    grantsOfAgentsInEnvironment(
      db,
      environment.id,
      rows.map((r) => r.id),
    ),
    environment.tier,
  );
  // "Only high and critical" keeps the columns that have such a cell; the rows' other cells still show.
  const columnIds = new Set((q.onlyRisky ? all.filter((c) => RISK_LEVELS.indexOf(c.level) >= HIGH) : all).map((c) => c.systemId));
  const systems = index.systems.filter((s) => columnIds.has(s.id)).map((s) => ({ id: s.id, name: s.name }));
  return {
    environment,
    agents: rows,
    systems,
    cells: all.filter((c) => columnIds.has(c.systemId)),
    agentTotal,
    criticalCount,
    offset: q.offset,
    limit: q.limit,
  };
}
