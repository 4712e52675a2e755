// `npm run load:team [-- --seconds N --clients N --drills N --out FILE]`: bundles the team load test
// (test/load/main.ts) with esbuild next to a private copy of the built app, then runs it with this Node.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
if (!existsSync(join(root, 'dist/serve/cli.mjs'))) {
  console.error('dist/serve/cli.mjs is missing: run `npm run build` first.');
  process.exit(2);
}
// Inside node_modules so the bundle's external imports (pg, better-sqlite3) resolve.
const out = join(root, 'node_modules/.cache/agent-readiness-team-load');
mkdirSync(out, { recursive: true });
// A private copy of the built app: a rebuild of dist/ during a run must not change the servers under test.
rmSync(join(out, 'dist'), { recursive: true, force: true });
cpSync(join(root, 'dist'), join(out, 'dist'), { recursive: true });
await build({
  entryPoints: [join(root, 'test/load/main.ts')],
  outfile: join(out, 'team-load.mjs'),
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  logLevel: 'warning',
  external: ['better-sqlite3', 'pg', 'electron', 'playwright-core', 'exceljs', 'docx', 'oidc-provider', 'openid-client'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
const r = spawnSync(process.execPath, [join(out, 'team-load.mjs'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
