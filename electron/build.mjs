// Bundles the Node side: the browser-mode server, the CLI, and the Electron main + preload.
// better-sqlite3 and electron stay external (native module / provided by the runtime).
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';

// The app's version comes from package.json, once, at build time (electron/services/version.ts).
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
  define: { __APP_VERSION__: JSON.stringify(version) },
  external: ['better-sqlite3', 'electron', 'playwright-core', '@playwright/test', 'exceljs', 'docx'],
};
const esm = {
  ...common,
  format: 'esm',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
};

const targets = [
  { ...esm, entryPoints: { 'serve/serve': 'electron/serve/serve.ts' }, outdir: 'dist', outExtension: { '.js': '.mjs' } },
  { ...esm, entryPoints: { 'serve/cli': 'electron/serve/cli.ts' }, outdir: 'dist', outExtension: { '.js': '.mjs' } },
  // Live-fire drills: the rogue agent and the console run as child processes of whichever door starts them.
  {
    ...esm,
    entryPoints: {
      'live-fire/rogue': 'electron/services/live-fire/rogue.ts',
      'live-fire/console': 'electron/services/live-fire/console-child.ts',
    },
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
  },
  { ...common, format: 'cjs', entryPoints: { 'electron/main': 'electron/main/main.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' } },
  // The preload runs sandboxed: one CommonJS file, only `electron` external.
  {
    ...common,
    format: 'cjs',
    platform: 'browser',
    entryPoints: { 'electron/preload': 'electron/preload/preload.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
  },
];
await Promise.all(targets.filter((t) => existsSync(Object.values(t.entryPoints)[0])).map((t) => build(t)));
