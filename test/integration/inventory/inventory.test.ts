import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../../electron/store/migrations/index';
import { makeHarness, removeDir, withWorkspace, type Harness } from '../helpers';

const dirs: string[] = [];
const track = (h: Harness) => (dirs.push(h.dataDir), h);
afterEach(() => dirs.splice(0).forEach(removeDir));

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('inventory services on a real SQLite file', () => {
  it('creates records, refuses duplicates and bad input, and changes nothing when refused', async () => {
    const { h, workspaceId } = await withWorkspace();
    track(h);
    const wf = await h.call('workflow:create', { workspaceId, workflow: { name: 'Support triage', owner: 'Priya' } });
    const agent = await h.call('agent:create', {
      workspaceId,
      agent: { name: 'Triage Bot', workflowIds: [wf.id], lifecycle: 'production' },
    });
    expect(agent.workflowIds).toEqual([wf.id]);

    const dup = await h.fail('agent:create', { workspaceId, agent: { name: '  triage   BOT ' } });
    expect(dup.code).toBe('VALIDATION');
    expect(dup.issues?.[0]?.path).toBe('name');
    expect(dup.message).toContain('already exists');

    const empty = await h.fail('agent:create', { workspaceId, agent: { name: '   ' } });
    expect(empty.issues).toEqual([{ path: 'agent.name', message: 'Required' }]);
    const long = await h.fail('agent:create', { workspaceId, agent: { name: 'x'.repeat(121) } });
    expect(long.issues?.[0]?.message).toContain('At most 120');
    const badLifecycle = await h.fail('agent:create', { workspaceId, agent: { name: 'Ok', lifecycle: 'live' } });
    expect(badLifecycle.issues?.[0]?.path).toBe('agent.lifecycle');
    const unknownWorkflow = await h.fail('agent:create', { workspaceId, agent: { name: 'Linked', workflowIds: ['nope'] } });
    expect(unknownWorkflow.code).toBe('VALIDATION');

    const overview = await h.call('inventory:overview', { workspaceId });
    expect(overview.agents.map((a) => a.name)).toEqual(['Triage Bot']);
  });

  it('keeps everything after the app is closed and reopened', async () => {
    const { h, workspaceId } = await withWorkspace();
    track(h);
    const sys = await h.call('system:create', { workspaceId, system: { name: 'Orders DB', kind: 'database', criticality: 'critical' } });
    const agent = await h.call('agent:create', { workspaceId, agent: { name: 'Cleaner' } });
    const envs = (await h.call('inventory:overview', { workspaceId })).environments;
    const prod = envs.find((e) => e.tier === 'production');
    if (!prod) throw new Error('no production environment');
    await h.call('grant:create', {
      workspaceId,
      grant: { agentId: agent.id, systemId: sys.id, environmentId: prod.id, actions: ['read', 'delete'] },
    });

    const again = h.restart();
    const info = await again.call('app:info', {});
    expect(info.lastWorkspaceId).toBe(workspaceId);
    const detail = await again.call('agent:get', { workspaceId, id: agent.id });
    expect(detail.grants).toHaveLength(1);
    expect(detail.grants[0]?.actions).toEqual(['read', 'delete']);
    const matrix = await again.call('inventory:matrix', { workspaceId, environmentId: prod.id });
    expect(matrix.cells).toEqual([
      expect.objectContaining({ agentId: agent.id, systemId: sys.id, level: 'critical', weakestGate: 'none' }),
    ]);
    again.close();
  });

  it('the example workspace is realistic: several workflows, about 8 agents, critical and well-controlled agents', async () => {
    const { h, workspaceId } = await withWorkspace(true);
    track(h);
    const o = await h.call('inventory:overview', { workspaceId });
    expect(o.agents).toHaveLength(8);
    expect(o.workflows.length).toBeGreaterThanOrEqual(3);
    const levels = new Set(o.agents.map((a) => a.riskLevel));
    expect(levels.has('critical')).toBe(true);
    expect(o.agents.filter((a) => a.riskLevel !== 'critical').length).toBeGreaterThanOrEqual(3);
    // The dashboard's summary agrees with the full overview but ships only what it shows.
    const summary = await h.call('inventory:summary', { workspaceId, limit: 2 });
    const critical = o.agents.filter((a) => a.riskLevel === 'critical');
    expect(summary).toMatchObject({
      agents: 8,
      workflows: o.workflows.length,
      systems: o.systems.length,
      grants: o.grantCount,
      criticalCount: critical.length,
    });
    expect(summary.critical).toHaveLength(2);
    expect(summary.critical.every((c) => critical.some((a) => a.id === c.id))).toBe(true);
  });

  it('deleting a system removes its grants in one step and says how many', async () => {
    const { h, workspaceId } = await withWorkspace(true);
    track(h);
    const o = await h.call('inventory:overview', { workspaceId });
    const drive = o.systems.find((s) => s.name === 'Team shared drive');
    if (!drive) throw new Error('missing example system');
    expect(await h.call('inventory:deleteImpact', { workspaceId, entity: 'system', id: drive.id })).toEqual({ grants: 1, agents: 0 });
    expect(await h.call('system:delete', { workspaceId, id: drive.id })).toEqual({ deleted: true, grantsRemoved: 1 });
    expect((await h.call('inventory:overview', { workspaceId })).grantCount).toBe(o.grantCount - 1);
    const builtin = o.environments[0];
    if (!builtin) throw new Error('no environments');
    expect((await h.fail('environment:delete', { workspaceId, id: builtin.id })).code).toBe('REFUSED');
  });

  it('refuses unknown channels and malformed requests without touching data', async () => {
    const h = track(makeHarness());
    expect((await h.fail('inventory:dropEverything', {})).code).toBe('UNKNOWN_CHANNEL');
    expect((await h.fail('workspace:open', { workspaceId: '../../etc/passwd' })).code).toBe('VALIDATION');
    expect((await h.fail('workspace:create', { name: 42 })).code).toBe('VALIDATION');
    expect(await h.call('workspace:list', {})).toEqual([]);
  });
});

describe('workspace files that cannot be opened', () => {
  it('refuses a database from a newer version and leaves it byte-for-byte unchanged', async () => {
    const { h, workspaceId, ws } = await withWorkspace();
    track(h);
    h.close();
    const raw = new Database(ws.file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.close();
    const before = sha(ws.file);
    const again = h.restart();
    const err = await again.fail('workspace:open', { workspaceId });
    expect(err.code).toBe('NEWER_VERSION');
    expect(err.message).toContain('newer version');
    expect(err.message).toContain(ws.file);
    expect(sha(ws.file)).toBe(before);
    const listed = (await again.call('workspace:list', {})).find((w) => w.id === workspaceId);
    expect(listed?.status).toBe('unavailable');
    again.close();
  });

  it.each([
    ['zero-byte', Buffer.alloc(0)],
    ['garbage', Buffer.from('this is not a database at all, just text '.repeat(200))],
  ])('reports a %s file with its location and never modifies it', async (_label, bytes) => {
    const h = track(makeHarness());
    const file = join(h.dataDir, 'workspaces', 'broken-abc123.sqlite');
    writeFileSync(file, bytes);
    const before = sha(file);
    const err = await h.fail('workspace:open', { workspaceId: 'broken-abc123' });
    expect(err.code).toBe('WORKSPACE_UNAVAILABLE');
    expect(err.message).toContain(file);
    expect(sha(file)).toBe(before);
    const listed = await h.call('workspace:list', {});
    expect(listed).toEqual([expect.objectContaining({ id: 'broken-abc123', status: 'unavailable' })]);
    expect(sha(file)).toBe(before);
  });
});
