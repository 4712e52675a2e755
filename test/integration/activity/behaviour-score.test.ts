import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, withWorkspace, type Harness } from '../helpers';

let h: Harness | undefined;
const dirs: string[] = [];
afterEach(() => {
  if (h) {
    h.close();
    removeDir(h.dataDir);
    h = undefined;
  }
  for (const d of dirs.splice(0)) removeDir(d);
});

/** A CloudTrail record of the example's DB Maintenance Agent (role dbmaint) naming the database it touched. */
const record = (id: string, time: string, db: string) => ({
  eventVersion: '1.11',
  eventID: id,
  eventTime: time,
  eventSource: 'rds.amazonaws.com',
  eventName: 'DescribeDBInstances',
  awsRegion: 'eu-west-1',
  recipientAccountId: '444455556666',
  readOnly: true,
  userIdentity: {
    type: 'AssumedRole',
    arn: 'arn:aws:sts::444455556666:assumed-role/dbmaint/nightly',
    sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::444455556666:role/dbmaint', userName: 'dbmaint' } },
  },
  requestParameters: { dBInstanceIdentifier: db },
});

function trail(records: object[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ar-behaviour-'));
  dirs.push(dir);
  const file = join(dir, '444455556666_CloudTrail_eu-west-1_20260512T0000Z_test.json');
  writeFileSync(file, JSON.stringify({ Records: records }));
  return file;
}

function pgLog(lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ar-behaviour-'));
  dirs.push(dir);
  const file = join(dir, 'postgresql-2026-05-12.log');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function setup() {
  const w = await withWorkspace(true, { now: () => new Date('2026-06-01T10:00:00Z') });
  h = w.h;
  const agents = (await w.h.call('inventory:overview', { workspaceId: w.workspaceId })).agents;
  const byName = (n: string) => agents.find((a) => a.name === n)!;
  const activity = async (agentId: string) =>
    (await w.h.call('score:agent', { workspaceId: w.workspaceId, agentId })).score.controls.flatMap((c) =>
      c.findings.filter((f) => f.source === 'activity').map((f) => ({ control: c.controlId, message: f.message })),
    );
  return { ...w, byName, activity };
}

describe('behaviour findings from the logs in the score', () => {
  it('a credential the logs place in production and staging re-opens ENV-1; an 11-day silence re-opens LOG-1 and LOG-3', async () => {
    const { h, workspaceId, byName, activity } = await setup();
    const dbmaint = byName('DB Maintenance Agent');
    expect(await activity(dbmaint.id)).toEqual([]);
    // PostgreSQL names the database on every line: the same role in orders_prod and, eleven days later, in orders_staging.
    await h.call('activity:import-path', {
      workspaceId,
      path: pgLog([
        '2026-05-01 02:00:00.000 UTC dbmaint orders_prod [4242]: LOG:  statement: SELECT count(*) FROM orders',
        '2026-05-12 02:00:00.000 UTC dbmaint orders_staging [4243]: LOG:  statement: SELECT count(*) FROM orders',
      ]),
    });
    const found = await activity(dbmaint.id);
    const env1 = found.filter((f) => f.control === 'ENV-1');
    expect(env1).toHaveLength(1);
    expect(env1[0]!.message).toMatch(
      /^From the activity logs: One credential used in Production and Staging: dbmaint \(events \d+, \d+\)$/,
    );
    const gaps = found.filter((f) => /no log events for 264 h/.test(f.message)).map((f) => f.control);
    expect(gaps.sort()).toEqual(['LOG-1', 'LOG-3']);
    // The Activity screen's findings say the same.
    const screen = await h.call('activity:findings', { workspaceId });
    expect(screen.filter((f) => f.rule === 'credential-two-environments' && f.agentId === dbmaint.id)).toHaveLength(1);
    // The DB Maintenance Agent has a log, so it is not "without a log source".
    expect(found.some((f) => /no log source/.test(f.message))).toBe(false);
  });

  it('once any log is imported, an agent that can change production and appears in none has no log source (LOG-1); before, nobody does', async () => {
    const { h, workspaceId, byName, activity } = await setup();
    const migrator = byName('Schema Migrator');
    expect(await activity(migrator.id)).toEqual([]);
    await h.call('activity:import-path', { workspaceId, path: trail([record('c-1', '2026-05-01T02:00:00Z', 'orders-prod')]) });
    expect(await activity(migrator.id)).toEqual([
      { control: 'LOG-1', message: expect.stringMatching(/^From the activity logs: Schema Migrator: no log source/) },
    ]);
    expect((await activity(byName('DB Maintenance Agent').id)).some((f) => /no log source|One credential/.test(f.message))).toBe(false);
  });
});
