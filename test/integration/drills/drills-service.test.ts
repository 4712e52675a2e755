import { afterEach, describe, expect, it } from 'vitest';
import { readDrillEvidence } from '../../../electron/store/drills/evidence';
import { completedDrillReports } from '../../../electron/store/drills/queries';
import { removeDir, withWorkspace, type Harness } from '../helpers';

const MIN = 60_000;
let clock = { mono: 0, wall: Date.parse('2026-05-01T09:00:00Z') };
const opts = { monotonicMs: () => clock.mono, now: () => new Date(clock.wall) };
const advance = (ms: number) => {
  clock.mono += ms;
  clock.wall += ms;
};
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) removeDir(dirs.pop()!);
});

async function setup(scenarioId = 'd1-prod-db-dropped-during-freeze', timeScale = 1) {
  clock = { mono: 1000, wall: Date.parse('2026-05-01T09:00:00Z') };
  const { h, workspaceId } = await withWorkspace(true, opts);
  dirs.push(h.dataDir);
  const inv = await h.call('inventory:overview', { workspaceId });
  const agent = inv.agents.find((a) => a.name === 'DB Maintenance Agent')!;
  const view = await h.call('drills:create', {
    workspaceId,
    scenarioId,
    agentIds: [agent.id],
    participants: [
      { name: 'Ana', role: 'facilitator' },
      { name: 'Marcus Chen', role: 'agent-owner' },
    ],
    timeScale,
  });
  return { h, workspaceId, drillId: view.drill.id, view, agent };
}

const countEvents = (h: Harness, workspaceId: string, drillId: string) =>
  (h.ctx.workspace(workspaceId).db.prepare('SELECT count(*) AS n FROM drill_events WHERE drill_id = ?').get(drillId) as { n: number }).n;

