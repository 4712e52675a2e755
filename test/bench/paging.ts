/**
 * Issue 16 §2 at 100k agents / 1M grants: the paged overview and matrix against the whole-list
 * reads they replaced, and a full grants export streamed to disk against the in-memory one, each
 * export in its own process so its peak RSS is its own. Run with `node test/bench/paging-run.mjs`.
 *
 * Phases (argv[2]): seed DIR AGENTS | lists DIR | export-streamed DIR FORMAT | export-old DIR FORMAT.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMatrixCells, grantRisk, maxRisk, type RiskLevel } from '../../core/inventory/risk';
import { readInventory } from '../../electron/store/inventory/snapshot';
import { context, median } from './backend';
import { makeDoc } from './generate';
import { seedRaw } from './seed-raw';

const [phase, dataDir, arg] = process.argv.slice(2) as [string, string, string | undefined];
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);
const emit = (o: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(o)}\n`);

async function time<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { ms: ms(t0), value };
}

/** What `inventory:overview` computed and sent before paging: every agent's summary (the old computeOverview). */
function oldOverview(db: import('better-sqlite3').Database) {
  const inv = readInventory(db);
  const tierOf = new Map(inv.environments.map((e) => [e.id, e.tier]));
  const perAgent = new Map<string, { n: number; level: RiskLevel; reason: string }>();
  for (const g of inv.grants) {
    const risk = grantRisk(g, tierOf.get(g.environmentId) ?? 'production');
    const cur = perAgent.get(g.agentId) ?? { n: 0, level: 'none' as RiskLevel, reason: 'no grants' };
    const level = maxRisk(cur.level, risk.level);
    perAgent.set(g.agentId, { n: cur.n + 1, level, reason: level === cur.level && cur.n > 0 ? cur.reason : risk.reason });
  }
  return {
    agents: inv.agents.map((a) => ({ ...a, grantCount: perAgent.get(a.id)?.n ?? 0, riskLevel: perAgent.get(a.id)?.level ?? 'none' })),
    systems: inv.systems,
    environments: inv.environments,
    workflows: inv.workflows,
  };
}

async function main(): Promise<void> {
  const { ctx, call } = context(dataDir);
  const workspaceId = async (): Promise<string> => (await call('workspace:list', {}))[0]!.id;
  if (phase === 'seed') {
    const ws = await call('workspace:create', { name: 'Paging bench', example: false });
    const agents = Number(arg ?? 100_000);
    const seeded = await time(() => seedRaw(ctx.workspace(ws.id).db, makeDoc(agents, 10)));
    emit({ phase, agents, rows: seeded.value, ms: Math.round(seeded.ms), fileMB: mb(statSync(ctx.workspace(ws.id).file).size) });
  } else if (phase === 'lists') {
    const id = await workspaceId();
    const db = ctx.workspace(id).db;
    const cold = await time(() => call('inventory:overview', { workspaceId: id, limit: 100 }));
    const overview = cold.value;
    const warm: number[] = [];
    for (let i = 0; i < 20; i++)
      warm.push((await time(() => call('inventory:overview', { workspaceId: id, offset: i * 4_999, limit: 100 }))).ms);
    const filtered: number[] = [];
    for (const q of [
      { q: 'payments' },
      { riskLevel: 'high' as const },
      { workflowId: overview.workflows[3]!.id },
      { sort: 'risk' as const, dir: 'desc' as const },
    ])
      filtered.push((await time(() => call('inventory:overview', { workspaceId: id, limit: 100, ...q }))).ms);
    const pageBytes = JSON.stringify(overview).length;
    // One grant edit, then the next page: the index is patched with the edit's rows, not rebuilt.
    const edited: number[] = [];
    for (let i = 0; i < 10; i++) {
      const agent = overview.agents[i]!;
      const g = (await call('agent:get', { workspaceId: id, id: agent.id })).grants[0]!;
      const { id: gid, version: _v, createdAt: _c, updatedAt: _u, ...fields } = g;
      await call('grant:update', { workspaceId: id, id: gid, grant: { ...fields, approvalGate: i % 2 ? 'none' : 'single' } });
      edited.push((await time(() => call('inventory:overview', { workspaceId: id, limit: 100, sort: 'risk' }))).ms);
    }
    const prod = overview.environments.find((e) => e.tier === 'production')!;
    const matrixWarm: number[] = [];
    let matrix = await call('inventory:matrix', { workspaceId: id, environmentId: prod.id });
    for (let i = 0; i < 10; i++)
      matrixWarm.push(
        (await time(async () => (matrix = await call('inventory:matrix', { workspaceId: id, environmentId: prod.id, offset: i * 3_001 }))))
          .ms,
      );
    const matrixWf = await time(() =>
      call('inventory:matrix', { workspaceId: id, environmentId: prod.id, workflowId: overview.workflows[5]!.id }),
    );
    // The whole-list reads that paging replaced, on the same file.
    const old = await time(() => oldOverview(db));
    const oldBytes = JSON.stringify(old.value).length;
    const oldMatrix = await time(() => {
      const grants = readInventory(db).grants.filter((g) => g.environmentId === prod.id);
      return buildMatrixCells(grants, prod.tier);
    });
    emit({
      phase,
      agents: overview.page.agentTotal,
      grants: overview.grantCount,
      overviewFirstPageColdMs: Math.round(cold.ms),
      overviewPageWarmMedianMs: +median(warm).toFixed(1),
      overviewFilteredMedianMs: +median(filtered).toFixed(1),
      overviewPageKB: Math.round(pageBytes / 1024),
      overviewAfterGrantEditMedianMs: +median(edited).toFixed(1),
      oldOverviewMs: Math.round(old.ms),
      oldOverviewMB: mb(oldBytes),
      matrixPageWarmMedianMs: +median(matrixWarm).toFixed(1),
      matrixWorkflowPageMs: +matrixWf.ms.toFixed(1),
      matrixPageKB: Math.round(JSON.stringify(matrix).length / 1024),
      matrixAgentsInProduction: matrix.agentTotal,
      oldMatrixMs: Math.round(oldMatrix.ms),
      oldMatrixMB: mb(JSON.stringify(oldMatrix.value).length),
      oldMatrixCells: oldMatrix.value.length,
    });
  } else {
    const id = await workspaceId();
    const format = (arg ?? 'csv') as 'csv' | 'xlsx';
    const out = mkdtempSync(join(tmpdir(), 'ar-bench-export-'));
    const rssBefore = process.memoryUsage().rss;
    const run = await time(async () =>
      phase === 'export-streamed'
        ? (await call('export:dataFile', { workspaceId: id, dataset: 'grants', format, dir: out })).bytes
        : Buffer.from((await call('export:data', { workspaceId: id, dataset: 'grants', format })).contentBase64, 'base64').length,
    );
    const files = readdirSync(out);
    rmSync(out, { recursive: true, force: true });
    emit({
      phase,
      format,
      ms: Math.round(run.ms),
      fileMB: mb(run.value),
      rssBeforeMB: mb(rssBefore),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      files: files.length,
    });
  }
  ctx.close();
}

await main();
