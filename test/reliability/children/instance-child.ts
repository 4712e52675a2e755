/**
 * R19 child: a second app instance on the same data folder. Mode "write": creates N agents through
 * the real dispatcher and prints "OK <n>" or "ERR <code> <ms>" per call. Mode "hold": takes the
 * write lock (BEGIN IMMEDIATE) the way a long import would, until the file named by argument 4 appears
 * (or N ms pass), then commits. Waiting on a file, not a fixed time, keeps it honest on a loaded machine.
 */
import { existsSync } from 'node:fs';
import { createServiceContext } from '../../../electron/services/context';
import { dispatch } from '../../../electron/services/dispatch';

const [dataDir, workspaceId, mode, n, tag] = process.argv.slice(2) as [string, string, string, string, string];
const ctx = createServiceContext({ dataDir, mode: 'cli' });

async function main(): Promise<void> {
  if (mode === 'hold') {
    const db = ctx.workspace(workspaceId).db;
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('LOCKED\n');
    const releaseFile = tag;
    const deadline = performance.now() + Number(n);
    while (!existsSync(releaseFile) && performance.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    db.exec('COMMIT');
    process.stdout.write('RELEASED\n');
    ctx.workspaces.closeAll();
    return;
  }
  process.stdout.write('READY\n');
  for (let i = 0; i < Number(n); i++) {
    const t0 = performance.now();
    const r = await dispatch(ctx, 'agent:create', { workspaceId, agent: { name: `${tag} agent ${i}` } });
    if (r.ok) process.stdout.write(`OK ${i}\n`);
    else process.stdout.write(`ERR ${r.error.code} ${Math.round(performance.now() - t0)} ${r.error.message.replace(/\s+/g, ' ')}\n`);
  }
  ctx.workspaces.closeAll();
  process.stdout.write('END\n');
}
main().catch((err: unknown) => {
  process.stderr.write(String(err) + '\n');
  process.exit(3);
});
