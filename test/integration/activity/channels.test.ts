import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, withWorkspace, type Harness } from '../helpers';

/** The example workspace's DB Maintenance Agent (credential identity "dbmaint") in a Claude Code log and a CloudTrail file. */
const EXAMPLE = join(__dirname, '../../fixtures/activity-example');
const CLAUDE = join(EXAMPLE, 'claude-code-dbmaint.jsonl');
const TRAIL = join(EXAMPLE, '444455556666_CloudTrail_eu-west-1_20260521T0200Z_dbmaint.json');
const FIXTURES = join(__dirname, '../../fixtures/activity');

let h: Harness | undefined;
afterEach(() => {
  if (h) {
    h.close();
    removeDir(h.dataDir);
    h = undefined;
  }
});
const now = () => new Date('2026-06-01T10:00:00Z');

async function example() {
  const w = await withWorkspace(true, { now });
  h = w.h;
  const overview = await w.h.call('inventory:overview', { workspaceId: w.workspaceId });
  const dbmaint = overview.agents.find((a) => a.name === 'DB Maintenance Agent')!;
  return { ...w, dbmaint };
}

describe('activity channels', () => {
  it('imports a Claude Code log: the DB Maintenance Agent deleted in production without approval, destructive first', async () => {
    const { h, workspaceId, dbmaint } = await example();
    const imported = await h.call('activity:import-path', { workspaceId, path: CLAUDE });
    expect(imported.sources).toHaveLength(1);
    expect(imported.sources[0]!.format).toBe('claude-code-telemetry');
    expect(imported.sources[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(imported.sources[0]!.eventCount).toBe(3);
    expect(imported.sources[0]!.periodFrom).toBe('2026-05-20T02:10:00.000Z');

    const summary = await h.call('activity:summary', { workspaceId });
    const mine = summary.find((s) => s.agentId === dbmaint.id)!;
    expect(mine.agentName).toBe('DB Maintenance Agent');
    expect(mine.destructiveInProduction.total).toBe(1);
    expect(mine.destructiveInProduction.approved).toBe(0);
    expect(mine.firstSeen).toBe('2026-05-20T02:10:00.000Z');

    const page = await h.call('activity:timeline', { workspaceId, agentId: dbmaint.id });
    expect(page.total).toBe(3);
    // destructive production first
    expect(page.events[0]!.destructiveInProduction).toBe(true);
    expect(page.events[0]!.target).toContain('/srv/orders-prod/archive');
    expect(page.events.slice(1).some((e) => e.destructiveInProduction)).toBe(false);
    const opened = await h.call('activity:events', { workspaceId, ids: mine.destructiveInProduction.eventIds });
    expect(opened.map((e) => e.actionClass)).toEqual(['delete']);
    expect(opened.every((e) => e.environmentTier === 'production' && e.approval?.by !== 'human')).toBe(true);
  });

  it('a file imported twice is one source, and the filters narrow the timeline', async () => {
    const { h, workspaceId } = await example();
    await h.call('activity:import-path', { workspaceId, path: TRAIL });
    const again = await h.call('activity:import-path', { workspaceId, path: TRAIL });
    expect(again.sources).toHaveLength(0);
    expect(again.skipped[0]!.reason).toMatch(/already imported/);
    expect((await h.call('activity:sources', { workspaceId })).length).toBe(1);
    const all = await h.call('activity:timeline', { workspaceId });
    expect(all.total).toBe(3);
    const denied = await h.call('activity:timeline', { workspaceId, outcome: 'denied' });
    expect(denied.events.map((e) => e.action)).toEqual([expect.stringContaining('DeleteDBInstance')]);
    const deletes = await h.call('activity:timeline', { workspaceId, actionClass: 'delete' });
    expect(deletes.total).toBe(2);
    const later = await h.call('activity:timeline', { workspaceId, from: '2026-05-21T00:00:00Z' });
    expect(later.total).toBe(1);
  });

  it('imports a folder of every format, keeps unknown actors, and reports findings with their events', async () => {
    const { h, workspaceId } = await example();
    const r = await h.call('activity:import-path', { workspaceId, path: FIXTURES });
    expect(r.sources.length).toBeGreaterThanOrEqual(11);
    expect(r.events).toBeGreaterThan(20);
    const summary = await h.call('activity:summary', { workspaceId });
    expect(summary.some((s) => s.agentId === null && s.events > 0)).toBe(true);
    const findings = await h.call('activity:findings', { workspaceId });
    expect(findings.some((f) => f.rule === 'no-log-source')).toBe(true);
    const withEvents = findings.find((f) => f.eventIds.length > 0)!;
    const events = await h.call('activity:events', { workspaceId, ids: withEvents.eventIds });
    expect(events.length).toBe(withEvents.eventIds.length);
  });

  it('imports files sent by the browser under their own names', async () => {
    const { h, workspaceId } = await example();
    const r = await h.call('activity:import-files', {
      workspaceId,
      files: [{ fileName: 'claude-code-dbmaint.jsonl', contentBase64: readFileSync(CLAUDE).toString('base64') }],
    });
    expect(r.sources[0]!.path).toBe('claude-code-dbmaint.jsonl');
    const page = await h.call('activity:timeline', { workspaceId });
    expect(page.events[0]!.sourceFile).toBe('claude-code-dbmaint.jsonl');
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const { h, workspaceId } = await example();
    const e = await h.fail('activity:timeline', { workspaceId, limit: 5000 });
    expect(e.code).toBe('VALIDATION');
    expect(JSON.stringify(e.issues)).toContain('limit');
    const missing = await h.fail('activity:import-path', { workspaceId, path: join(EXAMPLE, 'nope.json') });
    expect(missing.code).toBe('NOT_FOUND');
    expect(await h.call('activity:sources', { workspaceId })).toEqual([]);
    const notLog = await h.call('activity:import-path', { workspaceId, path: join(__dirname, 'channels.test.ts') });
    expect(notLog.sources).toEqual([]);
    expect(notLog.skipped).toHaveLength(1);
  });
});

describe('a CloudTrail file and a Claude Code log together', () => {
  it('the DB Maintenance Agent deleted in production twice without approval; the platform denied a third', async () => {
    const { h, workspaceId, dbmaint } = await example();
    await h.call('activity:import-path', { workspaceId, path: EXAMPLE });
    const mine = (await h.call('activity:summary', { workspaceId })).find((s) => s.agentId === dbmaint.id)!;
    expect(mine.destructiveInProduction).toMatchObject({ total: 3, approved: 0, denied: 1 });
    const opened = await h.call('activity:events', { workspaceId, ids: mine.destructiveInProduction.eventIds });
    expect(opened.filter((e) => e.outcome === 'success').map((e) => e.sourceFile.split('/').pop())).toEqual([
      '444455556666_CloudTrail_eu-west-1_20260521T0200Z_dbmaint.json',
      'claude-code-dbmaint.jsonl',
    ]);
  });
});

describe('findings from behaviour in the score', () => {
  it('an unapproved destructive production action re-opens APR-2 for its agent, with the activity as the source', async () => {
    const { h, workspaceId, dbmaint } = await example();
    const production = (await h.call('inventory:overview', { workspaceId })).environments.find((e) => e.tier === 'production')!;
    const grant = (await h.call('agent:get', { workspaceId, id: dbmaint.id })).grants.find((g) => g.environmentId === production.id)!;
    const { id, createdAt: _c, updatedAt: _u, ...input } = grant;
    await h.call('grant:update', { workspaceId, id, grant: { ...input, approvalGate: 'single' } });
    const before = await h.call('score:agent', { workspaceId, agentId: dbmaint.id });
    const apr2 = (s: typeof before) => s.score.controls.find((c) => c.controlId === 'APR-2')!;
    expect(apr2(before).findings.filter((f) => f.source === 'activity')).toEqual([]);

    await h.call('activity:import-path', { workspaceId, path: EXAMPLE });
    const after = await h.call('score:agent', { workspaceId, agentId: dbmaint.id });
    const found = apr2(after).findings.filter((f) => f.source === 'activity');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/From the activity logs: DB Maintenance Agent: 2 destructive production action/);
    expect(apr2(after).effective).toBe('no');
    expect(after.score.score).toBeLessThanOrEqual(before.score.score);
  });
});
