import { afterEach, describe, expect, it } from 'vitest';
import type { Request } from '../../../core/contract/index';
import { removeDir, withWorkspace } from '../helpers';

const MIN = 60_000;
let mono = 0;
let wall = Date.parse('2026-05-01T09:00:00Z');
const clock = { monotonicMs: () => mono, now: () => new Date(wall), actor: { name: 'Ana', source: 'profile' as const } };
const advance = (ms: number) => {
  mono += ms;
  wall += ms;
};
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) removeDir(dirs.pop()!);
});

/** A running drill (time scale 1) with Ana facilitating and Marcus as incident commander. */
async function runningDrill() {
  mono = 0;
  const { h, workspaceId } = await withWorkspace(true, clock);
  dirs.push(h.dataDir);
  const inv = await h.call('inventory:overview', { workspaceId });
  const v = await h.call('drills:create', {
    workspaceId,
    scenarioId: 'd1-prod-db-dropped-during-freeze',
    agentIds: [inv.agents[0]!.id],
    participants: [
      { name: 'Ana', role: 'facilitator' },
      { name: 'Marcus', role: 'incident-commander' },
    ],
  });
  const drillId = v.drill.id;
  const append = (event: Request<'drills:append'>['event']) => h.call('drills:append', { workspaceId, drillId, event });
  await append({ type: 'start', payload: {} });
  return { h, workspaceId, drillId, append };
}

