import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, withWorkspace, type Harness } from '../helpers';

/** 30 snapshot deletes by a role no agent holds yet (`ghost-purger`), in the example's AWS account. */
function trail(dir: string): string {
  const records = Array.from({ length: 30 }, (_, i) => ({
    eventVersion: '1.11',
    awsRegion: 'eu-west-1',
    recipientAccountId: '444455556666',
    eventID: `ghost-${i}`,
    readOnly: false,
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::444455556666:assumed-role/ghost-purger/run-${i}`,
      sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::444455556666:role/ghost-purger', userName: 'ghost-purger' } },
    },
    eventTime: new Date(Date.UTC(2026, 4, 20, 2) + i * 60_000).toISOString().replace('.000', ''),
    eventSource: 'rds.amazonaws.com',
    eventName: 'DeleteDBSnapshot',
    requestParameters: { dBSnapshotIdentifier: `orders-prod-snap-${i}` },
  }));
  const file = join(dir, '444455556666_CloudTrail_eu-west-1_20260520T0200Z_ghost.json');
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

describe('re-attribution when the inventory later explains an unknown actor', () => {
  it('a grant naming the role attributes its kept events, changes the findings and the summary, and is recorded in the history', async () => {
    const w = await withWorkspace(true, { now: () => new Date('2026-06-01T10:00:00Z') });
    h = w.h;
    const { workspaceId } = w;
    dir = mkdtempSync(join(tmpdir(), 'ar-activity-reattribute-'));
    await h.call('activity:import-path', { workspaceId, path: trail(dir) });
    const unknown = await h.call('activity:timeline', { workspaceId, agentId: 'unknown' });
    expect(unknown.total).toBe(30);
    expect(unknown.events[0]?.attributionWhy).toMatch(/^unknown actor: arn:aws:iam::444455556666:role\/ghost-purger/);

    // Nothing in the inventory explains it yet: nothing changes.
    expect(await h.call('activity:reattribute', { workspaceId })).toEqual({ actors: 1, attributed: 0, events: 0 });

    const overview = await h.call('inventory:overview', { workspaceId });
    const cleanup = overview.agents.find((a) => a.name === 'Account Cleanup Agent')!;
    const production = overview.environments.find((e) => e.tier === 'production')!;
    const aws = overview.systems.find((s) => s.name === 'Cloud account (AWS)')!;
    await h.call('grant:create', {
      workspaceId,
      grant: {
        agentId: cleanup.id,
        systemId: aws.id,
        environmentId: production.id,
        actions: ['read', 'delete'],
        credentialIdentity: 'ghost-purger',
        approvalGate: 'single',
      },
    });
    expect(await h.call('activity:reattribute', { workspaceId })).toEqual({ actors: 1, attributed: 1, events: 30 });

    expect((await h.call('activity:timeline', { workspaceId, agentId: 'unknown' })).total).toBe(0);
    const mine = await h.call('activity:timeline', { workspaceId, agentId: cleanup.id });
    expect(mine.total).toBe(30);
    expect(mine.events[0]).toMatchObject({ agentName: 'Account Cleanup Agent', environmentName: 'Production', grantAllowed: true });
    expect(mine.events[0]?.attributionWhy).toBe(
      'agent = Account Cleanup Agent: role arn arn:aws:iam::444455556666:role/ghost-purger is its credential (re-attributed: the inventory now explains this actor)',
    );
    const findings = await h.call('activity:findings', { workspaceId });
    expect(findings.find((f) => f.rule === 'unapproved-destructive' && f.agentId === cleanup.id)?.eventCount).toBe(30);
    const row = (await h.call('activity:summary', { workspaceId })).find((s) => s.agentId === cleanup.id)!;
    expect(row.destructiveInProduction.total).toBe(30);

    const history = await h.call('history:list', { workspaceId, filter: {}, limit: 500 });
    const entries = history.entries.filter((e) => e.operation === 'activity:reattribute' && e.action === 'update');
    expect(entries.length).toBe(30);
    expect(entries.every((e) => e.reason === 're-attributed: the inventory now explains this actor')).toBe(true);
    expect((await h.call('history:verify', { workspaceId })).intact).toBe(true);

    // Once attributed, a second run has nothing left to do.
    expect(await h.call('activity:reattribute', { workspaceId })).toEqual({ actors: 0, attributed: 0, events: 0 });
  });
});
