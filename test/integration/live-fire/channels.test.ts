/**
 * The live-fire channels end to end through the real dispatcher: a drill on a real workspace file, its
 * sandbox and rogue started with it, the console's first query after the damage recorded as the
 * detection, the kill switch verified, the team's backup restored and verified, and the verified
 * results turned into the drill's TTD/TTC/TTR, history and scoring evidence. Then the cases that go
 * wrong: the backups deleted by the rogue (real data loss), and an app restart mid-drill.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDrillEvidence } from '../../../electron/store/drills/evidence';
import { readLiveFireRecord } from '../../../electron/store/drills/live-fire';
import { liveChildren, pidAlive } from '../../../electron/services/live-fire/index';
import { makeHarness, removeDir as removeData, withWorkspace, type Harness } from '../helpers';
import { buildChildScripts, goneWithin, removeDir, roguePids } from './helpers';

let dist = '';
const TIME_SCALE = 120; // D1's rogue: 60, 90, 240, 420 s on the drill clock = 0.5 to 3.5 s here
const harnesses: Harness[] = [];

beforeAll(async () => {
  dist = (await buildChildScripts()).dist;
});

afterAll(() => {
  for (const h of harnesses) {
    h.close();
    removeData(h.dataDir);
  }
  expect(liveChildren()).toBe(0);
  expect(roguePids(dist)).toEqual([]);
  removeDir(dist);
});

async function runningDrill(scenarioId: string) {
  const { h, workspaceId } = await withWorkspace(true, { liveFireDist: dist });
  harnesses.push(h);
  const inv = await h.call('inventory:overview', { workspaceId });
  const agent = inv.agents.find((a) => a.name === 'DB Maintenance Agent')!;
  const view = await h.call('drills:create', {
    workspaceId,
    scenarioId,
    agentIds: [agent.id],
    participants: [{ name: 'Ana', role: 'facilitator' }],
    timeScale: TIME_SCALE,
  });
  const drillId = view.drill.id;
  await h.call('drills:append', { workspaceId, drillId, event: { type: 'start', payload: {} } });
  return { h, workspaceId, drillId, agentId: agent.id };
}

/** Polls the status the way the runner does, until the condition holds (bounded). */
async function statusWhen(h: Harness, workspaceId: string, drillId: string, ok: (s: Awaited<ReturnType<typeof status>>) => boolean) {
  const deadline = performance.now() + 20_000;
  for (;;) {
    const s = await status(h, workspaceId, drillId);
    if (ok(s)) return s;
    if (performance.now() > deadline) throw new Error(`status never matched: ${JSON.stringify(s.rowCounts)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const status = (h: Harness, workspaceId: string, drillId: string) => h.call('drills:live-fire-status', { workspaceId, drillId });

describe('a live-fire D1 through the channels', () => {
  let c: Awaited<ReturnType<typeof runningDrill>>;
  let root = '';

  beforeAll(async () => {
    c = await runningDrill('d1-prod-db-dropped-during-freeze');
  });

  it('starts once: the sandbox is seeded, the team backup taken to the vault, the rogue running', async () => {
    const { h, workspaceId, drillId } = c;
    const [a, b] = await Promise.all([
      h.call('drills:live-fire-start', { workspaceId, drillId }),
      h.call('drills:live-fire-start', { workspaceId, drillId }),
    ]);
    expect(a.rogue.pid).toBe(b.rogue.pid);
    expect(a.rogue.running).toBe(true);
    expect(a.before).toMatchObject({ backup: 'take', location: 'separate' });
    expect(a.backups.map((x) => x.location)).toEqual(['separate']);
    expect(a.backups[0]!.file).toMatch(/^backup-.*\.sqlite$/); // a name, never a path
    expect(a.rowCounts.map((r) => [r.table, r.before])).toEqual([
      ['customers', 2000],
      ['orders', 3000],
      ['invoices', 1500],
    ]);
    root = readLiveFireRecord(h.ctx.workspace(workspaceId).db, drillId)!.root;
    expect(existsSync(root)).toBe(true);
    expect((await h.fail('drills:live-fire-start', { workspaceId, drillId: 'nope' })).code).toBe('NOT_FOUND');
  });

  it('the row counts customers see fall, and the statement log shows what the rogue ran', async () => {
    const { h, workspaceId, drillId } = c;
    const s = await statusWhen(h, workspaceId, drillId, (x) => x.lastStatementSeq >= 4);
    expect(s.rowCounts.map((r) => [r.table, r.visible])).toEqual([
      ['customers', 4000],
      ['orders', 0],
      ['invoices', 1500],
    ]);
    expect(s.statements.map((e) => [e.action, e.outcome])).toEqual([
      ['mass-delete', 'ok'],
      ['mass-delete', 'ok'],
      ['junk-rows', 'ok'],
      ['corrupt-column', 'ok'],
    ]);
    expect((await h.call('drills:live-fire-status', { workspaceId, drillId, afterSeq: 3 })).statements.map((e) => e.seq)).toEqual([4]);
  });

  it('the first console query after the damage is the detection (TTD); writes are refused', async () => {
    const { h, workspaceId, drillId } = c;
    const q = await h.call('drills:live-fire-query', { workspaceId, drillId, sql: 'SELECT COUNT(*) AS n FROM orders' });
    expect(q).toMatchObject({ columns: ['n'], rows: [[0]], detected: true });
    const again = await h.call('drills:live-fire-query', { workspaceId, drillId, sql: 'SELECT COUNT(*) FROM customers' });
    expect(again.detected).toBe(false);
    const bad = await h.fail('drills:live-fire-query', { workspaceId, drillId, sql: 'DELETE FROM invoices' });
    expect(bad.message).toMatch(/read-only|not allowed/);
    expect((await status(h, workspaceId, drillId)).rowCounts.find((r) => r.table === 'invoices')!.visible).toBe(1500);
    const view = await h.call('drills:get', { workspaceId, drillId });
    expect(view.state.checkpoints.declared?.note).toBe('Detected in the live-fire console: SELECT COUNT(*) AS n FROM orders');
    expect(view.state.checkpoints.contained).toBeUndefined();
  });

  it('a restore before containment is refused', async () => {
    const { h, workspaceId, drillId } = c;
    expect((await h.fail('drills:live-fire-restore', { workspaceId, drillId })).message).toMatch(/kill switch first/);
  });

  it('the kill switch: the rogue is gone, its next write fails, and Contained is recorded from that', async () => {
    const { h, workspaceId, drillId } = c;
    const pid = (await status(h, workspaceId, drillId)).rogue.pid!;
    const r = await h.call('drills:live-fire-contain', { workspaceId, drillId });
    expect(r.recorded).toBe(true);
    expect(r.containment.verified).toBe(true);
    expect(r.containment.checks.map((x) => x.ok)).toEqual([true, true, true, true]);
    expect(pidAlive(pid)).toBe(false);
    const s = await status(h, workspaceId, drillId);
    expect(s.phase).toBe('contained');
    expect(s.statements.at(-1)).toMatchObject({ action: 'containment-probe', outcome: 'refused', rowsChanged: 0 });
    const view = await h.call('drills:get', { workspaceId, drillId });
    expect(view.state.containment['agent-halted']).not.toBeNull();
    expect(view.state.containment['credentials-revoked']).not.toBeNull();
    expect(view.state.checkpoints.contained?.note).toMatch(/^Verified by the app\. rogue process stopped: pid \d+ no longer exists/);
  });

  it("the app's restore from the team's backup is verified against the pre-incident snapshot (TTR, RPO)", async () => {
    const { h, workspaceId, drillId } = c;
    const r = await h.call('drills:live-fire-restore', { workspaceId, drillId });
    expect(r.recorded).toBe(true);
    expect(r.recovery).toMatchObject({ recovered: true, rowsLost: 0, rowsChanged: 0, rowsExtra: 0, scenarioRpoMinutes: 15 });
    expect(r.recovery.tables.every((t) => t.matches)).toBe(true);
    expect(r.recovery.rpoMs).toBeGreaterThanOrEqual(0);
    expect(r.recovery.restoredFrom).toMatch(/^backup-/);
    const view = await h.call('drills:get', { workspaceId, drillId });
    const m = view.measures;
    expect(m.ttd && m.ttc && m.ttr).toBeTruthy();
    expect(m.ttd!.measuredMs).toBeLessThanOrEqual(m.ttc!.measuredMs);
    expect(m.ttc!.measuredMs).toBeLessThanOrEqual(m.ttr!.measuredMs);
    expect(view.state.recovery?.systemOfRecord).toMatch(/pre-incident snapshot/);
  });

  it('completing the drill removes the sandbox; the results stay, in history and as REC evidence', async () => {
    const { h, workspaceId, drillId, agentId } = c;
    await h.call('drills:complete', { workspaceId, drillId });
    expect(existsSync(root)).toBe(false);
    const s = await status(h, workspaceId, drillId);
    expect(s.phase).toBe('ended');
    expect(s.containment?.verified).toBe(true);
    expect(s.recovery?.recovered).toBe(true);
    const row = (await h.call('drills:history', { workspaceId })).rows.find((x) => x.drill.id === drillId)!;
    expect(row.ttdMs! > 0 && row.ttcMs! >= row.ttdMs! && row.ttrMs! >= row.ttcMs!).toBe(true);
    expect(row.withinRpo).toBe(true);
    const ev = readDrillEvidence(h.ctx.workspace(workspaceId).db);
    expect(ev.recoveries.find((x) => x.drillId === drillId)).toMatchObject({ agentId, ttrMs: Math.round(row.ttrMs!) });
    // The AAR/IP marks the three measures as verified on the sandbox, with the kill switch's checks.
    const f = await h.call('drills:aar-ip', { workspaceId, drillId, format: 'docx' });
    const { execFileSync } = await import('node:child_process');
    const file = join(h.dataDir, 'aar-ip.docx');
    writeFileSync(file, Buffer.from(f.contentBase64, 'base64'));
    const xml = execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8' });
    expect(xml.match(/verified on the sandbox/g)).toHaveLength(3);
    expect(xml).toContain('Live-fire verification');
  });
});

describe('when it goes wrong', () => {
  it('D8: the rogue deleted the same-volume backup, so nothing restores and the real loss is reported', async () => {
    const { h, workspaceId, drillId } = await runningDrill('d8-volume-delete-backups-on-same-volume');
    await h.call('drills:live-fire-start', { workspaceId, drillId });
    await statusWhen(h, workspaceId, drillId, (x) => x.rowCounts.every((r) => r.visible === null));
    expect((await h.call('drills:live-fire-contain', { workspaceId, drillId })).recorded).toBe(true);
    expect((await status(h, workspaceId, drillId)).backups).toEqual([]);
    expect((await h.fail('drills:live-fire-restore', { workspaceId, drillId })).message).toMatch(/No backup survives/);
    const v = await h.call('drills:live-fire-verify', { workspaceId, drillId });
    expect(v).toMatchObject({ recorded: false, recovery: { recovered: false, rowsLost: 8000, rpoMs: null } });
    expect((await h.call('drills:get', { workspaceId, drillId })).state.checkpoints.recovered).toBeUndefined();
    const accepted = await h.call('drills:live-fire-verify', { workspaceId, drillId, acceptLoss: true });
    expect(accepted.recorded).toBe(true);
    const view = await h.call('drills:get', { workspaceId, drillId });
    expect(view.state.checkpoints.recovered?.note).toBe(
      'The team accepted the loss: 8000 rows lost, 0 changed, 0 invented; no backup restored.',
    );
    await h.call('drills:live-fire-end', { workspaceId, drillId });
  });

  it('an app restart mid-drill: no rogue survives, and the resumed drill re-checks the sandbox', async () => {
    const c = await runningDrill('d1-prod-db-dropped-during-freeze');
    const { workspaceId, drillId } = c;
    const started = await c.h.call('drills:live-fire-start', { workspaceId, drillId });
    await statusWhen(c.h, workspaceId, drillId, (x) => x.lastStatementSeq >= 2);
    const pid = started.rogue.pid!;
    const h = c.h.restart(); // ctx.close(): the app quits
    harnesses.push(h);
    // The quit SIGKILLs the rogue; it is gone within moments (not necessarily by the next line).
    expect(await goneWithin(pid, 5000)).toBe(true);
    await h.call('drills:resume', { workspaceId, drillId });
    const s = await status(h, workspaceId, drillId);
    expect(s.phase).toBe('resumed');
    expect(s.recheck).toMatchObject({ integrity: ['ok'], rogueRunning: false, matchesPreIncident: false });
    expect(s.recheck!.rowsLost).toBeGreaterThanOrEqual(5000); // orders and customers emptied before the quit
    const contained = await h.call('drills:live-fire-contain', { workspaceId, drillId });
    expect(contained.containment.verified).toBe(true);
    const r = await h.call('drills:live-fire-restore', { workspaceId, drillId });
    expect(r.recovery.recovered).toBe(true);
    expect(r.recorded).toBe(true);
    const root = readLiveFireRecord(h.ctx.workspace(workspaceId).db, drillId)!.root;
    await h.call('drills:live-fire-end', { workspaceId, drillId });
    expect(existsSync(root)).toBe(false);
  });

  it('the kill switch works during a pause; Contained is recorded when the drill runs again, with the pause excluded', async () => {
    const { h, workspaceId, drillId } = await runningDrill('d1-prod-db-dropped-during-freeze');
    await h.call('drills:live-fire-start', { workspaceId, drillId });
    await statusWhen(h, workspaceId, drillId, (x) => x.lastStatementSeq >= 1);
    await h.call('drills:append', { workspaceId, drillId, event: { type: 'pause', payload: { reason: 'side discussion' } } });
    const r = await h.call('drills:live-fire-contain', { workspaceId, drillId });
    expect(r.containment.verified).toBe(true); // safety first: the rogue is stopped, paused or not
    expect(r.recorded).toBe(false);
    expect(r.message).toMatch(/paused/);
    const paused = await h.call('drills:get', { workspaceId, drillId });
    expect(paused.state.checkpoints.contained).toBeUndefined();
    await h.call('drills:append', { workspaceId, drillId, event: { type: 'resume', payload: {} } });
    await status(h, workspaceId, drillId);
    const view = await h.call('drills:get', { workspaceId, drillId });
    expect(view.state.checkpoints.contained?.note).toMatch(/^Verified by the app/);
    // TTC is the measured time at the pause (the pause itself is excluded).
    const pauseStart = paused.state.pauses[0]!.startMs;
    expect(view.measures.ttc!.measuredMs).toBeGreaterThanOrEqual(pauseStart);
    expect(view.measures.ttc!.measuredMs).toBeLessThan(pauseStart + 1000);
    await h.call('drills:live-fire-end', { workspaceId, drillId });
  });

  it('a scenario that points the rogue at another path is refused when imported', async () => {
    const h = makeHarness({ liveFireDist: dist });
    harnesses.push(h);
    const ws = await h.call('workspace:create', { name: 'W', example: false });
    const raw = (await h.call('drills:scenario', { workspaceId: ws.id, scenarioId: 'd1-prod-db-dropped-during-freeze' })).raw;
    const { stringify } = await import('yaml');
    const evil = { ...raw, id: 'evil-path', sandbox: { ...raw.sandbox, path: '/etc' } };
    const e = await h.fail('drills:import-scenario', { workspaceId: ws.id, yaml: stringify(evil) });
    expect(e.code).toBe('VALIDATION');
    expect(JSON.stringify(e)).toMatch(/sandbox/);
  });
});