describe('drill corrections', () => {
  it('records who logged each entry, with their drill role', async () => {
    const { h, workspaceId, drillId, append } = await runningDrill();
    advance(MIN);
    const mine = await append({ type: 'note', payload: { text: 'Paging the DBA' } });
    const his = await append({ type: 'note', payload: { text: 'Freeze confirmed', by: { name: 'marcus', role: null } } });
    expect(mine.event).toMatchObject({ type: 'note', payload: { by: { name: 'Ana', role: 'facilitator' } } });
    expect(his.event).toMatchObject({ payload: { by: { name: 'Marcus', role: 'incident-commander' } } });
    const stranger = await h.fail('drills:append', {
      workspaceId,
      drillId,
      event: { type: 'note', payload: { text: 'x', by: { name: 'Eve', role: 'scribe' } } },
    });
    expect(stranger.issues?.[0]?.path).toBe('event.payload.by');
    const cp = await append({ type: 'checkpoint', payload: { checkpoint: 'declared' } });
    expect(cp.event).toMatchObject({ payload: { checkpoint: 'declared', by: { name: 'Ana', role: 'facilitator' } } });
    h.close();
  });

  it('a mis-clicked Detected is retimed: TTD follows the correction and the original entry stays', async () => {
    const { h, workspaceId, drillId, append } = await runningDrill();
    advance(2 * MIN);
    const declared = await append({ type: 'checkpoint', payload: { checkpoint: 'declared' } }); // the mis-click, at T+2
    expect(declared.view.measures.ttd?.scenarioMs).toBe(2 * MIN);
    advance(8 * MIN);
    const fixed = await h.call('drills:correct', {
      workspaceId,
      drillId,
      supersedesSeq: declared.event.seq,
      kind: 'retime',
      correctedScenarioMs: 9 * MIN,
      reason: 'Clicked Detected by mistake; the alert was acknowledged at T+9',
      facilitator: 'Ana',
    });
    expect(fixed.view.measures.ttd?.scenarioMs).toBe(9 * MIN);
    expect(fixed.event).toMatchObject({ type: 'correction', payload: { supersedesSeq: declared.event.seq, entryType: 'checkpoint' } });
    const events = (await h.call('drills:events', { workspaceId, drillId })).events;
    // The superseded entry is still there, unchanged, and the correction follows it.
    expect(events.find((e) => e.seq === declared.event.seq)).toEqual(declared.event);
    expect(events.at(-1)?.type).toBe('correction');
    // Nothing later than the clock, and only a facilitator corrects.
    const future = await h.fail('drills:correct', {
      workspaceId,
      drillId,
      supersedesSeq: declared.event.seq,
      kind: 'retime',
      correctedScenarioMs: 60 * MIN,
      reason: 'x',
      facilitator: 'Ana',
    });
    expect(future.issues?.[0]?.path).toBe('payload.correctedScenarioMs');
    const notFacilitator = await h.fail('drills:correct', {
      workspaceId,
      drillId,
      supersedesSeq: declared.event.seq,
      kind: 'retract',
      reason: 'x',
      facilitator: 'Marcus',
    });
    expect(notFacilitator.issues?.[0]?.path).toBe('facilitator');
    const noReason = await h.fail('drills:correct', {
      workspaceId,
      drillId,
      supersedesSeq: 2,
      kind: 'retract',
      reason: ' ',
      facilitator: 'Ana',
    });
    expect(noReason.issues?.[0]?.path).toBe('reason');
    expect((await h.call('drills:events', { workspaceId, drillId })).events).toHaveLength(events.length);
    h.close();
  });

  it('after completion a correction recomputes the frozen measures, survives a restart and shows in the AAR and report', async () => {
    const { h, workspaceId, drillId, append } = await runningDrill();
    advance(MIN);
    const declared = await append({ type: 'checkpoint', payload: { checkpoint: 'declared' } });
    advance(MIN);
    const note = await append({ type: 'note', payload: { text: 'Wrong drill, ignore' } });
    advance(MIN);
    const done = await h.call('drills:complete', { workspaceId, drillId });
    expect(done.measures.ttd?.scenarioMs).toBe(MIN);
    expect(done.measures.logEntries).toBe(1);
    await h.call('drills:correct', {
      workspaceId,
      drillId,
      supersedesSeq: declared.event.seq,
      kind: 'retime',
      correctedScenarioMs: 2.5 * MIN,
      reason: 'Detected was clicked early',
      facilitator: 'Ana',
    });
    const retracted = await h.call('drills:correct', {
      workspaceId,
      drillId,
      supersedesSeq: note.event.seq,
      kind: 'retract',
      reason: 'Logged in the wrong drill',
      facilitator: 'ana',
    });
    expect(retracted.view.measures.ttd?.scenarioMs).toBe(2.5 * MIN);
    expect(retracted.view.measures.logEntries).toBe(0);
    expect(retracted.view.state.corrections.map((c) => c.kind)).toEqual(['retime', 'retract']);
    // An app restart reads the frozen measures back: they are the corrected ones.
    const h2 = h.restart();
    const after = await h2.call('drills:get', { workspaceId, drillId });
    expect(after.measures.ttd?.scenarioMs).toBe(2.5 * MIN);
    const history = await h2.call('drills:history', { workspaceId });
    expect(history.rows.find((r) => r.drill.id === drillId)?.ttdMs).toBe(2.5 * MIN);
    // The AAR carries the corrections; once it is signed off the record is final.
    await h2.call('drills:aar-save', { workspaceId, drillId, aar: { summary: 'ok' } });
    const aarView = await h2.call('drills:get', { workspaceId, drillId });
    expect(aarView.aar).not.toBeNull();
    expect(aarView.state.corrections[0]).toMatchObject({ reason: 'Detected was clicked early', by: { name: 'Ana', role: 'facilitator' } });
    const md = await h2.call('report:export', { workspaceId, format: 'md' });
    expect(Buffer.from(md.contentBase64, 'base64').toString('utf8')).toContain('Detected was clicked early');
    const csv = Buffer.from(
      (await h2.call('export:data', { workspaceId, dataset: 'drill-events', format: 'csv' })).contentBase64,
      'base64',
    );
    expect(csv.toString('utf8')).toMatch(
      /correction,Entry \d+ \(Detected\) retimed to T\+02:30 by Ana \(Facilitator\): Detected was clicked early/,
    );
    await h2.call('drills:aar-signoff', { workspaceId, drillId, signedOffBy: 'Marcus' });
    const final = await h2.fail('drills:correct', {
      workspaceId,
      drillId,
      supersedesSeq: declared.event.seq,
      kind: 'retract',
      reason: 'again',
      facilitator: 'Ana',
    });
    expect(final).toMatchObject({ code: 'REFUSED' });
    h2.close();
  });

  it('retracting Detected lets the team record it again; Contained must be retracted first', async () => {
    const { h, workspaceId, drillId, append } = await runningDrill();
    advance(MIN);
    const declared = await append({ type: 'checkpoint', payload: { checkpoint: 'declared' } });
    await h.call('drills:correct', {
      workspaceId,
      drillId,
      supersedesSeq: declared.event.seq,
      kind: 'retract',
      reason: 'mis-click',
      facilitator: 'Ana',
    });
    const again = await h.fail('drills:correct', {
      workspaceId,
      drillId,
      supersedesSeq: declared.event.seq,
      kind: 'retract',
      reason: 'twice',
      facilitator: 'Ana',
    });
    expect(again.message).toMatch(/already retracted/);
    advance(4 * MIN);
    const real = await append({ type: 'checkpoint', payload: { checkpoint: 'declared' } });
    expect(real.view.measures.ttd?.scenarioMs).toBe(5 * MIN);
    await append({ type: 'containment', payload: { step: 'agent-halted', confirmed: true } });
    await append({ type: 'containment', payload: { step: 'credentials-revoked', confirmed: true } });
    advance(MIN);
    await append({ type: 'checkpoint', payload: { checkpoint: 'contained' } });
    const blocked = await h.fail('drills:correct', {
      workspaceId,
      drillId,
      supersedesSeq: real.event.seq,
      kind: 'retract',
      reason: 'x',
      facilitator: 'Ana',
    });
    expect(blocked.message).toMatch(/Retract Contained first/);
    const inject = await h.fail('drills:correct', {
      workspaceId,
      drillId,
      supersedesSeq: 1,
      kind: 'retract',
      reason: 'x',
      facilitator: 'Ana',
    });
    expect(inject.issues?.[0]?.path).toBe('supersedesSeq');
    h.close();
  });
});
