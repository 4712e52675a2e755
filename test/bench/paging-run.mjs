// `node test/bench/paging-run.mjs [--agents N]`: issue 16 §2's paging and streamed-export figures at
// 100k agents / 1M grants (test/bench/paging.ts). Bundles it with esbuild, seeds a workspace once,
// then runs each measurement in its own Node process so each export's peak RSS is its own.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const out = join(root, 'node_modules/.cache/agent-readiness-bench');
mkdirSync(out, { recursive: true });
const bundle = join(out, 'paging.mjs');
await build({
  entryPoints: [join(root, 'test/bench/paging.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  logLevel: 'warning',
  external: ['better-sqlite3', 'electron', 'playwright-core', '@playwright/test', 'exceljs', 'docx'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
const i = process.argv.indexOf('--agents');
const agents = i > 0 ? process.argv[i + 1] : '100000';
const dataDir = mkdtempSync(join(tmpdir(), 'ar-bench-paging-'));
const run = (...args) => {
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', bundle, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (r.status !== 0) console.log(JSON.stringify({ phase: args[0], failed: r.status ?? r.signal }));
  else process.stdout.write(r.stdout);
};
try {
  run('seed', dataDir, agents);
  run('lists', dataDir);
  run('export-streamed', dataDir, 'csv');
  run('export-old', dataDir, 'csv');
  run('export-streamed', dataDir, 'xlsx');
  // The in-memory XLSX took 2 GB at 100k grants; at 1M it would not fit the cap above.
  if (Number(agents) <= 10_000) run('export-old', dataDir, 'xlsx');
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
