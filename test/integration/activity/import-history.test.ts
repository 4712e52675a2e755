import BetterSqlite3 from 'better-sqlite3';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BULK_HISTORY_MIN } from '../../../electron/store/history/index';
import { removeDir, withWorkspace, type Harness } from '../helpers';

/**
 * An activity import records every event in the change history in the same transaction. A batch of
 * BULK_HISTORY_MIN events or more is one batch entry (each row's state inside); verify still checks
 * every event row, so an event changed or removed behind the app's back is named.
 */
let h: Harness | undefined;
let dir: string | undefined;
afterEach(() => {
  h?.close();
  if (h) removeDir(h.dataDir);
  if (dir) rmSync(dir, { recursive: true, force: true });
  h = undefined;
  dir = undefined;
});

async function trail(name: string, records: number, from: number): Promise<string> {
  dir ??= mkdtempSync(join(tmpdir(), 'ar-activity-history-'));
  const file = join(dir, `111122223333_CloudTrail_eu-west-1_20260504T0000Z_${name}.json`);
  const out = createWriteStream(file);
  out.write('{"Records":[');
  for (let i = from; i < from + records; i++) {
    const r = JSON.stringify({
      eventID: `h-${i}`,
      eventTime: new Date(Date.UTC(2026, 4, 4) + i * 1000).toISOString(),
      eventSource: 'rds.amazonaws.com',
      eventName: 'DeleteDBSnapshot',
      recipientAccountId: '111122223333',
      userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/dbmaint/run' },
      requestParameters: { dBSnapshotIdentifier: `snap-${i}` },
    });
    if (!out.write(`${i === from ? '' : ','}${r}`)) await once(out, 'drain');
  }
  out.end(']}');
  await once(out, 'finish');
  return file;
}

const BIG = BULK_HISTORY_MIN + 500;

describe('activity import and the change history', () => {
  it('a large import adds a batch entry holding every event, a small one an entry per event; verify checks each event row', async () => {
    const w = await withWorkspace(true);
    h = w.h;
    const { workspaceId } = w;
    const entries = async (): Promise<number> => (await h!.call('history:verify', { workspaceId })).count;
    const start = await entries();

    const big = await h.call('activity:import-path', { workspaceId, path: await trail('big', BIG, 0) });
    expect(big.events).toBe(BIG);
    let v = await h.call('history:verify', { workspaceId });
    expect(v.intact, v.message).toBe(true);
    // The source row, its update, the batch of events, reasons and per-agent counts: a handful, not one per event.
    expect(v.count - start).toBeLessThan(20);
    const listed = await h.call('history:list', { workspaceId, filter: { entity: 'activity_events' }, offset: 0, limit: 20 });
    expect(listed.entries.find((e) => e.entityId === '*')?.after).toEqual({ count: BIG, table: 'activity_events' });

    const afterBig = v.count;
    const small = await h.call('activity:import-path', { workspaceId, path: await trail('small', 50, BIG) });
    expect(small.events).toBe(50);
    v = await h.call('history:verify', { workspaceId });
    expect(v.intact, v.message).toBe(true);
    expect(v.count - afterBig).toBeGreaterThanOrEqual(50);

    // An event of the batch edited, then one deleted, directly in the file: verify names the row.
    const db = new BetterSqlite3(w.ws.file);
    try {
      const first = db.prepare('SELECT min(seq) FROM activity_events').pluck().get() as number;
      const original = db.prepare('SELECT outcome FROM activity_events WHERE seq = ?').pluck().get(first) as string;
      db.prepare("UPDATE activity_events SET outcome = 'denied' WHERE seq = ?").run(first);
      v = await h.call('history:verify', { workspaceId });
      expect(v).toMatchObject({ intact: false, kind: 'changed-without-entry', entity: 'activity_events', entityId: String(first) });
      db.prepare('UPDATE activity_events SET outcome = ? WHERE seq = ?').run(original, first);
      expect((await h.call('history:verify', { workspaceId })).intact).toBe(true);

      db.prepare('DELETE FROM activity_events WHERE seq = ?').run(first + 100);
      v = await h.call('history:verify', { workspaceId });
      expect(v).toMatchObject({ intact: false, kind: 'changed-without-entry', entity: 'activity_events', entityId: String(first + 100) });
      expect(v.message).toMatch(/gone/);
    } finally {
      db.close();
    }
  });
});
