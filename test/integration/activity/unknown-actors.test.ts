import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, withWorkspace, type Harness } from '../helpers';

let h: Harness | undefined;
afterEach(() => {
  if (h) {
    h.close();
    removeDir(h.dataDir);
    h = undefined;
  }
});
const now = () => new Date('2026-06-01T10:00:00Z');

const role = (name: string, actions: string[]) => ({
  Path: '/',
  RoleName: name,
  Arn: `arn:aws:iam::444455556666:role/${name}`,
  AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] },
  RolePolicyList: [
    {
      PolicyName: 'inline',
      PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: 'arn:aws:s3:::orders-prod/*' }] },
    },
  ],
  AttachedManagedPolicies: [],
  Tags: [{ Key: 'Environment', Value: 'production' }],
  InstanceProfileList: [],
});
/** An IAM export: a role that may delete in production, and one that may only read there. No inventory agent holds either. */
const IAM = {
  UserDetailList: [],
  GroupDetailList: [],
  RoleDetailList: [role('orphan-cleaner', ['s3:GetObject', 's3:DeleteObject']), role('report-reader', ['s3:GetObject'])],
  Policies: [],
};

/** Both roles read one object each in the logs: neither deleted anything. */
const read = (id: string, name: string) => ({
  eventVersion: '1.11',
  eventID: id,
  eventTime: '2026-05-20T02:00:01Z',
  eventSource: 's3.amazonaws.com',
  eventName: 'GetObject',
  awsRegion: 'eu-west-1',
  recipientAccountId: '444455556666',
  readOnly: true,
  userIdentity: {
    type: 'AssumedRole',
    arn: `arn:aws:sts::444455556666:assumed-role/${name}/s1`,
    sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::444455556666:role/${name}`, userName: name } },
  },
  requestParameters: { bucketName: 'orders-prod', key: 'exports/a.csv' },
});

describe('unknown actors holding production delete rights', () => {
  it('an identity the logs show, matching no agent, that discovery found with delete in production is a finding without having deleted', async () => {
    const w = await withWorkspace(true, { now });
    h = w.h;
    const { workspaceId } = w;
    const trail = join(h.dataDir, '444455556666_CloudTrail_eu-west-1_20260520T0200Z_unknown.json');
    writeFileSync(trail, JSON.stringify({ Records: [read('u-1', 'orphan-cleaner'), read('u-2', 'report-reader')] }));
    await h.call('activity:import-path', { workspaceId, path: trail });
    const rule = 'unknown-actor-delete-rights';

    // Both are listed as unknown actors; without a discovery run nothing says what they hold.
    const events = await h.call('activity:timeline', { workspaceId, limit: 50 });
    expect(events.events.filter((e) => e.agentName === null)).toHaveLength(2);
    expect((await h.call('activity:findings', { workspaceId })).filter((f) => f.rule === rule)).toEqual([]);

    const run = await h.call('discovery:run', {
      workspaceId,
      files: [{ fileName: 'authorization-details.json', contentBase64: Buffer.from(JSON.stringify(IAM)).toString('base64') }],
    });
    expect(run.items.some((i) => i.grant?.agentName === 'orphan-cleaner' && i.grant.environmentTier === 'production')).toBe(true);

    const holders = (await h.call('activity:findings', { workspaceId })).filter((f) => f.rule === rule);
    expect(holders).toHaveLength(1);
    expect(holders[0]!.title).toBe('Unknown actor arn:aws:iam::444455556666:role/orphan-cleaner holds production delete rights');
    expect(holders[0]!.why).toContain('found orphan-cleaner with');
    expect(holders[0]!.why).toContain('delete');
    expect(holders[0]!.controls).toEqual(['PRM-1', 'APR-2']);
    expect(holders[0]!.agentId).toBeNull();
    const [event] = await h.call('activity:events', { workspaceId, ids: holders[0]!.eventIds });
    expect(event).toMatchObject({ action: 's3:GetObject', agentName: null });

    // The dashboard lists it too, and counts it.
    const dash = await h.call('activity:dashboard', { workspaceId });
    expect(dash.imported).toBe(true);
    expect(dash.byRule[rule]).toBe(1);
    expect(dash.findings.find((f) => f.rule === rule)?.message).toContain('Unknown actor arn:aws:iam::444455556666:role/orphan-cleaner');
  });

  it('a workspace with no imported log shows no panel data', async () => {
    const w = await withWorkspace(true, { now });
    h = w.h;
    expect(await h.call('activity:dashboard', { workspaceId: w.workspaceId })).toEqual({
      imported: false,
      total: 0,
      byRule: {},
      findings: [],
    });
  });
});
