import { afterEach, describe, expect, it } from 'vitest';
import { injectsInOrder } from '../../../core/drills/scenario';
import { playerEvents, playerView } from '../../../core/drills/player';
import { allDrillEvents, removeDir, withWorkspace } from '../helpers';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) removeDir(dirs.pop()!);
});

describe('player view of a drill', () => {
  it('keeps released injects, the clock and the log; drops unreleased injects and every expected decision', async () => {
    const { h, workspaceId } = await withWorkspace(true);
    dirs.push(h.dataDir);
    const agent = (await h.call('inventory:overview', { workspaceId })).agents.find((a) => a.name === 'DB Maintenance Agent')!;
    const created = await h.call('drills:create', {
      workspaceId,
      scenarioId: 'd1-prod-db-dropped-during-freeze',
      agentIds: [agent.id],
      participants: [{ name: 'Ana', role: 'facilitator' }],
    });
    const drillId = created.drill.id;
    const append = (event: object) => h.call('drills:append', { workspaceId, drillId, event: event as never });
    await append({ type: 'start', payload: {} });
    await h.call('drills:tick', { workspaceId, drillId }); // releases the T+0 inject
    const order = injectsInOrder(created.scenario);
    const held = order[order.length - 1]!;
    const releasedByHand = order[1]!;
    await append({ type: 'inject', payload: { injectId: held.id, action: 'held' } });
    await append({ type: 'inject', payload: { injectId: releasedByHand.id, action: 'released-now' } });
    const expected = created.scenario.phases[0]!.decisions[0]!;
    await append({ type: 'decision', payload: { text: 'Freeze the agent', expectedDecisionId: expected.id } });
    const view = await h.call('drills:get', { workspaceId, drillId });
    const events = await allDrillEvents(h, workspaceId, drillId);

    const pv = playerView(view);
    const pe = playerEvents(view, events);
    const released = pv.scenario.injects.map((i) => i.id);
    expect(released).toContain(order[0]!.id);
    expect(released).toContain(releasedByHand.id);
    const shown = JSON.stringify({ pv, pe });
    const hiddenInjects = order.filter((i) => !released.includes(i.id));
    expect(hiddenInjects.length).toBeGreaterThan(3);
    for (const i of hiddenInjects) {
      expect(shown).not.toContain(i.text);
      expect(shown).not.toContain(JSON.stringify(i.title));
    }
    for (const d of created.scenario.phases.flatMap((p) => p.decisions)) {
      expect(shown).not.toContain(d.text);
      expect(shown).not.toContain(`"${d.id}"`);
    }
    expect(pv.nextInject).toBeNull();
    // The clock and the log are the facilitator's: the same offsets, the decision and its author, fewer inject rows.
    expect(pv.clock).toEqual(view.clock);
    expect(pe.find((e) => e.type === 'decision')?.payload).toMatchObject({ text: 'Freeze the agent', expectedDecisionId: null });
    expect(pe.filter((e) => e.type === 'inject').length).toBe(2);
    expect(events.filter((e) => e.type === 'inject').length).toBe(3);
    console.log(
      `[player] ${hiddenInjects.length} unreleased injects and ${created.scenario.phases.flatMap((p) => p.decisions).length} expected decisions hidden; ${pe.length}/${events.length} log entries shown`,
    );
    h.close();
  });
});
