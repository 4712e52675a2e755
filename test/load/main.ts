/**
 * `npm run load:team [-- --seconds 60 --clients 20 --drills 5 --agents 8 --out FILE]` (issue 14 §7):
 * a real PostgreSQL (test/support/postgres.ts), two team server processes on it and on one data
 * folder, the run of run-load.ts, and its table on stdout (and in FILE). Exit 1 when anything was
 * lost, failed or the history does not verify; 3 when PostgreSQL cannot start.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openTeamAccounts } from '../../electron/services/team/backend';
import { startPostgres } from '../support/postgres';
import { startInstance, type Instance } from './instances';
import { errorCount, passed, reportMarkdown } from './report';
import { runTeamLoad } from './run-load';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    clients: { type: 'string', default: '20' },
    drills: { type: 'string', default: '5' },
    agents: { type: 'string', default: '8' },
    out: { type: 'string' },
    cli: { type: 'string' },
  },
});
const int = (name: string, v: string, min: number, max: number): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max}.`);
    process.exit(2);
  }
  return n;
};
const options = {
  seconds: int('seconds', values.seconds, 1, 3600),
  // Sign-in allows 10 attempts per email and 30 per address in 15 minutes; each person has their own of both.
  clients: int('clients', values.clients, 1, 200),
  drills: int('drills', values.drills, 0, 50),
  agents: int('agents', values.agents, 1, 500),
};
const log = (s: string) => void process.stderr.write(`[load:team] ${s}\n`);

const pgs = await startPostgres();
if (!pgs.ok) {
  console.error(`PostgreSQL cannot start here: ${pgs.reason}`);
  process.exit(3);
}
const dataDir = mkdtempSync(join(tmpdir(), 'ar-team-load-'));
const instances: Instance[] = [];
let accounts: Awaited<ReturnType<typeof openTeamAccounts>> | null = null;
let code = 1;
try {
  const cli = values.cli ?? join(import.meta.dirname, 'dist/serve/cli.mjs');
  // One after the other, each kept as soon as it is up, so a failure to start the second still stops the first.
  for (let n = 0; n < 2; n++) instances.push(await startInstance(cli, pgs.url, dataDir));
  log(`instances: ${instances.map((i) => i.origin).join(', ')}; data folder ${dataDir}`);
  accounts = await openTeamAccounts(pgs.url);
  log(`running ${options.clients} editors and ${options.drills} drill runners for ${options.seconds} s...`);
  const result = await runTeamLoad(
    accounts.service,
    instances.map((i) => i.origin),
    options,
  );
  let table = reportMarkdown(result);
  table += `\nRequests logged per instance: ${instances.map((i) => i.requests()).join(' / ')}. Server error lines: ${instances.reduce((n, i) => n + i.errors.length, 0)}.\n`;
  for (const e of instances.flatMap((i) => i.errors).slice(0, 10)) table += `- ${e.slice(0, 300)}\n`;
  process.stdout.write(table);
  if (values.out) writeFileSync(values.out, table);
  code = passed(result) && instances.every((i) => i.errors.length === 0) ? 0 : 1;
  log(code === 0 ? 'PASS' : `FAIL (${errorCount(result)} errors, ${result.checks.problems.length} problems)`);
} finally {
  await accounts?.close();
  for (const i of instances) await i.stop();
  await pgs.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(code);
