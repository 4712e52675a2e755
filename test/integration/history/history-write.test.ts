import { afterEach, describe, expect, it } from 'vitest';
import { AgentInput } from '../../../core/inventory/model';
import { mutate } from '../../../electron/services/context';
import { historyHead } from '../../../electron/store/history/index';
import { createAgent } from '../../../electron/store/inventory/agents';
import { removeDir, withWorkspace, type Harness } from '../helpers';

let h: Harness;
afterEach(() => {
  h.close();
  removeDir(h.dataDir);
});

const ADA = { name: 'Ada', email: 'ada@example.org', role: 'CISO', source: 'profile' as const };

describe('the change history is written with the change, by its actor', () => {
  it('a write that fails leaves neither the change nor an entry', async () => {
    const w = await withWorkspace(false, { actor: ADA });
    h = w.h;
    const db = h.ctx.workspace(w.workspaceId).db;
    const before = historyHead(db);
    expect(() =>
      mutate(h.ctx, w.workspaceId, 'agent:create', (tx) => {
        createAgent(tx.db, AgentInput.parse({ name: 'Half written' }), tx.now);
        throw new Error('refused after the insert');
      }),
    ).toThrow('refused after the insert');
    expect(historyHead(db)).toEqual(before);
    expect((await h.call('history:verify', { workspaceId: w.workspaceId })).intact).toBe(true);
  });

  it('a history append that fails rolls the change back', async () => {
    const w = await withWorkspace(false, { actor: ADA });
    h = w.h;
    const db = h.ctx.workspace(w.workspaceId).db;
    db.exec("CREATE TEMP TRIGGER refuse_history BEFORE INSERT ON main.history BEGIN SELECT RAISE(ABORT, 'history refused'); END");
    const err = await h.fail('agent:create', { workspaceId: w.workspaceId, agent: { name: 'Never saved' } });
    expect(err.message).toMatch(/history refused/);
    db.exec('DROP TRIGGER temp.refuse_history');
    expect((await h.call('inventory:overview', { workspaceId: w.workspaceId })).agents).toEqual([]);
  });

  it("a gate change is one entry: who, when, through which door, the gate's before and after", async () => {
    const w = await withWorkspace(true, { actor: ADA, now: () => new Date('2026-03-04T05:06:07.000Z') });
    h = w.h;
    const { workspaceId } = w;
    const agent = (await h.call('inventory:overview', { workspaceId })).agents[0]!;
    const grant = (await h.call('agent:get', { workspaceId, id: agent.id })).grants[0]!;
    const { id: _id, createdAt: _c, updatedAt: _u, ...input } = grant as unknown as Record<string, unknown>;
    const newGate = grant.approvalGate === 'two-person' ? 'single' : 'two-person';
    await h.call('grant:update', { workspaceId, id: grant.id, grant: { ...input, approvalGate: newGate } } as never);
    const { entries } = await h.call('history:list', { workspaceId, filter: { entity: 'grant', entityId: grant.id } });
    const change = entries[0]!;
    expect(change).toMatchObject({
      actor: { name: 'Ada', email: 'ada@example.org', role: 'CISO', source: 'profile' },
      door: 'cli',
      operation: 'grant:update',
      action: 'update',
      at: '2026-03-04T05:06:07.000Z',
      before: { approval_gate: grant.approvalGate },
      after: { approval_gate: newGate },
    });
    // Only what changed (the edit time too, when the clock moved), not the whole grant.
    expect(Object.keys(change.after!).filter((k) => k !== 'updated_at')).toEqual(['approval_gate']);
    expect(entries.at(-1)!.action).toBe('create');
  });

  it('a deleted agent keeps its history, reachable by its id', async () => {
    const w = await withWorkspace(false, { actor: ADA });
    h = w.h;
    const { workspaceId } = w;
    const agent = await h.call('agent:create', { workspaceId, agent: { name: 'Short-lived' } });
    await h.call('agent:delete', { workspaceId, id: agent.id });
    const { entries } = await h.call('history:list', { workspaceId, filter: { entity: 'agent', entityId: agent.id } });
    expect(entries.map((e) => e.action)).toEqual(['delete', 'create']);
    expect(entries[0]!.before).toMatchObject({ name: 'Short-lived' });
    expect((await h.call('history:verify', { workspaceId })).intact).toBe(true);
  });

  it('changing the profile is itself recorded, and later changes are attributed to the new profile', async () => {
    const w = await withWorkspace(false);
    h = w.h;
    const { workspaceId } = w;
    await h.call('profile:set', { workspaceId, profile: { name: 'Grace', email: 'grace@example.org', role: 'Auditor' } });
    const { entries } = await h.call('history:list', { workspaceId, filter: { entity: 'profile' } });
    expect(entries[0]).toMatchObject({
      action: 'create',
      after: { name: 'Grace', role: 'Auditor' },
      actor: { name: 'Grace', source: 'profile' },
    });
    await h.call('agent:create', { workspaceId, agent: { name: 'By Grace' } });
    const latest = (await h.call('history:list', { workspaceId, filter: { entity: 'agent' } })).entries[0]!;
    expect(latest.actor).toEqual({ name: 'Grace', email: 'grace@example.org', role: 'Auditor', source: 'profile' });
    expect((await h.call('profile:get', {})).profile).toEqual({ name: 'Grace', email: 'grace@example.org', role: 'Auditor' });
    const bad = await h.fail('profile:set', { workspaceId, profile: { name: '', email: 'not-an-email', role: '' } });
    expect(bad.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['profile.name', 'profile.email']));
  });

  it('reports carry the entry count and head hash', async () => {
    const w = await withWorkspace(true, { actor: ADA });
    h = w.h;
    const md = await h.call('report:export', { workspaceId: w.workspaceId, format: 'md' });
    // The head as of the report (making it stored the built-in checklist first: that is in the count too).
    const head = historyHead(h.ctx.workspace(w.workspaceId).db);
    const text = Buffer.from(md.contentBase64, 'base64').toString('utf8');
    expect(text).toContain(`Change history: ${head.count} entries, head ${head.head}`);
  });
});
