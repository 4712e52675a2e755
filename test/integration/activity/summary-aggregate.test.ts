import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { summariseByAgent, withAppApprovals } from '../../../core/activity/index';
import { listApprovals } from '../../../electron/store/activity/approvals';
import { analysedEvents } from '../../../electron/store/activity/queries';
import { removeDir, withWorkspace, type Harness } from '../helpers';

let h: Harness | undefined;
afterEach(() => {
  if (h) {
    h.close();
    removeDir(h.dataDir);
    h = undefined;
  }
});

describe('the per-agent summary', () => {
  it('from one aggregate plus the destructive and outside-grant events is the summary of every event, agent by agent', async () => {
    const w = await withWorkspace(true, { now: () => new Date('2026-06-01T10:00:00Z') });
    h = w.h;
    const { workspaceId } = w;
    // every fixture format, with known agents, unknown actors, denials and timeless events
    await h.call('activity:import-path', { workspaceId, path: join(__dirname, '../../fixtures/activity') });
    await h.call('activity:import-path', { workspaceId, path: join(__dirname, '../../fixtures/activity-example') });
    const db = h.ctx.workspace(workspaceId).db;
    for (const period of [{}, { from: '2026-05-20T00:00:00.000Z' }]) {
      const all = summariseByAgent(withAppApprovals(analysedEvents(db, period), listApprovals(db)), period);
      const screen = await h.call('activity:summary', { workspaceId, ...period });
      if (!('from' in period)) expect(screen.find((s) => s.agentId === null)?.events).toBe(36); // the fixtures' unknown actors
      expect(screen.map((s) => s.agentName).sort()).toEqual(all.map((s) => s.agentName).sort());
      for (const s of all) expect(screen.find((x) => x.agentId === s.agentId)).toEqual(s);
    }
  });
});
