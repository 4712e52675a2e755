/**
 * Durability under SIGKILL: a child process appends drill events through the real service and
 * acknowledges each one after it returns; the parent kills it at a random moment, many times,
 * then checks that every acknowledged event is in the database. Zero may be lost.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allDrillEvents, makeHarness, removeDir, withWorkspace } from '../helpers';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const OUT_DIR = join(ROOT, 'node_modules', '.cache', 'ar-drills-crash');
const CHILD = join(OUT_DIR, `child-${process.pid}.mjs`);
const RUNS = Number(process.env.AR_CRASH_RUNS ?? 30);

let dataDir = '';
let workspaceId = '';
let drillId = '';

beforeAll(async () => {
  mkdirSync(OUT_DIR, { recursive: true });
  await build({
    entryPoints: [join(ROOT, 'test/integration/drills/crash-child.ts')],
    outfile: CHILD,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    logLevel: 'warning',
    external: ['better-sqlite3', 'electron', 'exceljs', 'docx'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const { h, workspaceId: ws } = await withWorkspace(true);
  dataDir = h.dataDir;
  workspaceId = ws;
  const inv = await h.call('inventory:overview', { workspaceId });
  const view = await h.call('drills:create', {
    workspaceId,
    scenarioId: 'd7-coding-agent-wipes-shared-drive',
    agentIds: [inv.agents[0]!.id],
    participants: [{ name: 'F', role: 'facilitator' }],
  });
  drillId = view.drill.id;
  await h.call('drills:append', { workspaceId, drillId, event: { type: 'start', payload: {} } });
  h.close();
});

afterAll(() => removeDir(dataDir));

function runChild(run: number, killAfterMs: number): Promise<{ acks: Map<number, string>; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir, workspaceId, drillId, String(run)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AR_QUIET: '1' },
    });
    const acks = new Map<number, string>();
    // Every fifth run is killed at a random moment from spawn (while starting or resuming the drill);
    // the others at a random moment after they started appending.
    if (run % 5 === 0) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    let buf = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line === 'READY' && run % 5 !== 0) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        const m = /^ACK (\d+) (.*)$/.exec(line);
        if (m) acks.set(Number(m[1]), m[2]!);
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child exited with ${code} before it was killed: ${stderr}`));
      else resolve({ acks, stderr });
    });
  });
}

describe('drill events survive SIGKILL', () => {
  it(`kills the writer at random points ${RUNS} times and loses no acknowledged event`, async () => {
    let acknowledged = 0;
    let recovered = 0;
    let lost = 0;
    for (let run = 0; run < RUNS; run++) {
      const { acks } = await runChild(run, Math.floor(Math.random() * (run % 5 === 0 ? 1500 : 300)));
      const h = makeHarness({ dataDir });
      const events = await allDrillEvents(h, workspaceId, drillId);
      h.close();
      const stored = new Map(events.map((e) => [e.seq, e.type === 'note' ? e.payload.text : null]));
      acknowledged += acks.size;
      for (const [seq, text] of acks) {
        if (stored.get(seq) === text) recovered++;
        else lost++;
      }
      // sequence numbers stay contiguous: no holes, no duplicates
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    }
    const h = makeHarness({ dataDir });
    const view = await h.call('drills:get', { workspaceId, drillId });
    h.close();
    console.log(
      `[drills crash test] runs=${RUNS} acknowledged=${acknowledged} recovered=${recovered} lost=${lost} app-gaps=${view.measures.appGapCount} total-events=${view.state.lastSeq}`,
    );
    expect(lost).toBe(0);
    expect(recovered).toBe(acknowledged);
    expect(acknowledged).toBeGreaterThan(0);
    expect(view.measures.appGapCount).toBeGreaterThan(0);
  }, 300_000);
});
