/**
 * Engine-only loop for profiling P2/P2b outside the full bench (issue 16). Bundle it as run.mjs bundles
 * bench.ts (esbuild, platform node, better-sqlite3 external), then
 * `node [--cpu-prof] engine-loop.mjs DIR [rounds] [all|engine|read|app]`. Seeds the bench's 10k-agent
 * workspace in DIR once (kept between runs), then times the raw read, the engine and the app's read
 * (`scoringInputFor`), in wall and process CPU time (CPU time moves less with other people's load).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { scoreWorkspace } from '../../core/scoring/engine';
import { scoringInputFor } from '../../electron/services/scoring-queries';
import { context, median, seedAnswers } from './backend';
import { FULL, makeDoc } from './generate';

const dir = process.argv[2] ?? '/tmp/perf16/data';
const rounds = Number(process.argv[3] ?? 9);
const mode = process.argv[4] ?? 'all';
const fresh = !existsSync(dir);
mkdirSync(dir, { recursive: true });
const { ctx, call } = context(dir);
const log = (s: string): void => void process.stderr.write(`${s}\n`);
/** Wall and process CPU time (the machine is shared: CPU time moves less with other people's load). */
const cpu: number[][] = [];
const time = async (fn: () => unknown, into: number[] = []): Promise<number> => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const t = performance.now() - t0;
  const c = process.cpuUsage(c0);
  into.push((c.user + c.system) / 1000);
  return t;
};

async function main(): Promise<void> {
  let workspaceId: string;
  if (fresh) {
    const ws = await call('workspace:create', { name: 'Bench organisation', example: false });
    const doc = makeDoc(FULL.agents, FULL.grantsPerAgent);
    const content = Buffer.from(JSON.stringify(doc)).toString('base64');
    await call('import:apply', { workspaceId: ws.id, fileName: 'organisation.json', contentBase64: content });
    await seedAnswers(ctx, call, ws.id);
    workspaceId = ws.id;
    log(`seeded ${dir}`);
  } else {
    workspaceId = (await call('workspace:list', {}))[0]!.id;
    await call('workspace:open', { workspaceId });
  }
  const ws = ctx.workspace(workspaceId);
  const now = new Date();
  const readRows = () =>
    ws.db.transaction(() => {
      for (const t of ['workflows', 'agents', 'agent_workflows', 'systems', 'environments', 'grants', 'answers', 'accepted_risks'])
        ws.db.prepare(`SELECT * FROM ${t}`).all();
    })();
  const input = scoringInputFor(ws, now);
  const reads: number[] = [];
  const engine: number[] = [];
  const appRead: number[] = [];
  const cr: number[] = [];
  const ce: number[] = [];
  const ca: number[] = [];
  for (let i = 0; i < rounds; i++) {
    if (mode !== 'engine') reads.push(await time(readRows, cr));
    if (mode === 'app') {
      appRead.push(await time(() => scoringInputFor(ws, now), ca));
      continue;
    }
    if (mode !== 'read') engine.push(await time(() => scoreWorkspace(input), ce));
  }
  if (mode === 'all') for (let i = 0; i < 3; i++) appRead.push(await time(() => scoringInputFor(ws, now), ca));
  cpu.push(cr, ce, ca);
  const f = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(' ');
  const m = (xs: number[]) => (xs.length > 1 ? median(xs.slice(1)) : (xs[0] ?? NaN)).toFixed(0);
  log(`cpu ms medians: read ${m(cr)}, engine ${m(ce)}, app read ${m(ca)}; engine rounds ${f(ce)}`);
  log(`read   median ${reads.length ? median(reads.slice(1)).toFixed(0) : '-'} ms: ${f(reads)}`);
  log(`engine median ${engine.length ? median(engine.slice(1)).toFixed(0) : '-'} ms: ${f(engine)}`);
  log(`app read (scoringInputFor) median ${appRead.length ? median(appRead).toFixed(0) : '-'} ms: ${f(appRead)}`);
  ctx.workspaces.closeAll();
}
main().catch((e: unknown) => {
  log(String(e instanceof Error ? e.stack : e));
  process.exit(1);
});
