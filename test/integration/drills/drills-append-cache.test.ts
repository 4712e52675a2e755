/**
 * The append path keeps each drill's record and replayed state in memory and checks it against the
 * database with one read (status and last seq) per call. These tests pin what that copy must never
 * get wrong: another writer on the same file, refused events, status changes, a discarded drill,
 * and the view returned by drills:append matching a cold read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, removeDir, withWorkspace, type Harness } from '../helpers';

let clock = { mono: 0, wall: Date.parse('2026-05-01T09:00:00Z') };
const opts = { monotonicMs: () => clock.mono, now: () => new Date(clock.wall) };
const advance = (ms: number) => {
  clock.mono += ms;
  clock.wall += ms;
};
const open: Harness[] = [];
const dirs: string[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
  while (dirs.length) removeDir(dirs.pop()!);
});

async function setup() {
  clock = { mono: 1000, wall: Date.parse('2026-05-01T09:00:00Z') };
  const { h, workspaceId } = await withWorkspace(true, opts);
  open.push(h);
  dirs.push(h.dataDir);
  const inv = await h.call('inventory:overview', { workspaceId });
  const agent = inv.agents.find((a) => a.name === 'DB Maintenance Agent')!;
  const view = await h.call('drills:create', {
    workspaceId,
    scenarioId: 'd1-prod-db-dropped-during-freeze',
    agentIds: [agent.id],
    participants: [{ name: 'Ana', role: 'facilitator' }],
    timeScale: 1,
  });
  const drillId = view.drill.id;
  const note = (x: Harness, text: string) => x.call('drills:append', { workspaceId, drillId, event: { type: 'note', payload: { text } } });
  const rows = (x: Harness) =>
    x.ctx.workspace(workspaceId).db.prepare('SELECT seq, type FROM drill_events WHERE drill_id = ? ORDER BY seq').all(drillId) as Array<{
      seq: number;
      type: string;
    }>;
  /** A second process (or window) on the same data folder, with its own connection and cache. */
  const other = () => {
    const o = makeHarness({ ...opts, dataDir: h.dataDir });
    open.push(o);
    return o;
  };
  return { h, workspaceId, drillId, note, rows, other };
}

