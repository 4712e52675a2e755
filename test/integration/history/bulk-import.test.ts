import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BULK_HISTORY_MIN } from '../../../electron/store/transfer/apply-import';
import { removeDir, withWorkspace, type Harness } from '../helpers';

/**
 * A bulk import's creates are recorded as one batch entry per table (P1), yet each imported
 * record still has its own create on the history screen, and verify still checks every row.
 */
let h: Harness;
afterEach(() => {
  h.close();
  removeDir(h.dataDir);
});

const N = BULK_HISTORY_MIN + 200;
const ADA = { name: 'Ada', email: 'ada@example.org', role: 'CISO', source: 'profile' as const };

async function imported() {
  const w = await withWorkspace(false, { actor: ADA });
  h = w.h;
  const { workspaceId } = w;
  const before = (await h.call('history:verify', { workspaceId })).count;
  const csv = ['Agent,Purpose', ...Array.from({ length: N }, (_, i) => `Bulk bot ${i},Purpose ${i}`)].join('\r\n');
  await h.call('import:apply', {
    workspaceId,
    fileName: 'agents.csv',
    contentBase64: Buffer.from(csv).toString('base64'),
    entity: 'agents',
    mapping: [
      { field: 'name', column: 'Agent' },
      { field: 'purpose', column: 'Purpose' },
    ],
  });
  // The overview is paged (at most 1,000 agents a page): read every page.
  const agents = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await h.call('inventory:overview', { workspaceId, offset, limit: 1000 });
    agents.push(...page.agents);
    if (page.agents.length < 1000) break;
  }
  const bot = agents.find((a) => a.name === 'Bulk bot 7')!;
  return { ...w, before, bot, agents };
}

describe('bulk import history', () => {
  it(`${N} imported agents add one batch entry, verify intact, and each agent's panel shows its own create`, async () => {
    const { workspaceId, before, bot, agents } = await imported();
    expect(agents).toHaveLength(N);
    const v = await h.call('history:verify', { workspaceId });
    expect(v.intact, v.message).toBe(true);
    expect(v.count - before).toBeLessThanOrEqual(2);

    const panel = await h.call('history:list', { workspaceId, filter: { entityId: bot.id }, offset: 0, limit: 20 });
    expect(panel.total).toBe(1);
    expect(panel.entries[0]).toMatchObject({ entity: 'agent', entityId: bot.id, action: 'create', operation: 'import:apply' });
    expect(panel.entries[0]!.actor.name).toBe('Ada');
    expect(panel.entries[0]!.after).toMatchObject({ id: bot.id, name: 'Bulk bot 7', purpose: 'Purpose 7' });

    // The workspace-wide list shows the batch as one entry with its count, not 1,200 rows of data.
    const all = await h.call('history:list', { workspaceId, filter: { entity: 'agent' }, offset: 0, limit: 20 });
    expect(all.entries.find((e) => e.entityId === '*')?.after).toEqual({ count: N, table: 'agents' });

    // A later edit is its own entry after the batch's create; the history still verifies.
    const { id: _id, createdAt: _c, updatedAt: _u, ...input } = bot as unknown as Record<string, unknown>;
    await h.call('agent:update', { workspaceId, id: bot.id, agent: { ...input, purpose: 'Edited after import' } } as never);
    const after = await h.call('history:list', { workspaceId, filter: { entityId: bot.id }, offset: 0, limit: 20 });
    expect(after.entries.map((e) => e.action)).toEqual(['update', 'create']);
    expect(after.entries[0]!.after).toMatchObject({ purpose: 'Edited after import' });
    expect((await h.call('history:verify', { workspaceId })).intact).toBe(true);
  });

  it('an imported row changed, or deleted, without an entry is named; an edited batch entry is caught', async () => {
    const { workspaceId, bot, agents, ws } = await imported();
    const other = agents.find((a) => a.name === 'Bulk bot 900')!;
    const db = new BetterSqlite3(ws.file);
    try {
      db.prepare("UPDATE agents SET purpose = 'quietly changed' WHERE id = ?").run(bot.id);
      let v = await h.call('history:verify', { workspaceId });
      expect(v).toMatchObject({ intact: false, kind: 'changed-without-entry', entity: 'agent', entityId: bot.id });
      db.prepare('UPDATE agents SET purpose = ? WHERE id = ?').run('Purpose 7', bot.id);
      expect((await h.call('history:verify', { workspaceId })).intact).toBe(true);

      db.prepare('DELETE FROM agents WHERE id = ?').run(other.id);
      v = await h.call('history:verify', { workspaceId });
      expect(v).toMatchObject({ intact: false, kind: 'changed-without-entry', entityId: other.id });
      expect(v.message).toMatch(/gone/);
    } finally {
      db.close();
    }
  });

  it('rewriting a recorded state inside the batch entry breaks its hash', async () => {
    const { workspaceId, bot, ws } = await imported();
    const db = new BetterSqlite3(ws.file);
    try {
      db.exec('DROP TRIGGER history_append_only_update');
      const seq = db.prepare("SELECT seq FROM history WHERE entity = 'agent' AND entity_id = '*'").pluck().get() as number;
      db.prepare('UPDATE history SET after_json = replace(after_json, ?, ?) WHERE seq = ?').run('Purpose 7\\"', 'Purpose X\\"', seq);
      db.prepare("UPDATE agents SET purpose = 'Purpose X' WHERE id = ?").run(bot.id);
    } finally {
      db.close();
    }
    const v = await h.call('history:verify', { workspaceId });
    expect(v).toMatchObject({ intact: false, kind: 'edited', entity: 'agent', entityId: '*' });
  });
});