describe('drills service', () => {
  it('lists the shipped scenarios and renders one against the inventory', async () => {
    const { h, workspaceId, view, agent } = await setup();
    const list = await h.call('drills:scenarios', { workspaceId });
    expect(list.filter((s) => s.origin === 'shipped').length).toBeGreaterThanOrEqual(7);
    expect(list.every((s) => s.problem === null)).toBe(true);
    expect(view.scenario.title).toContain('DB Maintenance Agent');
    expect(view.drill.agents).toEqual([{ id: agent.id, name: 'DB Maintenance Agent' }]);
    expect(view.drill.status).toBe('setup');
  });

  it('runs a drill end to end with honest timing, then AAR, evidence and history', async () => {
    const { h, workspaceId, drillId } = await setup('d1-prod-db-dropped-during-freeze', 10);
    const append = (event: Parameters<Harness['call']>[1] extends never ? never : object) =>
      h.call('drills:append', { workspaceId, drillId, event: event as never });
    await append({ type: 'start', payload: {} });
    let v = await h.call('drills:tick', { workspaceId, drillId });
    expect(v.state.injects['errors-spike']?.status).toBe('released');
    advance(18_000); // T+3 at x10
    v = await h.call('drills:tick', { workspaceId, drillId });
    expect(v.state.injects['agent-all-green']?.status).toBe('released');
    expect(v.clock.scenarioMs).toBe(3 * MIN);
    clock.wall -= 3600_000; // the wall clock jumps back an hour
    await append({ type: 'checkpoint', payload: { checkpoint: 'declared' } });
    await append({ type: 'decision', payload: { text: 'Halt it before diagnosing', expectedDecisionId: 'halt-before-diagnosing' } });
    await append({ type: 'pause', payload: { reason: 'coffee' } });
    advance(10 * MIN);
    await append({ type: 'resume', payload: {} });
    advance(30_000);
    await append({ type: 'containment', payload: { step: 'agent-halted', confirmed: true } });
    await append({ type: 'containment', payload: { step: 'credentials-revoked', confirmed: true } });
    await append({ type: 'checkpoint', payload: { checkpoint: 'contained' } });
    advance(60_000);
    await append({
      type: 'checkpoint',
      payload: {
        checkpoint: 'recovered',
        verifiedAgainstSystemOfRecord: true,
        systemOfRecord: 'row counts vs billing ledger',
        dataLossMinutes: 5,
      },
    });
    v = await h.call('drills:complete', { workspaceId, drillId });
    expect(v.drill.status).toBe('completed');
    expect(v.measures.ttd?.scenarioMs).toBe(3 * MIN);
    expect(v.measures.ttc?.scenarioMs).toBe(8 * MIN);
    expect(v.measures.ttr?.scenarioMs).toBe(18 * MIN);
    expect(v.measures.pausedMs).toBe(10 * MIN);
    expect(v.measures.dataLoss).toEqual({ minutes: 5, rpoMinutes: 15, withinRpo: true });
    expect(v.measures.decisions.find((d) => d.id === 'halt-before-diagnosing')?.outcome).toBe('on-time');

    const ev = readDrillEvidence(h.ctx.workspace(workspaceId).db);
    expect(ev.recoveries).toEqual([
      expect.objectContaining({
        drillId,
        scenarioId: 'd1-prod-db-dropped-during-freeze',
        ttrMs: 18 * MIN,
        ttcMs: 8 * MIN,
        exercisedOn: '2026-05-01',
      }),
    ]);

    const aar = await h.call('drills:aar-save', {
      workspaceId,
      drillId,
      aar: {
        strengths: ['Halted the agent fast'],
        improvements: ['Nobody knew the restore runbook'],
        correctiveActions: [
          { title: 'Enforce the freeze in the platform', owner: 'Marcus Chen', dueDate: '2026-06-01', controlIds: ['ENV-3'] },
        ],
      },
    });
    expect(aar.correctiveActions).toHaveLength(1);
    expect(readDrillEvidence(h.ctx.workspace(workspaceId).db).openCorrectiveActions).toEqual([
      expect.objectContaining({ controlIds: ['ENV-3'], agentId: null, owner: 'Marcus Chen' }),
    ]);
    const signed = await h.call('drills:aar-signoff', { workspaceId, drillId, signedOffBy: 'Ana' });
    expect(signed.signedOffBy).toBe('Ana');
    const err = await h.fail('drills:aar-save', { workspaceId, drillId, aar: { strengths: ['edit'] } });
    expect(err).toMatchObject({ code: 'REFUSED', message: expect.stringMatching(/signed off by Ana/) });
    await h.call('drills:action-close', {
      workspaceId,
      actionId: aar.correctiveActions[0]!.id,
      closedBy: 'Marcus Chen',
      note: 'deny policy deployed',
    });
    expect(readDrillEvidence(h.ctx.workspace(workspaceId).db).openCorrectiveActions).toEqual([]);

    const hist = await h.call('drills:history', { workspaceId, scenarioId: 'd1-prod-db-dropped-during-freeze' });
    expect(hist.rows[0]).toMatchObject({ ttdMs: 3 * MIN, ttcMs: 8 * MIN, ttrMs: 18 * MIN, aarSignedOff: true });
    expect(hist.byScenario[0]?.points[0]).toMatchObject({ ttdMin: 3, ttcMin: 8, ttrMin: 18 });
    expect(hist.byAgent[0]?.label).toBe('DB Maintenance Agent');
    expect((await h.call('drills:history', { workspaceId, scenarioId: 'd7-coding-agent-wipes-shared-drive' })).rows).toEqual([]);
    expect(completedDrillReports(h.ctx.workspace(workspaceId).db)[0]?.measures.ttr?.scenarioMs).toBe(18 * MIN);
    h.close();
  });

  it('refused transitions record nothing', async () => {
    const { h, workspaceId, drillId } = await setup();
    const note = { type: 'note', payload: { text: 'too early' } } as const;
    expect(await h.fail('drills:append', { workspaceId, drillId, event: note })).toMatchObject({
      code: 'REFUSED',
      message: expect.stringMatching(/not started/),
    });
    expect(countEvents(h, workspaceId, drillId)).toBe(0);
    await h.call('drills:append', { workspaceId, drillId, event: { type: 'start', payload: {} } });
    const refusals = [
      { type: 'checkpoint', payload: { checkpoint: 'recovered', verifiedAgainstSystemOfRecord: true, systemOfRecord: 'x' } },
      { type: 'checkpoint', payload: { checkpoint: 'contained' } },
      { type: 'resume', payload: {} },
      { type: 'inject', payload: { injectId: 'legal-asks', action: 'released' } },
      { type: 'start', payload: {} },
    ];
    for (const event of refusals) expect((await h.fail('drills:append', { workspaceId, drillId, event })).code).toBe('REFUSED');
    expect((await h.fail('drills:append', { workspaceId, drillId, event: { type: 'complete', payload: {} } })).code).toBe('VALIDATION');
    expect(
      (
        await h.fail('drills:append', {
          workspaceId,
          drillId,
          event: { type: 'app-gap', payload: { wallGapMs: 1, lastWallClock: 'a', resumedWallClock: 'b' } },
        })
      ).code,
    ).toBe('VALIDATION');
    expect(countEvents(h, workspaceId, drillId)).toBe(2); // start + the T+0 inject released with it
    await h.call('drills:complete', { workspaceId, drillId });
    expect(await h.fail('drills:append', { workspaceId, drillId, event: note })).toMatchObject({
      code: 'REFUSED',
      message: expect.stringMatching(/completed/),
    });
    expect(await h.fail('drills:complete', { workspaceId, drillId })).toMatchObject({ code: 'REFUSED' });
    expect(countEvents(h, workspaceId, drillId)).toBe(3);
    h.close();
  });

  it('SQL triggers keep events append-only and completed drills immutable', async () => {
    const { h, workspaceId, drillId } = await setup();
    await h.call('drills:append', { workspaceId, drillId, event: { type: 'start', payload: {} } });
    const db = h.ctx.workspace(workspaceId).db;
    expect(() => db.prepare('UPDATE drill_events SET monotonic_ms = 5 WHERE drill_id = ?').run(drillId)).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM drill_events WHERE drill_id = ?').run(drillId)).toThrow(/append-only/);
    expect(() => db.prepare("INSERT INTO drill_events VALUES (?, 1, 0, 'x', 'note', '{}')").run(drillId)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => db.prepare('DELETE FROM drills WHERE id = ?').run(drillId)).toThrow(/cannot be deleted/);
    await h.call('drills:complete', { workspaceId, drillId });
    expect(() => db.prepare('UPDATE drills SET time_scale = 2 WHERE id = ?').run(drillId)).toThrow(/immutable/);
    expect(() => db.prepare("INSERT INTO drill_events VALUES (?, 3, 9, 'x', 'note', '{}')").run(drillId)).toThrow(/immutable/);
    h.close();
  });

  it('after a restart the drill is offered for resumption; resuming records the app gap and continues offsets', async () => {
    const { h, workspaceId, drillId } = await setup();
    await h.call('drills:append', { workspaceId, drillId, event: { type: 'start', payload: {} } });
    advance(5 * MIN);
    await h.call('drills:append', { workspaceId, drillId, event: { type: 'note', payload: { text: 'before the crash' } } });
    expect(await h.call('drills:resume-offer', { workspaceId })).toEqual([]);
    const h2 = h.restart();
    clock.mono = 42; // a new process: the monotonic clock starts over
    clock.wall += 7 * MIN;
    const offer = await h2.call('drills:resume-offer', { workspaceId });
    expect(offer.map((d) => d.id)).toEqual([drillId]);
    expect((await h2.call('drills:get', { workspaceId, drillId })).needsResume).toBe(true);
    expect(await h2.fail('drills:append', { workspaceId, drillId, event: { type: 'note', payload: { text: 'x' } } })).toMatchObject({
      code: 'REFUSED',
      message: expect.stringMatching(/Resume it first/),
    });
    const v = await h2.call('drills:resume', { workspaceId, drillId });
    expect(v.needsResume).toBe(false);
    expect(v.measures.appGapWallMs).toBe(7 * MIN);
    advance(MIN);
    await h2.call('drills:append', { workspaceId, drillId, event: { type: 'checkpoint', payload: { checkpoint: 'declared' } } });
    const after = await h2.call('drills:get', { workspaceId, drillId });
    expect(after.measures.ttd?.measuredMs).toBe(6 * MIN);
    const page = await h2.call('drills:events', { workspaceId, drillId, afterSeq: 0 });
    expect(page.events.map((e) => [e.seq, e.type, e.monotonicMs])).toEqual([
      [1, 'start', 0],
      [2, 'inject', 0],
      [3, 'note', 5 * MIN],
      [4, 'app-gap', 5 * MIN],
      [5, 'checkpoint', 6 * MIN],
    ]);
    expect(await h2.call('drills:resume-offer', { workspaceId })).toEqual([]);
    h2.close();
  });

  it('resuming counts the time up to the last heartbeat (a tick) and excludes only the downtime', async () => {
    const { h, workspaceId, drillId } = await setup('d7-coding-agent-wipes-shared-drive');
    await h.call('drills:append', { workspaceId, drillId, event: { type: 'start', payload: {} } });
    advance(MIN);
    await h.call('drills:append', { workspaceId, drillId, event: { type: 'note', payload: { text: 'last event' } } });
    advance(90_000);
    await h.call('drills:tick', { workspaceId, drillId }); // releases T+0 and records a heartbeat at 2:30
    advance(20_000); // the app dies 20 s after the heartbeat: that time is unknown and not counted
    const h2 = h.restart();
    clock.mono = 7;
    clock.wall += 10 * MIN;
    const v = await h2.call('drills:resume', { workspaceId, drillId });
    const gap = (await h2.call('drills:events', { workspaceId, drillId, afterSeq: 0 })).events.find((e) => e.type === 'app-gap')!;
    expect(gap.monotonicMs).toBe(150_000);
    expect(gap.type === 'app-gap' && gap.payload.wallGapMs).toBe(10 * MIN + 20_000);
    expect(v.clock.measuredMs).toBe(150_000);
    advance(30_000);
    await h2.call('drills:append', { workspaceId, drillId, event: { type: 'checkpoint', payload: { checkpoint: 'declared' } } });
    expect((await h2.call('drills:get', { workspaceId, drillId })).measures.ttd?.measuredMs).toBe(180_000);
    h2.close();
  });

  it('imports a custom scenario; a bad file is refused with line and field', async () => {
    const { h, workspaceId } = await setup();
    const bad = 'id: my-drill\ntitle: Mine\nsummary: s\nbasedOn:\n  incident: x\n  source: ftp://nope\n';
    const err = await h.fail('drills:import-scenario', { workspaceId, yaml: bad });
    expect(err.code).toBe('VALIDATION');
    expect(err.issues).toContainEqual({ path: 'basedOn.source', message: 'line 6, basedOn.source: Use an https:// link to the source' });
    const shipped = await h.call('drills:scenario', { workspaceId, scenarioId: 'd7-coding-agent-wipes-shared-drive' });
    const { stringify } = await import('yaml');
    const mine = stringify({ ...shipped.raw, id: 'my-drive-drill', title: 'Our drive drill' });
    const item = await h.call('drills:import-scenario', { workspaceId, yaml: mine });
    expect(item).toMatchObject({ id: 'my-drive-drill', origin: 'custom' });
    expect((await h.fail('drills:import-scenario', { workspaceId, yaml: mine })).code).toBe('CONFLICT');
    expect((await h.fail('drills:import-scenario', { workspaceId, yaml: stringify(shipped.raw) })).issues?.[0]?.path).toBe('id');
    const list = await h.call('drills:scenarios', { workspaceId });
    expect(list.find((s) => s.id === 'my-drive-drill')?.origin).toBe('custom');
    expect(await h.fail('drills:remove-scenario', { workspaceId, scenarioId: 'd7-coding-agent-wipes-shared-drive' })).toMatchObject({
      code: 'REFUSED',
    });
    expect(await h.call('drills:remove-scenario', { workspaceId, scenarioId: 'my-drive-drill' })).toEqual({ removed: true });
    expect((await h.call('drills:scenarios', { workspaceId })).some((s) => s.id === 'my-drive-drill')).toBe(false);
    expect(await h.fail('drills:remove-scenario', { workspaceId, scenarioId: 'my-drive-drill' })).toMatchObject({ code: 'NOT_FOUND' });
    h.close();
  });

  it('setup validation: unknown agent, no facilitator', async () => {
    const { h, workspaceId, agent } = await setup();
    const base = { workspaceId, scenarioId: 'd1-prod-db-dropped-during-freeze', timeScale: 1 };
    expect(
      (await h.fail('drills:create', { ...base, agentIds: ['nope'], participants: [{ name: 'A', role: 'facilitator' }] })).issues?.[0]
        ?.path,
    ).toBe('agentIds.0');
    expect(
      (await h.fail('drills:create', { ...base, agentIds: [agent.id], participants: [{ name: 'A', role: 'observer' }] })).issues?.[0]?.path,
    ).toBe('participants');
    expect((await h.fail('drills:create', { ...base, agentIds: [], participants: [] })).issues?.[0]?.path).toBe('agentIds');
    h.close();
  });
});