describe('drill append: the in-memory copy of a drill', () => {
  it('sees events another process appended, and continues the sequence after them', async () => {
    const { h, workspaceId, drillId, note, rows, other } = await setup();
    await h.call('drills:append', { workspaceId, drillId, event: { type: 'start', payload: {} } });
    advance(1000);
    await note(h, 'first, from this process');
    const o = other();
    advance(1000);
    await o.call('drills:resume', { workspaceId, drillId }); // the other process has no anchor: it resumes (app-gap)
    await note(o, 'from the other process');
    advance(1000);
    const before = rows(h).length;
    const r = await note(h, 'second, from this process');
    expect(r.event.seq).toBe(before + 1);
    expect(r.view.state.lastSeq).toBe(before + 1);
    expect(r.view.state.logEntries).toBe(3);
    expect(r.view.state.gaps).toHaveLength(1);
    // start, the T+0 inject(s) released with it, then the notes and the other process's app-gap.
    expect(
      rows(h)
        .map((e) => e.type)
        .filter((t) => t !== 'inject'),
    ).toEqual(['start', 'note', 'app-gap', 'note', 'note']);
  });

  it('a refused event records nothing and the next one takes the next number', async () => {
    const { h, workspaceId, drillId, note, rows } = await setup();
    await h.call('drills:append', { workspaceId, drillId, event: { type: 'start', payload: {} } });
    const before = rows(h).length;
    const refused = await h.fail('drills:append', {
      workspaceId,
      drillId,
      event: { type: 'checkpoint', payload: { checkpoint: 'contained' } },
    });
    expect(refused.code).toBe('REFUSED');
    expect(rows(h)).toHaveLength(before);
    expect((await h.call('drills:get', { workspaceId, drillId })).state.checkpoints).toEqual({});
    expect((await note(h, 'after the refusal')).event.seq).toBe(before + 1);
  });

  it('the view returned by an append is what a cold read of the database gives', async () => {
    const { h, workspaceId, drillId, note, other } = await setup();
    await h.call('drills:append', { workspaceId, drillId, event: { type: 'start', payload: {} } });
    advance(5000);
    await h.call('drills:append', { workspaceId, drillId, event: { type: 'checkpoint', payload: { checkpoint: 'declared' } } });
    await h.call('drills:append', {
      workspaceId,
      drillId,
      event: { type: 'decision', payload: { text: 'Halt it', expectedDecisionId: 'halt-before-diagnosing' } },
    });
    advance(5000);
    const r = await note(h, 'logged');
    const cold = await other().call('drills:get', { workspaceId, drillId });
    expect(r.view.state).toEqual(cold.state);
    expect(r.view.drill).toEqual(cold.drill);
    expect(r.view.scenario).toEqual(cold.scenario);
    expect(r.view.fallbacks).toEqual(cold.fallbacks);
    expect(r.view.measures).toEqual(cold.measures); // the clock has not moved since the append
    expect(r.view.nextInject).toEqual(cold.nextInject);
    expect(r.view.needsResume).toBe(false);
  });

  it('follows status changes (pause, resume, complete) in the record it returns', async () => {
    const { h, workspaceId, drillId, other } = await setup();
    const append = (event: object) => h.call('drills:append', { workspaceId, drillId, event: event as never });
    expect((await append({ type: 'start', payload: {} })).view.drill.status).toBe('running');
    advance(1000);
    expect((await append({ type: 'pause', payload: { reason: 'coffee' } })).view.drill.status).toBe('paused');
    advance(1000);
    const resumed = await append({ type: 'resume', payload: {} });
    expect(resumed.view.drill.status).toBe('running');
    expect(resumed.view.drill.startedAt).toBe('2026-05-01T09:00:00.000Z');
    advance(1000);
    const done = await h.call('drills:complete', { workspaceId, drillId, note: '' });
    expect(done.drill.status).toBe('completed');
    expect(done.drill.completedAt).not.toBeNull();
    const cold = await other().call('drills:get', { workspaceId, drillId });
    expect(done.drill).toEqual(cold.drill);
    expect(done.measures).toEqual(cold.measures);
    expect((await h.fail('drills:append', { workspaceId, drillId, event: { type: 'note', payload: { text: 'too late' } } })).code).toBe(
      'REFUSED',
    );
  });

  it('a discarded drill is gone even though it was read before', async () => {
    const { h, workspaceId, drillId } = await setup();
    await h.call('drills:get', { workspaceId, drillId });
    await h.call('drills:discard', { workspaceId, drillId });
    expect((await h.fail('drills:get', { workspaceId, drillId })).code).toBe('NOT_FOUND');
    expect((await h.fail('drills:append', { workspaceId, drillId, event: { type: 'start', payload: {} } })).code).toBe('NOT_FOUND');
  });

  it('a refusal from an out-of-date copy is checked against the database before it is returned', async () => {
    const { h, workspaceId, drillId, rows, other } = await setup();
    const append = (x: Harness, event: object) => x.call('drills:append', { workspaceId, drillId, event: event as never });
    await append(h, { type: 'start', payload: {} });
    advance(1000);
    await append(h, { type: 'pause', payload: { reason: 'break' } }); // this process's copy: paused
    const o = other();
    await o.call('drills:resume', { workspaceId, drillId });
    await append(o, { type: 'resume', payload: {} }); // the other process resumed it
    advance(1000);
    // Refused on the stale copy ("paused"), then checked, re-read and accepted on the fresh one.
    const r = await append(h, { type: 'checkpoint', payload: { checkpoint: 'declared' } });
    expect(r.view.drill.status).toBe('running');
    expect(r.view.state.checkpoints.declared?.seq).toBe(r.event.seq);
    expect(rows(h).at(-1)).toEqual({ seq: r.event.seq, type: 'checkpoint' });
    // A refusal that holds on the fresh copy is still a refusal, with nothing written.
    const n = rows(h).length;
    expect(
      (await h.fail('drills:append', { workspaceId, drillId, event: { type: 'checkpoint', payload: { checkpoint: 'declared' } } })).code,
    ).toBe('REFUSED');
    expect(rows(h)).toHaveLength(n);
  });

  it('a drill another process discarded is NOT_FOUND, not an internal error', async () => {
    const { h, workspaceId, drillId, other } = await setup();
    await h.call('drills:get', { workspaceId, drillId });
    await other().call('drills:discard', { workspaceId, drillId });
    expect((await h.fail('drills:append', { workspaceId, drillId, event: { type: 'start', payload: {} } })).code).toBe('NOT_FOUND');
  });

  it('two processes appending at once never write the same number twice', async () => {
    const { h, workspaceId, drillId, note, rows, other } = await setup();
    await h.call('drills:append', { workspaceId, drillId, event: { type: 'start', payload: {} } });
    const o = other();
    await o.call('drills:resume', { workspaceId, drillId });
    const before = rows(h).length;
    let acked = 0;
    for (let i = 0; i < 40; i++) {
      advance(10);
      // Alternate writers; each call sees the other's rows through its one-read check.
      const r = await note(i % 2 ? o : h, `note ${i}`);
      expect(r.event.seq).toBe(before + i + 1);
      acked++;
    }
    const seqs = rows(h).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: before + acked }, (_, k) => k + 1));
  });
});
