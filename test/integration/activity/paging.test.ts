import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_IDS_SHOWN } from '../../../core/activity/contract';
import { removeDir, withWorkspace, type Harness } from '../helpers';

/** 250 unapproved snapshot deletes by the example's DB Maintenance Agent (role dbmaint) in production, one a minute. */
const DELETES = 250;
function trail(dir: string): string {
  const records = Array.from({ length: DELETES }, (_, i) => ({
    eventVersion: '1.11',
    awsRegion: 'eu-west-1',
    recipientAccountId: '444455556666',
    eventID: `paging-${i}`,
    readOnly: false,
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::444455556666:assumed-role/dbmaint/purge-${i % 7}`,
      sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::444455556666:role/dbmaint', userName: 'dbmaint' } },
    },
    eventTime: new Date(Date.UTC(2026, 4, 20, 2) + i * 60_000).toISOString().replace('.000', ''),
    eventSource: 'rds.amazonaws.com',
    eventName: 'DeleteDBSnapshot',
    requestParameters: { dBSnapshotIdentifier: `orders-prod-snap-${i}` },
  }));
  const file = join(dir, '444455556666_CloudTrail_eu-west-1_20260520T0200Z_paging.json');
  writeFileSync(file, JSON.stringify({ Records: records }));
  return file;
}

let h: Harness | undefined;
let dir: string | undefined;
afterEach(() => {
  h?.close();
  if (h) removeDir(h.dataDir);
  if (dir) removeDir(dir);
  h = undefined;
  dir = undefined;
});

describe('the events behind findings and summaries are paged', () => {
  it('a finding of 250 events lists 100 ids and its count; its pages hold every event once, in order; the summary pages through the timeline', async () => {
    const w = await withWorkspace(true, { now: () => new Date('2026-06-01T10:00:00Z') });
    h = w.h;
    const { workspaceId } = w;
    dir = mkdtempSync(join(tmpdir(), 'ar-activity-paging-'));
    await h.call('activity:import-path', { workspaceId, path: trail(dir) });

    // The grant's gate asks for an approval, so each of the deletes is an unapproved destructive production action.
    const overview = await h.call('inventory:overview', { workspaceId });
    const dbmaint = overview.agents.find((a) => a.name === 'DB Maintenance Agent')!;
    const production = overview.environments.find((e) => e.tier === 'production')!;
    const grant = (await h.call('agent:get', { workspaceId, id: dbmaint.id })).grants.find((g) => g.environmentId === production.id)!;
    const { id, createdAt: _c, updatedAt: _u, ...input } = grant;
    await h.call('grant:update', { workspaceId, id, grant: { ...input, approvalGate: 'single' } });

    const findings = await h.call('activity:findings', { workspaceId });
    const unapproved = findings.find((f) => f.rule === 'unapproved-destructive')!;
    expect(unapproved.eventCount).toBe(DELETES);
    expect(unapproved.eventIds).toHaveLength(EVENT_IDS_SHOWN);

    const seen: string[] = [];
    for (let offset = 0; offset < DELETES; offset += 100) {
      const page = await h.call('activity:finding-events', { workspaceId, key: unapproved.key, offset, limit: 100 });
      expect(page.total).toBe(DELETES);
      seen.push(...page.events.map((e) => e.target ?? ''));
    }
    expect(seen).toEqual(Array.from({ length: DELETES }, (_, i) => `dBSnapshotIdentifier=orders-prod-snap-${i}`));
    expect((await h.call('activity:finding-events', { workspaceId, key: unapproved.key, offset: 0, limit: 100 })).events[0]?.id).toBe(
      unapproved.eventIds[0],
    );
    const gone = await h.fail('activity:finding-events', { workspaceId, key: 'unapproved-destructive:nobody:0' });
    expect(gone.code).toBe('NOT_FOUND');

    const row = (await h.call('activity:summary', { workspaceId })).find((s) => s.agentName === 'DB Maintenance Agent')!;
    expect(row.destructiveInProduction.total).toBe(DELETES);
    expect(row.destructiveInProduction.eventIds).toHaveLength(EVENT_IDS_SHOWN);
    const pageOf = (offset: number) =>
      h!.call('activity:timeline', { workspaceId, agentId: row.agentId!, destructiveInProduction: true, offset, limit: 200 });
    const [first, second] = [await pageOf(0), await pageOf(200)];
    expect(first.total).toBe(DELETES);
    expect(new Set([...first.events, ...second.events].map((e) => e.id)).size).toBe(DELETES);
    expect([...first.events, ...second.events].every((e) => e.destructiveInProduction)).toBe(true);
  });
});
