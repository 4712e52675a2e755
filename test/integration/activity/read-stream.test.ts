import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityFindings, analyseActivity, summariseByAgent, type ActivityEvent } from '../../../core/activity/index';
import { readActivityPath } from '../../../electron/services/activity/read-path';
import { readActivityFile } from '../../../electron/services/activity/read-stream';
import { ctx, FIXTURES, fingerprint, fixtureInventory, PLANTED } from '../../unit/activity/helpers';

let dir: string;
const CLOUDTRAIL = '111122223333_CloudTrail_eu-west-1_20260504T1015Z_fake.json';

/** Runs `fn` and returns the error it rejects with (a refusal test must see one). */
async function rejection(fn: () => Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await fn();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a refusal');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ar-activity-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readActivityFile: only regular files', () => {
  it('refuses a FIFO at once, without blocking on the open', async () => {
    const fifo = join(dir, 'pipe.log');
    execFileSync('mkfifo', [fifo]);
    const error = await rejection(() => readActivityFile(fifo, { context: ctx }));
    expect(error).toMatchObject({
      code: 'REFUSED',
      message: `${fifo} is a named pipe (FIFO), not a regular file: copy the log to a file first`,
    });
  });

  it('refuses a device and a folder with a clear message', async () => {
    expect(await rejection(() => readActivityFile('/dev/null', { context: ctx }))).toMatchObject({
      code: 'REFUSED',
      message: '/dev/null is a device, not a regular file',
    });
    expect((await rejection(() => readActivityFile(dir, { context: ctx }))).message).toContain('is a folder: import it as a folder');
    expect(await rejection(() => readActivityFile(join(dir, 'missing.json'), { context: ctx }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('resolves a symlink and reports the real path', async () => {
    const link = join(dir, 'link.log');
    symlinkSync(join(FIXTURES, 'k8s-audit.log'), link);
    const result = await readActivityFile(link, { context: ctx });
    expect(result).toMatchObject({ path: link, realPath: join(FIXTURES, 'k8s-audit.log'), format: 'k8s-audit', eventCount: 5 });
    expect(result.issues).toEqual([{ file: join(FIXTURES, 'k8s-audit.log'), line: 7, message: 'audit event: not valid JSON' }]);
  });

  it('refuses a file that is not an activity log, saying which formats it reads', async () => {
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'shopping list\n');
    expect((await rejection(() => readActivityFile(notes, { context: ctx }))).message).toContain('not a known activity-log format');
  });
});

describe('readActivityFile: streaming', () => {
  it('streams a CloudTrail Records file with line and record positions', async () => {
    const result = await readActivityFile(join(FIXTURES, CLOUDTRAIL), { context: ctx });
    expect(result.format).toBe('cloudtrail');
    expect(result.events.map((e) => e.id)).toEqual([
      'cloudtrail:ev-0001',
      'cloudtrail:ev-0002',
      'cloudtrail:ev-0003',
      'cloudtrail:ev-0004',
      'cloudtrail:ev-0005',
    ]);
    expect(result.events[1]?.source).toMatchObject({ record: 1, line: expect.any(Number) as number });
    expect((result.events[1]?.source.line ?? 0) > 1).toBe(true);
    expect(result.issues).toEqual([
      {
        file: join(FIXTURES, CLOUDTRAIL),
        line: expect.any(Number) as number,
        record: 6,
        message: 'CloudTrail record: eventName: missing eventName',
      },
    ]);
  });

  it('a format chosen by the user keeps the framing the content shows', async () => {
    const chosen = await readActivityFile(join(FIXTURES, 'github-audit-export.json'), { context: ctx, format: 'github-audit' });
    expect(chosen).toMatchObject({ format: 'github-audit', why: 'format chosen by the user', eventCount: 4 });
    const wrong = await readActivityFile(join(FIXTURES, 'k8s-audit.log'), { context: ctx, format: 'github-audit' });
    expect(wrong.eventCount).toBe(0);
    expect(wrong.issues.map((i) => i.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('gunzips .json.gz and reads the same events', async () => {
    const gz = join(dir, `${CLOUDTRAIL}.gz`);
    execFileSync('sh', ['-c', `gzip -c '${join(FIXTURES, CLOUDTRAIL)}' > '${gz}'`]);
    const plain = await readActivityFile(join(FIXTURES, CLOUDTRAIL), { context: ctx });
    const zipped = await readActivityFile(gz, { context: ctx });
    expect(zipped.events.map((e) => [e.id, e.action, e.outcome])).toEqual(plain.events.map((e) => [e.id, e.action, e.outcome]));
  });

  it('stops a gz bomb at the inflated-bytes bound', async () => {
    const bomb = join(dir, 'bomb.json.gz');
    writeFileSync(bomb, gzipSync(Buffer.concat([Buffer.from('{"Records":['), Buffer.alloc(64 * 1024 * 1024, 0x20)])));
    const error = await rejection(() => readActivityFile(bomb, { context: ctx, maxInflatedBytes: 4 * 1024 * 1024 }));
    expect(error).toMatchObject({ code: 'REFUSED', message: `${bomb} inflates past 4194304 bytes; stopped (a compression bomb?)` });
  });

  it('bounds bytes as they arrive', async () => {
    const error = await rejection(() => readActivityFile(join(FIXTURES, CLOUDTRAIL), { context: ctx, maxFileBytes: 1024 }));
    expect(error.message).toContain('is larger than 1024 bytes');
  });

  it('reports an over-long line with its number and reads on', async () => {
    const file = join(dir, 'long-audit.log');
    const line = '{"kind":"Event","apiVersion":"audit.k8s.io/v1","auditID":"z","verb":"get","stage":"ResponseComplete"}';
    writeFileSync(file, `${line}\n{"pad":"${'x'.repeat(5000)}"}\n${line.replace('"z"', '"y"')}\n`);
    const result = await readActivityFile(file, { context: ctx, maxRecordChars: 1000 });
    expect(result.eventCount).toBe(2);
    expect(result.issues).toEqual([{ file, line: 2, message: 'record of 5010 characters is longer than 1000; skipped' }]);
  });

  it('reports progress and can be cancelled', async () => {
    const big = join(dir, 'big-audit.log');
    const line = '{"kind":"Event","apiVersion":"audit.k8s.io/v1","auditID":"@N@","verb":"get","stage":"ResponseComplete"}\n';
    writeFileSync(big, Array.from({ length: 60_000 }, (_, i) => line.replace('@N@', String(i))).join(''));
    const progress: number[] = [];
    const done = await readActivityFile(big, { context: ctx, onProgress: (p) => progress.push(p.bytesRead), onEvents: () => undefined });
    expect(progress.length).toBeGreaterThan(2);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress[progress.length - 1]).toBe(done.bytesRead);
    expect(done.events).toEqual([]);
    expect(done.eventCount).toBe(60_000);

    const controller = new AbortController();
    const error = await rejection(() =>
      readActivityFile(big, { context: ctx, signal: controller.signal, onProgress: () => controller.abort() }),
    );
    expect(error).toMatchObject({ code: 'REFUSED', message: `Reading ${big} was cancelled` });
  });
});

describe('readActivityPath: folders', () => {
  it('walks a folder: every fixture read, non-files and unknown files skipped with a reason, a link loop read once', async () => {
    const folder = join(dir, 'logs');
    mkdirSync(join(folder, 'nested'), { recursive: true });
    for (const name of readdirSync(FIXTURES)) copyFileSync(join(FIXTURES, name), join(folder, 'nested', name));
    execFileSync('mkfifo', [join(folder, 'live.pipe')]);
    symlinkSync(folder, join(folder, 'nested', 'loop'));
    writeFileSync(join(folder, 'README.txt'), 'not a log');
    const folderProgress: number[] = [];
    const result = await readActivityPath(folder, { context: ctx, onFolderProgress: (p) => folderProgress.push(p.bytesRead) });
    expect(result.files.map((f) => f.format).sort()).toEqual(
      [
        'claude-code-telemetry',
        'claude-code-transcript',
        'cloudtrail',
        'cloudtrail-lookup',
        'codex-rollout',
        'codex-telemetry',
        'github-audit',
        'k8s-audit',
        'otlp-traces',
        'postgres-csvlog',
        'postgres-log',
      ].sort(),
    );
    expect(result.skipped.map((s) => s.reason)).toEqual(
      expect.arrayContaining(['not a regular file (pipe, device or socket)', expect.stringContaining('not a known activity-log format')]),
    );
    expect(folderProgress[folderProgress.length - 1]).toBeLessThanOrEqual(result.totalBytes);
  });

  it('secrets scan: no planted secret in any event, analysis, finding, issue or error (0 found)', async () => {
    const read = await readActivityPath(FIXTURES, { context: ctx });
    const events: ActivityEvent[] = read.files.flatMap((f) => f.events);
    expect(events.length).toBeGreaterThan(40);
    // the reader's framing (Records/Events/top-level arrays, lines) gives what the parsers give on in-memory records
    expect(Object.fromEntries(read.files.map((f) => [f.format, f.eventCount]))).toEqual({
      cloudtrail: 5,
      'cloudtrail-lookup': 2,
      'k8s-audit': 5,
      'postgres-log': 5,
      'postgres-csvlog': 4,
      'otlp-traces': 3,
      'claude-code-telemetry': 4,
      'claude-code-transcript': 4,
      'codex-telemetry': 3,
      'codex-rollout': 2,
      'github-audit': 4,
    });
    const analysed = analyseActivity(events, fixtureInventory(), { fingerprint });
    const errors: string[] = [];
    for (const name of readdirSync(FIXTURES)) {
      // every parser's refusals and issues too: read each fixture as the wrong format
      const wrong = await readActivityFile(join(FIXTURES, name), {
        context: ctx,
        format: name.includes('k8s') ? 'postgres-log' : 'k8s-audit',
      }).catch((e: Error) => e.message);
      errors.push(JSON.stringify(wrong));
    }
    const everything = JSON.stringify([
      read,
      analysed,
      summariseByAgent(analysed),
      activityFindings(analysed, fixtureInventory(), { maxGapMs: 60_000 }),
      errors,
    ]);
    const found = PLANTED.filter((secret) => everything.includes(secret));
    console.log(`secrets scan: ${PLANTED.length} planted, ${found.length} found, over ${everything.length} characters`);
    expect(found).toEqual([]);
  });
});
