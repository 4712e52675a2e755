import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { mutate } from '../../../electron/services/context';
import { AgentInput } from '../../../core/inventory/model';
import { createAgent } from '../../../electron/store/inventory/agents';
import { recordChange } from '../../../electron/store/mutate/index';
import { makeHarness, removeDir, type Harness } from '../helpers';

/** The one write path (electron/store/mutate): what issue 11's change history will hang on. */
let h: Harness;
afterEach(() => {
  h.close();
  removeDir(h.dataDir);
});

describe('the mutation path', () => {
  it('a change holds the write lock from its first statement, carries the actor and channel, and is all-or-nothing', async () => {
    h = makeHarness({ actor: { name: 'Ada', source: 'profile' } });
    const ws = await h.call('workspace:create', { name: 'Mutations' });
    const other = new BetterSqlite3(h.ctx.workspace(ws.id).file, { timeout: 0 });
    try {
      const seen = mutate(h.ctx, ws.id, 'agent:create', (tx) => {
        // IMMEDIATE: another connection cannot write even before this one has written anything.
        expect(() => other.prepare("INSERT INTO meta (key, value) VALUES ('x', 'y')").run()).toThrow(/locked|busy/i);
        const id = createAgent(tx.db, AgentInput.parse({ name: 'Inside' }), tx.now);
        recordChange(tx, { entity: 'agent', id, action: 'create', before: null, after: { name: 'Inside' } });
        return { actor: tx.actor, channel: tx.channel, changes: tx.changes.map((c) => `${c.entity}:${c.action}`) };
      });
      expect(seen).toEqual({ actor: { name: 'Ada', source: 'profile' }, channel: 'agent:create', changes: ['agent:create'] });

      expect(() =>
        mutate(h.ctx, ws.id, 'agent:create', (tx) => {
          createAgent(tx.db, AgentInput.parse({ name: 'Rolled back' }), tx.now);
          throw new Error('refused after the insert');
        }),
      ).toThrow('refused after the insert');
      const names = (await h.call('inventory:overview', { workspaceId: ws.id })).agents.map((a) => a.name);
      expect(names).toEqual(['Inside']);
    } finally {
      other.close();
    }
  });

  it('renaming a workspace goes through the same path: kept after a restart, a duplicate name refused and nothing changed', async () => {
    h = makeHarness();
    const a = await h.call('workspace:create', { name: 'Alpha' });
    await h.call('workspace:create', { name: 'Beta' });
    expect((await h.call('workspace:rename', { workspaceId: a.id, name: 'Alpha prime' })).name).toBe('Alpha prime');
    const dup = await h.fail('workspace:rename', { workspaceId: a.id, name: 'beta' });
    expect(dup.code).toBe('VALIDATION');
    expect(dup.issues?.[0]?.path).toBe('name');
    h = h.restart();
    expect((await h.call('workspace:list', {})).map((w) => w.name)).toEqual(expect.arrayContaining(['Alpha prime', 'Beta']));
  });
});
