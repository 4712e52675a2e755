/**
 * Child process for crash.test.ts: appends drill notes as fast as it can through the real
 * dispatcher and prints "ACK <seq> <text>" after each append returned (i.e. was committed).
 * The parent SIGKILLs it at a random moment.
 */
import { createServiceContext } from '../../../electron/services/context';
import { dispatch } from '../../../electron/services/dispatch';

const [dataDir, workspaceId, drillId, runId] = process.argv.slice(2) as [string, string, string, string];
const ctx = createServiceContext({ dataDir, mode: 'cli' });

async function main(): Promise<void> {
  const offer = await dispatch(ctx, 'drills:resume-offer', { workspaceId });
  if (offer.ok && (offer.value as Array<{ id: string }>).some((d) => d.id === drillId)) {
    const r = await dispatch(ctx, 'drills:resume', { workspaceId, drillId });
    if (!r.ok) throw new Error(r.error.message);
  }
  process.stdout.write('READY\n');
  for (let i = 0; ; i++) {
    const text = `run ${runId} note ${i}`;
    const r = await dispatch(ctx, 'drills:append', { workspaceId, drillId, event: { type: 'note', payload: { text } } });
    if (!r.ok) throw new Error(r.error.message);
    const seq = (r.value as { event: { seq: number } }).event.seq;
    process.stdout.write(`ACK ${seq} ${text}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`child failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(3);
});
