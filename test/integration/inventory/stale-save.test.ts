import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, removeDir, withWorkspace, type Harness } from '../helpers';

/**
 * No lost updates: two people open the same record; the second to save, holding the version they
 * read, is refused with who changed it and when, and with the record as it is now. Nothing of the
 * stale save is written, and saving again with the new version goes through.
 */
const ADA = { name: 'Ada Lovelace', source: 'profile' as const };
const GRACE = { name: 'Grace Hopper', source: 'profile' as const };

let harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses) h.close();
  if (harnesses[0]) removeDir(harnesses[0].dataDir);
  harnesses = [];
});

async function twoPeople() {
  const { h: ada, workspaceId } = await withWorkspace(true, { actor: ADA });
  harnesses.push(ada);
  return { ada, workspaceId, grace: () => harnesses[harnesses.push(makeHarness({ dataDir: ada.dataDir, actor: GRACE })) - 1]! };
}

describe('a save against an older version is refused, never silently overwritten', () => {
  it('an agent edited by Grace after Ada opened it: Ada is told who and when, and sees the current values', async () => {
    const { ada, workspaceId, grace } = await twoPeople();
    const overview = await ada.call('inventory:overview', { workspaceId });
    const opened = overview.agents[0]!;
    expect(opened.version).toBe(1);
    const { id, createdAt: _c, updatedAt: _u, version: _v, ...fields } = opened;

    ada.ctx.workspaces.closeAll(); // Grace's device writes the same file (one writer at a time)
    const g = grace();
    const saved = await g.call('agent:update', {
      workspaceId,
      id,
      agent: { ...fields, purpose: 'Grace: nightly cleanup only' },
      expectedVersion: 1,
    });
    expect(saved.version).toBe(2);
    g.ctx.workspaces.closeAll();

    const err = await ada.fail('agent:update', {
      workspaceId,
      id,
      agent: { ...fields, purpose: 'Ada: weekly cleanup' },
      expectedVersion: 1,
    });
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain('changed by Grace Hopper at');
    expect(err.details).toMatchObject({ reason: 'stale-version', changedBy: 'Grace Hopper', currentVersion: 2, yourVersion: 1 });
    expect(JSON.parse(String(err.details!.current)).purpose).toBe('Grace: nightly cleanup only');
    const after = (await ada.call('agent:get', { workspaceId, id })).agent;
    expect(after.purpose).toBe('Grace: nightly cleanup only'); // the stale save changed nothing

    // Ada chose to save hers over Grace's, knowingly: with the version she has now seen.
    const mine = await ada.call('agent:update', {
      workspaceId,
      id,
      agent: { ...fields, purpose: 'Ada: weekly cleanup' },
      expectedVersion: 2,
    });
    expect(mine).toMatchObject({ purpose: 'Ada: weekly cleanup', version: 3 });
    expect((await ada.call('history:verify', { workspaceId })).intact).toBe(true);
  });

  it('every inventory record kind refuses a stale save; a save without a version (scripts) still goes through', async () => {
    const { ada, workspaceId } = await twoPeople();
    const o = await ada.call('inventory:overview', { workspaceId });
    const grant = (await ada.call('agent:get', { workspaceId, id: o.agents[0]!.id })).grants[0]!;
    const strip = <T extends { id: string; createdAt: string; updatedAt: string; version: number }>(r: T) => {
      const { id: _i, createdAt: _c, updatedAt: _u, version: _v, ...rest } = r;
      return rest;
    };
    const cases = [
      { channel: 'workflow:update', key: 'workflow', record: o.workflows[0]! },
      { channel: 'system:update', key: 'system', record: o.systems[0]! },
      { channel: 'environment:update', key: 'environment', record: o.environments[0]! },
      { channel: 'grant:update', key: 'grant', record: grant },
    ] as const;
    for (const c of cases) {
      const body = strip(c.record as never) as Record<string, unknown>;
      const first = await ada.call(c.channel, { workspaceId, id: c.record.id, [c.key]: body, expectedVersion: c.record.version } as never);
      expect((first as { version: number }).version, c.channel).toBe(c.record.version + 1);
      const stale = await ada.fail(c.channel, { workspaceId, id: c.record.id, [c.key]: body, expectedVersion: c.record.version });
      expect(stale.code, c.channel).toBe('CONFLICT');
      expect(stale.message, c.channel).toContain('changed by Ada Lovelace');
      const unconditional = await ada.call(c.channel, { workspaceId, id: c.record.id, [c.key]: body } as never);
      expect((unconditional as { version: number }).version, c.channel).toBe(c.record.version + 2);
    }
    const bad = await ada.fail('agent:update', { workspaceId, id: o.agents[0]!.id, agent: {}, expectedVersion: 0 });
    expect(bad.code).toBe('VALIDATION');
  });
});
