#!/usr/bin/env node
// The `agent-readiness` command (package.json "bin"). Runs the bundled CLI, building it first
// when dist/serve/cli.mjs is missing or older than its sources. Build output goes to stderr so stdout stays clean.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`agent-readiness: Node >= 22.12 is required (this is ${process.versions.node}).\n`);
  process.exit(70);
}
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'serve', 'cli.mjs');

/** Newest modification time of the TypeScript sources the CLI is built from (0 when they are not there). */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of ['core', join('electron', 'serve'), join('electron', 'services'), join('electron', 'store')]) walk(join(root, d));
  return newest;
}

// Build when missing, or when a source file changed since the last build (a stale CLI would lie).
if (!existsSync(cli) || newestSource() > statSync(cli).mtimeMs) {
  const r = spawnSync(process.execPath, [join(root, 'electron', 'build.mjs')], { cwd: root, stdio: ['ignore', 2, 2] });
  if (r.status !== 0 || !existsSync(cli)) {
    process.stderr.write('agent-readiness: could not build the CLI (node electron/build.mjs failed).\n');
    process.exit(70);
  }
}
await import(pathToFileURL(cli).href);
