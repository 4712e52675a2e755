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

  it('approve: an approval recorded from the CLI clears its delete from the finding; a withdrawal brings it back; bad input records nothing', () => {
    const check = () => run('activity', 'check', '--workspace', wsFile, '--fail-on', 'unapproved-destructive', '--json');
    const unapproved = (): number =>
      JSON.parse(check().stdout).findings.find((f: { rule: string }) => f.rule === 'unapproved-destructive')?.eventIds.length ?? 0;
    expect(unapproved()).toBe(2); // the first case imported two unapproved production deletes
    const approve = (...args: string[]) => run('activity', 'approve', '--workspace', wsFile, ...args);
    expect(approve('--by', 'Priya Raman', '--at', '2026-05-20T02:00:00Z').code).toBe(2); // no --target
    const unknown = approve('--target', 'x', '--by', 'Priya Raman', '--at', '2026-05-20T02:00:00Z', '--agent', 'Nobody');
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toMatch(/no agent named "Nobody"/);
    expect(approve('--target', 'x', '--by', 'Priya Raman', '--at', 'yesterday').code).toBe(2);
    expect(approve('--target', 'x', '--by', 'Priya Raman', '--at', '2026-05-20T02:00:00Z', '--minutes', '99999').code).toBe(2);
    expect(run('activity', 'approvals', '--workspace', wsFile).stdout).toMatch(/No approvals recorded/);

    // The snapshot delete of 2026-05-20 02:01:10, approved five minutes before it for 30 minutes.
    const ok = approve(
      ...['--target', 'dBSnapshotIdentifier=orders-prod-2026-04-01', '--by', 'Priya Raman', '--at', '2026-05-20T01:56:10Z'],
      ...['--agent', 'db maintenance agent', '--minutes', '30', '--note', 'CHG-1042', '--actor', 'Sam Lead'],
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Priya Raman approved dBSnapshotIdentifier=orders-prod-2026-04-01 .* for 30 min/);
    expect(unapproved()).toBe(1);
    const [record] = JSON.parse(run('activity', 'approvals', '--workspace', wsFile, '--json').stdout) as {
      id: string;
      recordedBy: string;
    }[];
    expect(record!.recordedBy).toBe('Sam Lead');

    expect(approve('--withdraw', 'no-such-approval').code).toBe(4);
    const withdrawn = approve('--withdraw', record!.id, '--note', 'wrong change ticket');
    expect(withdrawn.code, withdrawn.stderr).toBe(0);
    expect(unapproved()).toBe(2);
    const list = run('activity', 'approvals', '--workspace', wsFile);
    expect(list.stdout).toMatch(/Priya Raman approved/); // the record stays
    expect(list.stdout).toMatch(new RegExp(`withdraws ${record!.id}`));
    expect(run('activity', 'approve', '--help').stdout).toMatch(/^Usage: agent-readiness activity approve/);
    // Fifteen CLI processes in a row: 11 s on a quiet machine, over 60 s on a loaded one.
  }, 180_000);
});
