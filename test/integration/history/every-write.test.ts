import { afterEach, describe, expect, it } from 'vitest';
import type { Channel, Request } from '../../../core/contract/index';
import { removeDir, withWorkspace, type Harness } from '../helpers';

/**
 * Every mutating channel, run once through dispatch, grows the history by at least one entry, and
 * the history still verifies afterwards: no write escaped the hook (verify would name the record).
 */
let h: Harness;
afterEach(() => {
  h.close();
  removeDir(h.dataDir);
});

describe('every write records a history entry', () => {
  it('inventory, scoring, workspace, profile, import and restore writes each add entries and keep the history intact', async () => {
    const w = await withWorkspace(true, { actor: { name: 'Ada', source: 'profile' } });
    h = w.h;
    const { workspaceId } = w;
    const count = async () => (await h.call('history:verify', { workspaceId })).count;
    const grew: string[] = [];
    const step = async <K extends Channel>(channel: K, input: Request<K>) => {
      const before = await count();
      const out = await h.call(channel, input);
      const v = await h.call('history:verify', { workspaceId });
      expect(v.intact, `${channel}: ${v.message}`).toBe(true);
      expect(v.count, `${channel} recorded no entry`).toBeGreaterThan(before);
      grew.push(channel);
      return out;
    };
    const wf = await step('workflow:create', { workspaceId, workflow: { name: 'Billing' } });
    await step('workflow:update', { workspaceId, id: wf.id, workflow: { name: 'Billing run' } });
    const sys = await step('system:create', {
      workspaceId,
      system: { name: 'Ledger', kind: (await h.call('inventory:overview', { workspaceId })).systems[0]!.kind },
    });
    await step('system:update', { workspaceId, id: sys.id, system: { name: 'Ledger', kind: sys.kind, criticality: 'high' } });
    const env = await step('environment:create', { workspaceId, environment: { name: 'QA', tier: 'staging' } });
    await step('environment:update', { workspaceId, id: env.id, environment: { name: 'QA', tier: 'sandbox' } });
    const agent = await step('agent:create', { workspaceId, agent: { name: 'Ledger bot', workflowIds: [wf.id] } as never });
    await step('agent:update', { workspaceId, id: agent.id, agent: { name: 'Ledger bot', purpose: 'Reconciles' } });
    const grant = await step('grant:create', {
      workspaceId,
      grant: { agentId: agent.id, systemId: sys.id, environmentId: env.id, actions: ['read'] },
    });
    await step('grant:update', {
      workspaceId,
      id: grant.id,
      grant: { agentId: agent.id, systemId: sys.id, environmentId: env.id, actions: ['read'], approvalGate: 'two-person' },
    });
    const checklist = (await h.call('checklist:list', { workspaceId })).find((c) => c.active)!;
    const ref = { checklistId: checklist.id, checklistVersion: checklist.version };
    const controlId = (await h.call('checklist:get', { workspaceId, ...ref } as never)) as { controls?: { id: string }[] };
    const firstControl = controlId.controls?.[0]?.id ?? 'OWN-1';
    await step('answer:set', {
      workspaceId,
      agentId: agent.id,
      ...ref,
      answeredBy: 'Ada',
      answers: [{ controlId: firstControl, value: 'yes' }],
    });
    await step('answer:clear', { workspaceId, agentId: agent.id, controlId: firstControl });
    await step('grant:delete', { workspaceId, id: grant.id });
    await step('agent:delete', { workspaceId, id: agent.id });
    await step('environment:delete', { workspaceId, id: env.id });
    await step('system:delete', { workspaceId, id: sys.id });
    await step('workflow:delete', { workspaceId, id: wf.id });
    await step('workspace:rename', { workspaceId, name: 'Renamed' });
    await step('profile:set', { workspaceId, profile: { name: 'Grace', email: '', role: '' } });
    const csv = Buffer.from('Agent\r\nImported bot\r\n').toString('base64');
    await step('import:apply', {
      workspaceId,
      fileName: 'a.csv',
      contentBase64: csv,
      entity: 'agents',
      mapping: [{ field: 'name', column: 'Agent' }],
    });
    expect(grew).toHaveLength(20);

    // A restore brings back the backup's own history, which verifies as it was when the backup was made.
    const backup = await h.call('backup:create', { workspaceId });
    const atBackup = await count();
    await h.call('agent:create', { workspaceId, agent: { name: 'After the backup' } });
    await h.call('backup:restore', { workspaceId, backupId: backup.id });
    const restored = await h.call('history:verify', { workspaceId });
    expect(restored.intact, restored.message).toBe(true);
    expect(restored.count).toBe(atBackup);
  });
});
