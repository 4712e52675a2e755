/**
 * Builds the live-fire child scripts (the rogue and the console) the way electron/build.mjs does, into
 * a cache folder per test process, and lists the rogue processes still alive on the machine.
 */
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childScriptsIn, type ChildScripts } from '../../../electron/services/live-fire/index';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export async function buildChildScripts(): Promise<ChildScripts & { dist: string }> {
  const dist = join(ROOT, 'node_modules', '.cache', 'ar-live-fire', `dist-${process.pid}`);
  mkdirSync(dist, { recursive: true });
  await build({
    entryPoints: {
      'live-fire/rogue': join(ROOT, 'electron/services/live-fire/rogue.ts'),
      'live-fire/console': join(ROOT, 'electron/services/live-fire/console-child.ts'),
    },
    outdir: dist,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    logLevel: 'warning',
    external: ['better-sqlite3'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return { ...childScriptsIn(dist), dist };
}

/** A temp folder the sandboxes of one test file are made in, so the test can clean up after itself. */
export const makeParentDir = (): string => mkdtempSync(join(tmpdir(), 'ar-lf-test-'));
export const removeDir = (d: string): void => rmSync(d, { recursive: true, force: true });

/** Pids of running (not zombie) processes running a live-fire script (rogue or console) from `dist` (Linux /proc). */
export function roguePids(dist: string, script: 'rogue' | 'console' = 'rogue'): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (cmd.includes(join(dist, 'live-fire', `${script}.mjs`)) && processRunning(Number(name))) out.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** True while the pid exists and is not a zombie (an orphan's zombie may linger where nothing reaps it). */
export function processRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/\) [ZX] /.test(stat);
  } catch {
    return false;
  }
}

/**
 * Waits, bounded, for a process that was sent SIGKILL to be gone: the signal is sent synchronously,
 * but the kernel ends the process a moment later, so a check on the very next line can still see it.
 */
export async function goneWithin(pid: number, withinMs: number): Promise<boolean> {
  const deadline = performance.now() + withinMs;
  while (performance.now() < deadline) {
    if (!processRunning(pid)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return !processRunning(pid);
}
