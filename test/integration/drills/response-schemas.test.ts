import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../../core/contract/index';
import { removeDir, withWorkspace } from '../helpers';

/**
 * The drill channels' response schemas are real schemas (no z.custom), so AR_VALIDATE_RESPONSES in
 * the other drill tests checks what the handlers return. Here: real responses pass, and a response
 * that drifted from the contract (a field renamed, a wrong kind, a value out of range) is refused.
 */
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) removeDir(dirs.pop()!);
});

const clone = <T>(v: T): T => structuredClone(v);

describe('drill response schemas', () => {
  it('accept real responses and refuse drifted ones', async () => {
    const { h, workspaceId } = await withWorkspace(true);
    dirs.push(h.dataDir);
    const inv = await h.call('inventory:overview', { workspaceId });
    const agentIds = [inv.agents[0]!.id];
    const participants = [{ name: 'Ana', role: 'facilitator' as const }];
    const view = await h.call('drills:create', { workspaceId, scenarioId: 'd1-prod-db-dropped-during-freeze', agentIds, participants });
    const drillId = view.drill.id;
    await h.call('drills:append', { workspaceId, drillId, event: { type: 'start', payload: {} } });
    const running = await h.call('drills:get', { workspaceId, drillId });
    const list = await h.call('drills:scenarios', { workspaceId });
    const events = await h.call('drills:events', { workspaceId, drillId });
    const history = await h.call('drills:history', { workspaceId });
    const preview = await h.call('drills:scenario', { workspaceId, scenarioId: 'd1-prod-db-dropped-during-freeze', agentIds });
    // Unfinished drills are offered for resumption after a restart.
    const restarted = h.restart();
    const offer = await restarted.call('drills:resume-offer', { workspaceId });
    restarted.close();
    expect(offer).toHaveLength(1);

    const ok = (channel: keyof typeof contract, v: unknown) => contract[channel].response.safeParse(v).success;
    expect(ok('drills:get', running)).toBe(true);
    expect(ok('drills:scenarios', list)).toBe(true);
    expect(ok('drills:events', events)).toBe(true);
    expect(ok('drills:history', history)).toBe(true);
    expect(ok('drills:resume-offer', offer)).toBe(true);
    expect(ok('drills:scenario', preview)).toBe(true);

    const drifted: Array<[keyof typeof contract, unknown]> = [];
    const v1 = clone(running) as unknown as { state: Record<string, unknown> };
    v1.state.status = 'started';
    drifted.push(['drills:get', v1]);
    const v2 = clone(running) as unknown as { measures: Record<string, unknown> };
    delete v2.measures.ttd;
    drifted.push(['drills:get', v2]);
    const v3 = clone(running) as unknown as { scenario: { injects: Array<{ at: unknown }> } };
    v3.scenario.injects[0]!.at = '5';
    drifted.push(['drills:get', v3]);
    drifted.push(['drills:scenarios', [{ ...list[0]!, injectCount: -1 }]]);
    drifted.push(['drills:events', { events: [{ ...events.events[0]!, seq: 0 }], lastSeq: events.lastSeq }]);
    drifted.push(['drills:history', { rows: history.rows, byScenario: history.byScenario }]);
    drifted.push(['drills:resume-offer', [{ ...offer[0]!, status: 'lost' }]]);
    for (const [channel, v] of drifted) expect(ok(channel, v), `${channel} ${JSON.stringify(v).slice(0, 80)}`).toBe(false);
  });
});
