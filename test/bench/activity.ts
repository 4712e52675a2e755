/**
 * The activity figure (issue 13), behind `--activity` (it writes a ~0.6 GB file, so the default run skips it):
 * import 1 M CloudTrail events with `agent-readiness activity import` (the CLI door, in a process of its own, so
 * its peak memory is the import's and not the bench's) into the bench workspace, against a raw JSON.parse of the
 * same records in this process; storage per million events.
 */
import BetterSqlite3 from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure } from './backend';

const log = (s: string): void => void process.stderr.write(`[bench] ${s}\n`);

/**
 * The role of record i: half are the bench inventory's grant credentials (`svc-<agent>-<grant>`, see generate.ts), so
 * attribution and the grant check run against 10k agents and 100k grants; the other half is a role no agent holds.
 */
const roleOf = (i: number): string => (i % 2 === 0 ? `svc-${String((i >> 1) % 5000).padStart(5, '0')}-${i % 10}` : 'dbmaint');

/** A realistic record (assumed role, request parameters, an error on every tenth) with a unique eventID. */
function record(i: number): string {
  const role = roleOf(i);
  return JSON.stringify({
    eventVersion: '1.11',
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::111122223333:assumed-role/${role}/run-${i % 97}`,
      accessKeyId: `ASIAFAKEKEY${(i % 13).toString().padStart(6, '0')}`,
      sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::111122223333:role/${role}`, userName: role } },
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
    recipientAccountId: '111122223333',
  });
}

async function writeTrail(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('{"Records":[');
  for (let i = 0; i < count; i++) if (!out.write(`${i === 0 ? '' : ','}${record(i)}`)) await once(out, 'drain');
  out.end(']}\n');
  await once(out, 'finish');
}

/** The process's peak resident memory so far (VmHWM), or null once it has exited. */
function peakRss(pid: number): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}

/** `agent-readiness activity import` in its own process (the CLI door), so its peak memory is the import's alone. */
async function importWithCli(cli: string, dbFile: string, path: string): Promise<{ ms: number; peak: number; stdout: string }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [cli, 'activity', 'import', '--workspace', dbFile, '--path', path], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, child.pid === undefined ? 0 : (peakRss(child.pid) ?? 0))), 100);
  const [code] = (await once(child, 'exit')) as [number | null];
  const ms = performance.now() - t0;
  clearInterval(sampler);
  if (code !== 0) throw new Error(`activity import exited ${code}: ${stdout.slice(-500)}`);
  return { ms, peak, stdout };
}

/** The workspace file's size after a full checkpoint (its own connection: the bench's is closed while the CLI imports). */
function settledSize(dbFile: string): number {
  const db = new BetterSqlite3(dbFile);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return statSync(dbFile).size + (statSync(`${dbFile}-wal`, { throwIfNoEntry: false })?.size ?? 0);
}

export async function benchActivity(opts: {
  /** dist/serve/cli.mjs: the import runs through the CLI, in a process of its own. */
  cli: string;
  dbFile: string;
  dir: string;
  events: number;
}): Promise<Figure[]> {
  const { cli, dbFile, dir, events } = opts;
  const file = join(dir, '111122223333_CloudTrail_eu-west-1_20260504T0000Z_bench.json');
  const sample = join(dir, '111122223333_CloudTrail_eu-west-1_20260504T0000Z_sample.json');
  const sampleCount = Math.min(events, 100_000);
  await writeTrail(file, events);
  await writeTrail(sample, sampleCount);
  const size = statSync(file).size;
  log(`activity: ${events} CloudTrail records, ${(size / 1e6).toFixed(0)} MB`);

  // Storage: the file after a full checkpoint, before and after, so WAL pages of earlier writes landing in it do not count.
  const dbBefore = settledSize(dbFile);
  const { ms: importMs, peak, stdout } = await importWithCli(cli, dbFile, file);
  const imported = Number(/(\d+) events from/.exec(stdout)?.[1] ?? -1);
  if (imported !== events) throw new Error(`activity: imported ${imported} of ${events} events (${stdout.slice(-300)})`);
  const grown = settledSize(dbFile) - dbBefore;
  const rate = events / (importMs / 1000);
  rmSync(file, { force: true });
  // Baseline (after the import, so its garbage is not in the import's peak): JSON.parse alone, on a slice small enough to be one string (V8 refuses a string of the whole file).
  const text = readFileSync(sample, 'utf8');
  const p0 = performance.now();
  const parsed = JSON.parse(text) as { Records: unknown[] };
  const parseRate = parsed.Records.length / ((performance.now() - p0) / 1000);

  rmSync(sample, { force: true });
  const perMillion = (grown / events) * 1e6;
  log(
    `activity: import ${Math.round(rate)} events/s (${(importMs / 1000).toFixed(1)} s), JSON.parse ${Math.round(parseRate)} records/s, peak RSS of the import process ${(peak / 1e6).toFixed(0)} MB, storage ${(perMillion / 1e6).toFixed(0)} MB per million`,
  );
  return [
    {
      id: 'A1',
      what: `activity import, ${events} CloudTrail events (\`agent-readiness activity import\`: hash, stream, attribute, store with change history)`,
      value: Math.round(rate),
      baseline: Math.round(parseRate),
      unit: 'events/s',
      ratio: rate / parseRate,
      target: '>= 0.3x JSON.parse',
      met: rate / parseRate >= 0.3,
      note: `${(size / 1e6).toFixed(0)} MB file; baseline is JSON.parse of ${sampleCount} of the same records`,
    },
    {
      id: 'A2',
      what: 'activity import peak memory (the import process: peak RSS, VmHWM)',
      value: Math.round(peak / 1e6),
      baseline: Math.round(size / 1e6),
      unit: 'MB',
      ratio: peak / size,
      target: '< 1000 MB',
      met: peak < 1e9,
      note: 'baseline: the file size',
    },
    {
      id: 'A3',
      what: 'activity storage per million events (database growth after a checkpoint: events, their change history, indexes)',
      value: Math.round(perMillion / 1e6),
      baseline: Math.round(((size / events) * 1e6) / 1e6),
      unit: 'MB',
      ratio: perMillion / ((size / events) * 1e6),
      target: 'reported',
      met: null,
      note: 'baseline: the raw log per million events',
    },
  ];
}
