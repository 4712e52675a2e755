import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_AGENT_NAMES } from '../../../core/inventory/contract';
import { removeDir, withWorkspace, type Harness } from '../helpers';

/**
 * Issue 16: `inventory:agentNames` names the agents records refer to without reading the overview's
 * pages (the pickers' chosen agents, past the first 1,000). Unknown ids are left out; bad ids are refused.
 */
let h: Harness;
let workspaceId: string;
let ids: string[];

beforeAll(async () => {
  ({ h, workspaceId } = await withWorkspace());
  ids = [];
  for (const name of ['Zeta reconciler', 'alpha cleaner', 'Mid agent'])
    ids.push((await h.call('agent:create', { workspaceId, agent: { name, accountableOwner: 'Ops' } })).id);
});
afterAll(() => {
  h.close();
  removeDir(h.dataDir);
});

describe('inventory:agentNames', () => {
  it('names the asked agents by name, leaves out unknown ids and repeats', async () => {
    const out = await h.call('inventory:agentNames', { workspaceId, ids: [ids[0]!, 'no-such-agent', ids[1]!, ids[0]!] });
    expect(out).toEqual([
      { id: ids[1], name: 'alpha cleaner' },
      { id: ids[0], name: 'Zeta reconciler' },
    ]);
    expect(await h.call('inventory:agentNames', { workspaceId, ids: [] })).toEqual([]);
  });

  it('refuses a malformed id or too many ids with a message naming the field', async () => {
    const bad = await h.fail('inventory:agentNames', { workspaceId, ids: ["x' OR 1=1 --"] });
    expect(bad).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'ids.0', message: 'Invalid id' }] });
    const many = await h.fail('inventory:agentNames', { workspaceId, ids: Array.from({ length: MAX_AGENT_NAMES + 1 }, (_, i) => `a${i}`) });
    expect(many).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'ids', message: `At most ${MAX_AGENT_NAMES} ids` }] });
  });
});
