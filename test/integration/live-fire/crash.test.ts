/**
 * The app dies mid-drill: a parent process (the fixture) starts a live-fire drill, the test SIGKILLs
 * it (or freezes it with SIGSTOP), and the rogue must go with it: on the IPC channel closing, or on the
 * heartbeat stopping. The resumed app then re-checks the sandbox against its pre-incident snapshot.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recheckSandbox } from '../../../electron/services/live-fire/index';
import { buildChildScripts, makeParentDir, processRunning, removeDir, ROOT, roguePids } from './helpers';

let scripts: Awaited<ReturnType<typeof buildChildScripts>>;
let parentDir = '';
let fixture = '';
const SPEC = {
  seed: {
    seed: 11,
    tables: [
      { name: 'customers', rows: 500 },
      { name: 'orders', rows: 800 },
    ],
  },
  before: { backup: 'take', location: 'separate' },
  rogue: {
    maxSeconds: 3600,
    timeline: [
      { at: 0, action: 'mass-delete', table: 'orders', percent: 50 },
      { at: 3000, action: 'drop-table', table: 'customers' },
    ],
  },
};

beforeAll(async () => {
  scripts = await buildChildScripts();
  parentDir = makeParentDir();
  fixture = join(scripts.dist, 'parent-fixture.mjs');
  await build({
    entryPoints: [join(ROOT, 'test/integration/live-fire/parent-fixture.ts')],
    outfile: fixture,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    logLevel: 'warning',
    external: ['better-sqlite3'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
});

afterAll(() => {
  removeDir(parentDir);
  expect(roguePids(scripts.dist)).toEqual([]);
  removeDir(scripts.dist);
});

type Started = { parent: ChildProcess; roguePid: number; root: string; sandboxId: string };

function startParent(heartbeatMs: number): Promise<Started> {
  const parent = spawn(process.execPath, [fixture, scripts.rogue, scripts.console, parentDir, String(heartbeatMs)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    parent.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    parent.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve({ parent, ...(JSON.parse(out.slice(0, nl)) as Omit<Started, 'parent'>) });
    });
    parent.once('exit', (code) => reject(new Error(`the parent exited (${code}) before the drill started: ${err}`)));
  });
}

/** Waits, bounded, for a process we cannot observe with an exit event (it is not our child). */
async function gone(pid: number, withinMs: number): Promise<boolean> {
  const deadline = performance.now() + withinMs;
  while (performance.now() < deadline) {
    if (!processRunning(pid)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return !processRunning(pid);
}

describe('killing the app mid-drill leaves no rogue', () => {
  it('SIGKILL of the parent: the rogue exits when its IPC channel closes, and the sandbox is re-checked', async () => {
    const s = await startParent(60_000);
    expect(processRunning(s.roguePid)).toBe(true);
    s.parent.kill('SIGKILL');
    // The heartbeat timeout is a minute here: only the channel closing can explain a prompt exit.
    expect(await gone(s.roguePid, 5000)).toBe(true);

    const r = recheckSandbox(s.root, s.sandboxId, SPEC, s.roguePid, new Date());
    expect(r.rogueRunning).toBe(false);
    expect(r.integrity).toEqual(['ok']);
    expect(r.preIncident?.tables.map((t) => [t.table, t.rows])).toEqual([
      ['customers', 500],
      ['orders', 800],
    ]);
    // The damage done before the crash is on record; the second action (at 3000 s) never ran.
    expect(r.againstPreIncident?.tables.map((t) => [t.table, t.matches, t.rowsLost])).toEqual([
      ['customers', true, 0],
      ['orders', false, 400],
    ]);
    expect(r.sandbox.statementLog().map((e) => e.action)).toEqual(['mass-delete']);
    r.sandbox.dispose();
  });

  it('a frozen parent (SIGSTOP): the rogue exits when the heartbeat stops', async () => {
    const s = await startParent(300);
    s.parent.kill('SIGSTOP');
    try {
      expect(await gone(s.roguePid, 5000)).toBe(true);
    } finally {
      s.parent.kill('SIGKILL');
      s.parent.kill('SIGCONT');
    }
    const r = recheckSandbox(s.root, s.sandboxId, SPEC, s.roguePid, new Date());
    expect(r.rogueRunning).toBe(false);
    r.sandbox.dispose();
  });
});
