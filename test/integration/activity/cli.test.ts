import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, withWorkspace } from '../helpers';

const BIN = resolve(__dirname, '../../../electron/serve/agent-readiness.mjs');
const EXAMPLE = join(__dirname, '../../fixtures/activity-example');
let dataDir: string;
let wsFile: string;

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

beforeAll(async () => {
  const { h, ws, workspaceId } = await withWorkspace(true);
  // The DB Maintenance Agent's production grant requires one approval: its unapproved deletes become a finding.
  const overview = await h.call('inventory:overview', { workspaceId });
  const agent = overview.agents.find((a) => a.name === 'DB Maintenance Agent')!;
  const production = overview.environments.find((e) => e.tier === 'production')!;
  const { grants } = await h.call('agent:get', { workspaceId, id: agent.id });
  const grant = grants.find((g) => g.environmentId === production.id)!;
  const { id, createdAt: _c, updatedAt: _u, ...input } = grant;
  await h.call('grant:update', { workspaceId, id, grant: { ...input, approvalGate: 'single' } });
  dataDir = h.dataDir;
  wsFile = ws.file;
  h.close();
}, 180_000);
afterAll(() => removeDir(dataDir));

describe('agent-readiness activity', () => {
  it('import: prints what it read; exit 4 when nothing is an activity log, 2 on a usage error', () => {
    const ok = run('activity', 'import', '--workspace', wsFile, '--path', EXAMPLE);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/claude-code-telemetry\s+3 events/);
    expect(ok.stdout).toMatch(/cloudtrail\s+3 events/);
    const again = run('activity', 'import', '--workspace', wsFile, '--path', EXAMPLE);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/already imported/);
    expect(run('activity', 'import', '--workspace', wsFile, '--path', __filename).code).toBe(4);
    expect(run('activity', 'import', '--workspace', wsFile, '--path', join(EXAMPLE, 'missing.json')).code).toBe(4);
    expect(run('activity', 'import', '--workspace', wsFile).code).toBe(2);
    expect(run('activity', 'import', '--help').stdout).toMatch(/^Usage: agent-readiness activity import/);
  });

  it('check: exit 1 on --fail-on unapproved-destructive, 0 when the period has none, 2 on an unknown rule', () => {
    const fail = run('activity', 'check', '--workspace', wsFile, '--fail-on', 'unapproved-destructive');
    expect(fail.code, fail.stderr).toBe(1);
    expect(fail.stdout).toMatch(/FAIL\s+unapproved-destructive\s+DB Maintenance Agent: 2 destructive production action/);
    expect(fail.stderr).toMatch(/Activity check failed/);
    // The fixture's events are from May 2026; a 1-hour window from today holds none of them.
    const recent = run('activity', 'check', '--workspace', wsFile, '--since', '1h', '--fail-on', 'unapproved-destructive', '--json');
    expect(recent.code, recent.stderr).toBe(0);
    expect(JSON.parse(recent.stdout).failing).toBe(0);
    expect(run('activity', 'check', '--workspace', wsFile, '--fail-on', 'everything').code).toBe(2);
    expect(run('activity', 'check', '--workspace', wsFile, '--since', 'soon').code).toBe(2);
    expect(run('activity', 'check', '--workspace', join(dataDir, 'missing.sqlite')).code).toBe(3);
  });
});
