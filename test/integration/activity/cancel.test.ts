import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, withWorkspace, type Harness } from '../helpers';

let h: Harness | undefined;
let dir: string | undefined;
afterEach(() => {
  h?.close();
  if (h) removeDir(h.dataDir);
  if (dir) rmSync(dir, { recursive: true, force: true });
  h = undefined;
  dir = undefined;
});

async function bigTrail(records: number): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), 'ar-activity-cancel-'));
  const file = join(dir, '111122223333_CloudTrail_eu-west-1_20260504T0000Z_big.json');
  const out = createWriteStream(file);
  out.write('{"Records":[');
  for (let i = 0; i < records; i++) {
    const r = JSON.stringify({
      eventID: `c-${i}`,
      eventTime: new Date(Date.UTC(2026, 4, 4) + i * 1000).toISOString(),
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      recipientAccountId: '111122223333',
      userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/dbmaint/run' },
      requestParameters: { bucketName: 'orders-prod', key: `k/${i}` },
    });
    if (!out.write(`${i === 0 ? '' : ','}${r}`)) await once(out, 'drain');
  }
  out.end(']}');
  await once(out, 'finish');
  return file;
}

describe('activity import progress and cancel', () => {
  it('reports progress while reading, and a cancel stops the import keeping what was written', async () => {
    const w = await withWorkspace(true);
    h = w.h;
    const { workspaceId } = w;
    const file = await bigTrail(300_000);
    let settled = false;
    const importing = h.call('activity:import-path', { workspaceId, path: file }).then(
      () => ((settled = true), null),
      (e: unknown) => ((settled = true), e as Error),
    );
    // Wait on the import's own signal: the progress it reports, not a timer.
    let progress = await h.call('activity:progress', { workspaceId });
    // setImmediate yields to the event loop (the import's file reads), it does not sleep.
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
    while ((!progress.running || progress.events === 0) && !settled) {
      await turn();
      progress = await h.call('activity:progress', { workspaceId });
    }
    expect(progress.running).toBe(true);
    expect(progress.filesTotal).toBe(1);
    expect(progress.totalBytes).toBeGreaterThan(0);
    expect((await h.call('activity:cancel', { workspaceId })).cancelled).toBe(1);
    const error = await importing;
    expect(error?.message).toMatch(/cancelled/);
    const after = await h.call('activity:progress', { workspaceId });
    expect(after.running).toBe(false);
    const [source] = await h.call('activity:sources', { workspaceId });
    expect(source!.eventCount).toBeGreaterThan(0);
    expect(source!.eventCount).toBeLessThan(300_000);
    expect((await h.call('activity:timeline', { workspaceId, limit: 1 })).total).toBe(source!.eventCount);
    expect((await h.call('activity:cancel', { workspaceId })).cancelled).toBe(0);
  }, 120_000);
});
