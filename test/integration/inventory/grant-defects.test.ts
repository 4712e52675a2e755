import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, withWorkspace, type Harness } from '../helpers';

const dirs: string[] = [];
const track = (h: Harness) => (dirs.push(h.dataDir), h);
afterEach(() => dirs.splice(0).forEach(removeDir));

async function setup() {
  const { h, workspaceId } = await withWorkspace();
  track(h);
  const sys = await h.call('system:create', { workspaceId, system: { name: 'Orders DB', kind: 'database' } });
  const agent = await h.call('agent:create', { workspaceId, agent: { name: 'Cleaner' } });
  const envs = (await h.call('inventory:overview', { workspaceId })).environments;
  const prod = envs.find((e) => e.tier === 'production')!;
  const staging = envs.find((e) => e.tier === 'staging')!;
  return { h, workspaceId, sys, agent, prod, staging };
}

describe('grant defects', () => {
  it('refuses an untouched "Add grant" (no environment, no action) with a message on each field, and stores nothing', async () => {
    const { h, workspaceId, sys, agent } = await setup();
    const err = await h.fail('grant:create', {
      workspaceId,
      grant: { agentId: agent.id, systemId: sys.id, environmentId: '', actions: [] },
    });
    expect(err.code).toBe('VALIDATION');
    expect(err.issues).toEqual(
      expect.arrayContaining([
        { path: 'grant.environmentId', message: 'Choose an environment' },
        { path: 'grant.actions', message: 'Choose at least one action' },
      ]),
    );
    expect((await h.call('agent:get', { workspaceId, id: agent.id })).grants).toEqual([]);
  });

  it('refuses an identical grant (actions in any order) with CONFLICT naming the existing grant, on create and on update', async () => {
    const { h, workspaceId, sys, agent, prod, staging } = await setup();
    const base = { agentId: agent.id, systemId: sys.id, environmentId: prod.id };
    const first = await h.call('grant:create', { workspaceId, grant: { ...base, actions: ['read', 'delete'] } });

    const dup = await h.fail('grant:create', { workspaceId, grant: { ...base, actions: ['delete', 'read'] } });
    expect(dup.code).toBe('CONFLICT');
    expect(dup.details?.existingGrantId).toBe(first.id);
    expect((await h.call('agent:get', { workspaceId, id: agent.id })).grants).toHaveLength(1);

    // Different actions, scope or environment are different access, so they are accepted.
    await h.call('grant:create', { workspaceId, grant: { ...base, actions: ['read'] } });
    await h.call('grant:create', { workspaceId, grant: { ...base, actions: ['read', 'delete'], scope: 'invoices/*' } });
    const other = await h.call('grant:create', { workspaceId, grant: { ...base, environmentId: staging.id, actions: ['read', 'delete'] } });

    // Editing a grant into a copy of another is refused too; saving a grant unchanged is not.
    const onto = await h.fail('grant:update', { workspaceId, id: other.id, grant: { ...base, actions: ['read', 'delete'] } });
    expect(onto.code).toBe('CONFLICT');
    expect(onto.details?.existingGrantId).toBe(first.id);
    await h.call('grant:update', { workspaceId, id: first.id, grant: { ...base, actions: ['delete', 'read'] } });
    expect((await h.call('agent:get', { workspaceId, id: agent.id })).grants).toHaveLength(4);
  });
});
