import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, withWorkspace, makeHarness, type Harness } from '../helpers';

let mono = 0;
let wall = Date.parse('2026-05-01T09:00:00Z');
const opts = { monotonicMs: () => mono, now: () => new Date(wall) };
const advance = (ms: number) => {
  mono += ms;
  wall += ms;
};
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) removeDir(dirs.pop()!);
});

async function newDrill(h: Harness, workspaceId: string, scenarioId = 'd1-prod-db-dropped-during-freeze', timeScale = 1) {
  const inv = await h.call('inventory:overview', { workspaceId });
  const v = await h.call('drills:create', {
    workspaceId,
    scenarioId,
    agentIds: [inv.agents[0]!.id],
    participants: [{ name: 'F', role: 'facilitator' }],
    timeScale,
  });
  return v.drill.id;
}

describe('drills robustness', () => {
  it('two drills run at once in separate workspaces without mixing events or clocks', async () => {
    mono = 0;
    const { h, workspaceId: a } = await withWorkspace(true, opts);
    dirs.push(h.dataDir);
    const b = (await h.call('workspace:create', { name: 'Second', example: true })).id;
    const da = await newDrill(h, a);
    const db = await newDrill(h, b, 'd3-support-agent-poisoned-ticket');
    await h.call('drills:append', { workspaceId: a, drillId: da, event: { type: 'start', payload: {} } });
    advance(60_000);
    await h.call('drills:append', { workspaceId: b, drillId: db, event: { type: 'start', payload: {} } });
    for (let i = 0; i < 20; i++) {
      advance(1000);
      await h.call('drills:append', {
        workspaceId: i % 2 ? a : b,
        drillId: i % 2 ? da : db,
        event: { type: 'note', payload: { text: `n${i}` } },
      });
    }
    await h.call('drills:append', { workspaceId: b, drillId: db, event: { type: 'checkpoint', payload: { checkpoint: 'declared' } } });
    await h.call('drills:append', { workspaceId: a, drillId: da, event: { type: 'checkpoint', payload: { checkpoint: 'declared' } } });
    const va = await h.call('drills:get', { workspaceId: a, drillId: da });
    const vb = await h.call('drills:get', { workspaceId: b, drillId: db });
    expect(va.measures.ttd?.measuredMs).toBe(80_000);
    expect(vb.measures.ttd?.measuredMs).toBe(20_000);
    expect(va.state.logEntries).toBe(10);
    expect(vb.state.logEntries).toBe(10);
    expect(await h.fail('drills:get', { workspaceId: a, drillId: db })).toMatchObject({ code: 'NOT_FOUND' });
    h.close();
  });

  it('an 8-hour drill with 5,000 log entries stays responsive', async () => {
    mono = 0;
    const { h, workspaceId } = await withWorkspace(true, opts);
    dirs.push(h.dataDir);
    const drillId = await newDrill(h, workspaceId);
    await h.call('drills:append', { workspaceId, drillId, event: { type: 'start', payload: {} } });
    const step = (8 * 3600_000) / 5000;
    let worst = 0;
    for (let i = 0; i < 5000; i++) {
      advance(step);
      const t0 = performance.now();
      await h.call('drills:append', {
        workspaceId,
        drillId,
        event: { type: i % 10 ? 'note' : 'decision', payload: { text: `entry ${i} ${'x'.repeat(60)}` } } as never,
      });
      worst = Math.max(worst, performance.now() - t0);
    }
    const t1 = performance.now();
    const v = await h.call('drills:tick', { workspaceId, drillId });
    const tickMs = performance.now() - t1;
    expect(v.state.logEntries).toBe(5000);
    expect(v.clock.measuredMs).toBeCloseTo(8 * 3600_000, -2);
    // a cold start (new process) replays the whole record once
    const h2 = makeHarness({ ...opts, dataDir: h.dataDir });
    h.close();
    const t2 = performance.now();
    const cold = await h2.call('drills:get', { workspaceId, drillId });
    const coldMs = performance.now() - t2;
    const t3 = performance.now();
    const page = await h2.call('drills:events', { workspaceId, drillId, afterSeq: 0, limit: 20000 });
    const eventsMs = performance.now() - t3;
    console.log(
      `[drills 8h drill] 5000 entries: slowest append ${worst.toFixed(1)} ms, tick ${tickMs.toFixed(1)} ms, cold replay ${coldMs.toFixed(1)} ms, all events ${eventsMs.toFixed(1)} ms`,
    );
    expect(cold.needsResume).toBe(true);
    expect(page.events).toHaveLength(1 + 5000 + v.scenario.injects.length); // start, entries, injects released by the tick
    expect(tickMs).toBeLessThan(200);
    expect(coldMs).toBeLessThan(2000);
    h2.close();
  }, 120_000);

  it('a setup drill can be discarded; a started one cannot', async () => {
    const { h, workspaceId } = await withWorkspace(true, opts);
    dirs.push(h.dataDir);
    const d1 = await newDrill(h, workspaceId);
    expect(await h.call('drills:discard', { workspaceId, drillId: d1 })).toEqual({ deleted: true });
    expect((await h.fail('drills:get', { workspaceId, drillId: d1 })).code).toBe('NOT_FOUND');
    const d2 = await newDrill(h, workspaceId);
    await h.call('drills:append', { workspaceId, drillId: d2, event: { type: 'start', payload: {} } });
    expect(await h.fail('drills:discard', { workspaceId, drillId: d2 })).toMatchObject({
      code: 'REFUSED',
      message: expect.stringMatching(/evidence/),
    });
    h.close();
  });

  it('AAR: refused before completion; after sign-off only closing an action is allowed, in the service and in SQL', async () => {
    const { h, workspaceId } = await withWorkspace(true, opts);
    dirs.push(h.dataDir);
    const drillId = await newDrill(h, workspaceId);
    await h.call('drills:append', { workspaceId, drillId, event: { type: 'start', payload: {} } });
    expect(await h.fail('drills:aar-save', { workspaceId, drillId, aar: {} })).toMatchObject({
      code: 'REFUSED',
      message: expect.stringMatching(/Complete the drill/),
    });
    await h.call('drills:complete', { workspaceId, drillId });
    expect(await h.fail('drills:aar-signoff', { workspaceId, drillId, signedOffBy: 'A' })).toMatchObject({ code: 'REFUSED' });
    const bad = await h.fail('drills:aar-save', {
      workspaceId,
      drillId,
      aar: { correctiveActions: [{ title: 'x', owner: '', dueDate: '2026-02-30', controlIds: ['nope'] }] },
    });
    expect(bad.code).toBe('VALIDATION');
    expect(bad.issues?.map((i) => i.path).sort()).toEqual([
      'aar.correctiveActions.0.controlIds.0',
      'aar.correctiveActions.0.dueDate',
      'aar.correctiveActions.0.owner',
    ]);
    const otherAgent = await h.fail('drills:aar-save', {
      workspaceId,
      drillId,
      aar: { correctiveActions: [{ title: 'x', owner: 'o', dueDate: '2026-02-10', agentId: 'someone-else' }] },
    });
    expect(otherAgent.issues?.[0]?.path).toBe('aar.correctiveActions.0.agentId');
    const aar = await h.call('drills:aar-save', {
      workspaceId,
      drillId,
      aar: {
        strengths: ['s'],
        correctiveActions: [
          { title: 'Gate deletes', owner: 'Marcus', dueDate: '2026-06-01', controlIds: ['APR-2'] },
          { title: 'Second', owner: 'Ana', dueDate: '2026-06-02' },
        ],
      },
    });
    // editing before sign-off: update one, drop the other
    const edited = await h.call('drills:aar-save', {
      workspaceId,
      drillId,
      aar: {
        strengths: ['s', 't'],
        correctiveActions: [
          { id: aar.correctiveActions[0]!.id, title: 'Gate bulk deletes', owner: 'Marcus', dueDate: '2026-06-01', controlIds: ['APR-2'] },
        ],
      },
    });
    expect(edited.correctiveActions.map((c) => c.title)).toEqual(['Gate bulk deletes']);
    await h.call('drills:aar-signoff', { workspaceId, drillId, signedOffBy: 'Ana' });
    const db = h.ctx.workspace(workspaceId).db;
    const id = edited.correctiveActions[0]!.id;
    expect(() => db.prepare("UPDATE drill_aars SET summary = 'changed' WHERE drill_id = ?").run(drillId)).toThrow(/signed off/);
    expect(() => db.prepare("UPDATE corrective_actions SET owner = 'x' WHERE id = ?").run(id)).toThrow(/only closing/);
    expect(() => db.prepare('DELETE FROM corrective_actions WHERE id = ?').run(id)).toThrow(/signed off/);
    const closed = await h.call('drills:action-close', { workspaceId, actionId: id, closedBy: 'Marcus', note: 'done' });
    expect(closed).toMatchObject({ status: 'closed', closedBy: 'Marcus', closingNote: 'done' });
    expect(await h.fail('drills:action-close', { workspaceId, actionId: id, closedBy: 'Marcus' })).toMatchObject({ code: 'REFUSED' });
    expect(() => db.prepare("UPDATE corrective_actions SET status = 'open' WHERE id = ?").run(id)).toThrow(/cannot change/);
    h.close();
  });
});
