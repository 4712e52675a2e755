// `npm run bench [-- --quick] [-- --out docs/benchmarks.md]`: bundles the benchmark (and the bare React
// baseline page) with esbuild into a temporary folder, then runs it with this Node. Offline.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
if (!existsSync(join(root, 'dist/serve/serve.mjs'))) {
  console.error('dist/serve/serve.mjs is missing: run `npm run build` first.');
  process.exit(2);
}
// Inside node_modules so the bundle's external imports (better-sqlite3, playwright-core) resolve.
const out = join(root, 'node_modules/.cache/agent-readiness-bench');
mkdirSync(out, { recursive: true });
// A private copy of the built app: other people rebuilding dist/ during a run must not change what is measured.
rmSync(join(out, 'dist'), { recursive: true, force: true });
cpSync(join(root, 'dist'), join(out, 'dist'), { recursive: true });
await build({
  entryPoints: [join(root, 'test/bench/bench.ts')],
  outfile: join(out, 'bench.mjs'),
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  logLevel: 'warning',
  external: ['better-sqlite3', 'electron', 'playwright-core', '@playwright/test', 'exceljs', 'docx'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
await build({
  entryPoints: [join(root, 'test/bench/bare-page.tsx')],
  outfile: join(out, 'bare.js'),
  bundle: true,
  platform: 'browser',
  format: 'esm',
  minify: true,
  logLevel: 'warning',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
});
const r = spawnSync(process.execPath, [join(out, 'bench.mjs'), '--root', out, '--bare', out, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
