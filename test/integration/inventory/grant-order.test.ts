import { afterEach, describe, expect, it } from 'vitest';
import { readInventory } from '../../../electron/store/inventory/snapshot';
import { grantsTable } from '../../../electron/store/inventory/tables';
import { removeDir, withWorkspace } from '../helpers';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

describe('the scoring read lists grants in the order SQLite would sort them', () => {
  it('by agent id, then creation time, then insertion order, with grants created out of order and at equal times', async () => {
    // A clock that goes backwards and repeats itself, so creation times disagree with insertion order and tie.
    const times = [5, 3, 3, 9, 1, 1, 7, 2, 8, 3, 6, 4];
    let tick = 0;
    const now = () => new Date(Date.UTC(2026, 0, 1, 0, 0, times[tick++ % times.length]!));
    const { h, workspaceId } = await withWorkspace(false, { now });
    dirs.push(h.dataDir);
    const sys = await h.call('system:create', { workspaceId, system: { name: 'Orders DB', kind: 'database', criticality: 'high' } });
    const env = (await h.call('inventory:overview', { workspaceId })).environments[0]!;
    const agents = [];
    for (let i = 0; i < 6; i++) agents.push(await h.call('agent:create', { workspaceId, agent: { name: `Agent ${i}` } }));
    // Interleaved across agents: insertion (rowid) order is not agent order.
    for (let k = 0; k < 5; k++)
      for (const a of agents)
        await h.call('grant:create', {
          workspaceId,
          grant: { agentId: a.id, systemId: sys.id, environmentId: env.id, actions: ['read'], scope: `scope/${k}` },
        });
    const db = h.ctx.workspace(workspaceId).db;
    const bySql = grantsTable.list(db, 'agent_id, created_at, rowid');
    const read = readInventory(db).grants;
    expect(read.map((g) => g.id)).toEqual(bySql.map((g) => g.id));
    expect(read).toEqual(bySql);
    // The fixture does exercise the in-memory sort: some agent's grants are not in insertion order.
    const insertion = grantsTable.list(db, 'rowid').map((g) => g.id);
    expect(read.map((g) => g.id)).not.toEqual(insertion);
    const perAgentInsertion = (id: string) => insertion.filter((g) => read.find((x) => x.id === g)!.agentId === id);
    expect(
      agents.some(
        (a) =>
          perAgentInsertion(a.id).join() !==
          read
            .filter((g) => g.agentId === a.id)
            .map((g) => g.id)
            .join(),
      ),
    ).toBe(true);
  });
});
