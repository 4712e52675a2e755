import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readActivityFile } from '../../../electron/services/activity/read-stream';
import { ctx } from '../../unit/activity/helpers';

const RECORDS = 200_000;
let dir: string;
let file: string;

/** A realistic record (assumed role, request parameters, an error on every tenth) with a unique eventID. */
function record(i: number): string {
  return JSON.stringify({
    eventVersion: '1.11',
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::111122223333:assumed-role/OpsAgentRole/agent-run-${i % 97}`,
      accessKeyId: `ASIAFAKEKEY${(i % 13).toString().padStart(6, '0')}`,
      sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/OpsAgentRole', userName: 'OpsAgentRole' } },
    },
    eventTime: new Date(Date.UTC(2026, 4, 4) + i * 1000).toISOString().replace('.000', ''),
    eventSource: i % 3 === 0 ? 'rds.amazonaws.com' : 's3.amazonaws.com',
    eventName: i % 3 === 0 ? 'DeleteDBSnapshot' : i % 3 === 1 ? 'GetObject' : 'PutObject',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '10.0.0.8',
    userAgent: 'agent-sdk/1.0 (linux)',
    requestParameters: { bucketName: 'orders-prod', key: `exports/${i}.csv` },
    ...(i % 10 === 0 ? { errorCode: 'AccessDenied', errorMessage: 'not authorized' } : {}),
    readOnly: i % 3 === 1,
    eventID: `e-${i}`,
    managementEvent: i % 3 === 0,
    recipientAccountId: '111122223333',
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ar-activity-large-'));
  file = join(dir, '111122223333_CloudTrail_eu-west-1_20260504T0000Z_large.json');
  const out = createWriteStream(file);
  out.write('{"Records":[');
  for (let i = 0; i < RECORDS; i++) {
    if (!out.write(`${i === 0 ? '' : ','}${record(i)}`)) await once(out, 'drain');
  }
  out.end(']}\n');
  await once(out, 'finish');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a 200k-record CloudTrail file', () => {
  it('streams every record with memory bounded well below the file size, and reports the speed against JSON.parse', async () => {
    const size = statSync(file).size;
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let events = 0;
    let denied = 0;
    const started = performance.now();
    const result = await readActivityFile(file, {
      context: ctx,
      onEvents: (batch) => {
        events += batch.length;
        for (const e of batch) if (e.outcome === 'denied') denied++;
      },
      onProgress: () => {
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      },
    });
    const readerMs = performance.now() - started;
    expect(result.issues).toEqual([]);
    expect(events).toBe(RECORDS);
    expect(denied).toBe(RECORDS / 10);
    const growth = peak - baseline;
    // The file is held by neither the reader nor its caller: growth stays far under its size.
    expect(growth).toBeLessThan(size * 0.75);

    const parseStart = performance.now();
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { Records: unknown[] };
    const parseMs = performance.now() - parseStart;
    expect(parsed.Records).toHaveLength(RECORDS);
    const readerRate = RECORDS / (readerMs / 1000);
    const parseRate = RECORDS / (parseMs / 1000);
    console.log(
      `activity bench: ${RECORDS} CloudTrail records, ${(size / 1e6).toFixed(0)} MB; reader ${Math.round(readerRate)} events/s (${readerMs.toFixed(0)} ms), ` +
        `JSON.parse ${Math.round(parseRate)} records/s (${parseMs.toFixed(0)} ms); ratio ${(readerRate / parseRate).toFixed(2)} (target >= 0.3); ` +
        `reader heap growth ${(growth / 1e6).toFixed(0)} MB`,
    );
  });
});
