import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, type Dirent } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, withWorkspace } from '../helpers';

const BIN = resolve(__dirname, '../../../electron/serve/agent-readiness.mjs');
const FIXTURES = resolve(__dirname, '../../fixtures/discovery');
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 180_000, env: { ...process.env, AR_QUIET: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

let dataDir: string;
let emptyFile: string;
let tmp: string;
beforeAll(async () => {
  const { h, ws } = await withWorkspace(false);
  dataDir = h.dataDir;
  emptyFile = ws.file;
  h.close();
  tmp = mkdtempSync(join(tmpdir(), 'ar-disc-cli-'));
}, 240_000);
afterAll(() => {
  removeDir(dataDir);
  rmSync(tmp, { recursive: true, force: true });
});

describe('agent-readiness discover / drift / policy', () => {
  it('drift --fail-on undeclared-destructive exits 1 on a planted undeclared destructive grant; discover writes nothing without --apply', () => {
    const d = run('discover', '--workspace', emptyFile, '--path', join(FIXTURES, 'claude-desktop/claude_desktop_config.json'));
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toMatch(/^read\s+.*claude_desktop_config\.json.* as claude-desktop/m);
    expect(d.stdout).toMatch(/Production: .*db\.prod\.internal/);
    expect(d.stdout).toContain('Nothing was written');
    const drift = run('drift', '--workspace', emptyFile, '--fail-on', 'undeclared-destructive');
    expect(drift.code).toBe(1);
    expect(drift.stdout).toMatch(/FAIL undeclared-destructive/);
    expect(drift.stderr).toMatch(/Drift gate failed/);
    // Another kind that is absent passes.
    expect(run('drift', '--workspace', emptyFile, '--fail-on', 'weaker-gate').code).toBe(0);
    expect(run('drift', '--workspace', emptyFile, '--fail-on', 'nonsense').code).toBe(2);

    const applied = run(
      'discover',
      '--workspace',
      emptyFile,
      '--path',
      join(FIXTURES, 'claude-desktop/claude_desktop_config.json'),
      '--apply',
      '--json',
    );
    expect(applied.code, applied.stderr).toBe(0);
    expect(JSON.parse(applied.stdout).accepted.created.agents).toBe(1);
    const after = run('drift', '--workspace', emptyFile, '--fail-on', 'undeclared-destructive', '--json');
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout).failing).toEqual([]);
    const rerun = run(
      'discover',
      '--workspace',
      emptyFile,
      '--path',
      join(FIXTURES, 'claude-desktop/claude_desktop_config.json'),
      '--json',
    );
    expect(JSON.parse(rerun.stdout).pending).toBe(0);
  });

  it('CLI output of discover and drift over every fixture holds 0 planted secrets', async () => {
    const { h, ws } = await withWorkspace(false);
    h.close();
    try {
      const planted = Object.values(
        JSON.parse(readFileSync(join(FIXTURES, 'planted-secrets.json'), 'utf8')) as Record<string, string[]>,
      ).flat();
      const files = (readdirSync(FIXTURES, { recursive: true, withFileTypes: true }) as Dirent[])
        .filter((d) => d.isFile() && d.name !== 'planted-secrets.json')
        .flatMap((d) => ['--path', join(d.parentPath, d.name)]);
      const outputs = [
        run('discover', '--workspace', ws.file, ...files),
        run('discover', '--workspace', ws.file, ...files, '--json', '--apply'),
        run('drift', '--workspace', ws.file, '--json'),
        run('drift', '--workspace', ws.file),
      ];
      for (const o of outputs) expect(o.code, o.stderr).toBeLessThanOrEqual(1);
      expect(outputs[0]!.stdout).toMatch(/18 file\(s\) read|\d+ file\(s\) read/);
      const all = outputs.map((o) => o.stdout + o.stderr).join('\n');
      expect(planted.filter((s) => all.includes(s))).toEqual([]);
    } finally {
      removeDir(h.dataDir);
    }
  });

  it('discover refuses a FIFO and /dev/zero by what they are, prints every path skipped', () => {
    const fifo = join(tmp, 'claude_desktop_config.json');
    spawnSync('mkfifo', [fifo]);
    const r = run('discover', '--workspace', emptyFile, '--path', fifo, '--path', '/dev/zero');
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/skipped\s+.*claude_desktop_config\.json: .*named pipe/);
    expect(r.stdout).toMatch(/skipped\s+\/dev\/zero: .*character device/);
  });

  it('import reads through the bounded reader: a FIFO and /dev/zero are refused at once, not read forever', () => {
    const fifo = join(tmp, 'inventory.csv');
    spawnSync('mkfifo', [fifo]);
    const f = run('import', '--workspace', emptyFile, '--file', fifo, '--dry-run');
    expect(f.code).toBe(4);
    expect(f.stderr).toMatch(/named pipe \(FIFO\), not a regular file/);
    const z = run('import', '--workspace', emptyFile, '--file', '/dev/zero', '--dry-run');
    expect(z.code).toBe(4);
    expect(z.stderr).toMatch(/character device, not a regular file/);
  });

  it('--home reads the standard locations of this OS and prints each one read or skipped', () => {
    const home = join(tmp, 'home');
    mkdirSync(join(home, '.cursor'), { recursive: true });
    writeFileSync(join(home, '.cursor', 'mcp.json'), readFileSync(join(FIXTURES, 'cursor/shop/.cursor/mcp.json')));
    const r = spawnSync(process.execPath, [BIN, 'discover', '--workspace', emptyFile, '--home'], {
      encoding: 'utf8',
      env: { ...process.env, HOME: home, AR_QUIET: '1' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^read\s+.*\.cursor\/mcp\.json as cursor/m);
    expect(r.stdout).toMatch(/^skipped\s+.*\.claude\.json: not present/m);
  });

  it('score --policy / drift --policy: violations with reasons, positioned validation errors, and an empty workspace fails', async () => {
    const { h, ws } = await withWorkspace(false);
    const empty = ws.file;
    h.close();
    try {
      const gate = run('score', '--workspace', empty, '--min', '99');
      expect(gate.code).toBe(1);
      expect(gate.stderr).toMatch(/nothing to judge/);
      const policy = join(tmp, 'policy.yaml');
      writeFileSync(policy, 'version: 1\nrules:\n  - id: owners\n    require: { agentFields: [accountableOwner] }\n');
      const emptyPolicy = run('score', '--workspace', empty, '--policy', policy, '--json');
      expect(emptyPolicy.code).toBe(1);
      expect(JSON.parse(emptyPolicy.stdout).policy.empty).toBe(true);

      const bad = join(tmp, 'bad.yaml');
      writeFileSync(
        bad,
        'version: 1\nrules:\n  - id: owners\n    require: { agentFields: [accountableOwner] }\n  - id: Bad Id\n    forbid: everything\n',
      );
      const b = run('drift', '--workspace', emptyFile, '--policy', bad);
      expect(b.code).toBe(4);
      expect(b.stderr).toMatch(/bad\.yaml:5:\d+: rules\.1\.id:/);
      expect(b.stderr).toMatch(/bad\.yaml:6:\d+: rules\.1\.forbid:/);

      // The applied Claude Desktop agent has no owner: a violation with its rule and reason.
      const v = run('drift', '--workspace', emptyFile, '--policy', policy, '--json');
      expect(v.code).toBe(1);
      const violations = JSON.parse(v.stdout).policy.violations;
      expect(violations).toContainEqual(
        expect.objectContaining({ ruleId: 'owners', subject: 'Claude Desktop', reason: 'The agent has no accountable owner.' }),
      );
    } finally {
      removeDir(h.dataDir);
    }
  });
});
