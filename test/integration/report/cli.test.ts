import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, withWorkspace } from '../helpers';

const BIN = resolve(__dirname, '../../../electron/serve/agent-readiness.mjs');
let dataDir: string;
let wsFile: string;
let out: string;

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

beforeAll(async () => {
  const { h, ws } = await withWorkspace(true);
  dataDir = h.dataDir;
  wsFile = ws.file;
  h.close();
  out = mkdtempSync(join(tmpdir(), 'ar-cli-'));
}, 180_000);
afterAll(() => {
  removeDir(dataDir);
  rmSync(out, { recursive: true, force: true });
});

describe('agent-readiness CLI', () => {
  it('--help works on every command; usage errors exit 2 on stderr', () => {
    for (const c of ['', 'report', 'export', 'import', 'score', 'backup']) {
      const r = run(...(c ? [c] : []), '--help');
      expect(r.code, c).toBe(0);
      expect(r.stdout, c).toMatch(/^Usage: agent-readiness/);
    }
    const bad = run('report', '--workspace', wsFile, '--format', 'exe', '--out', out);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format must be/);
    expect(bad.stdout).toBe('');
    expect(run('score', '--workspace', join(out, 'missing.sqlite')).code).toBe(3);
  });

  it('score prints a table and gates: exit 1 when a production agent is below --min or Not ready', () => {
    const r = run('score', '--workspace', wsFile, '--min', '50');
    expect(r.stdout).toMatch(/Agent\s+Lifecycle\s+Score\s+Verdict/);
    expect(r.stdout).toContain('Billing Reconciler');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Readiness gate failed/);
    const j = run('score', '--workspace', wsFile, '--json');
    expect(JSON.parse(j.stdout).agents.length).toBeGreaterThan(5);
  });

  it('report writes md, json, docx and pdf files into --out', () => {
    for (const f of ['md', 'json', 'docx', 'pdf']) {
      const r = run('report', '--workspace', wsFile, '--format', f, '--out', out);
      expect(r.code, `${f}: ${r.stderr}`).toBe(0);
      const path = r.stdout.trim();
      expect(path.startsWith(out)).toBe(true);
      expect(existsSync(path)).toBe(true);
      if (f === 'pdf') expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
    }
  }, 180_000);

  it('export json/csv/xlsx, import with the same validation, backup', () => {
    const j = run('export', '--workspace', wsFile, '--format', 'json', '--out', out);
    expect(j.code, j.stderr).toBe(0);
    expect(JSON.parse(readFileSync(j.stdout.trim(), 'utf8')).format).toBe('agent-readiness-workspace');
    const c = run('export', '--workspace', wsFile, '--format', 'csv', '--out', out);
    // Four inventory datasets and the change history beside them.
    expect(c.stdout.trim().split('\n')).toHaveLength(5);
    expect(c.stdout).toMatch(/history/);
    expect(run('export', '--workspace', wsFile, '--format', 'xlsx', '--out', out).code).toBe(0);

    const csv = join(out, 'new-agents.csv');
    writeFileSync(csv, 'Agent,Owner\r\nCLI Agent,Ops\r\n');
    const dry = run('import', '--workspace', wsFile, '--file', csv, '--map', 'name=Agent', '--map', 'accountableOwner=Owner', '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/agents: 1 to create/);
    expect(run('import', '--workspace', wsFile, '--file', csv, '--map', 'name=Agent').code).toBe(0);
    expect(run('import', '--workspace', wsFile, '--file', csv, '--map', 'name=Agent').stdout).toMatch(
      /0 to create, 0 to update, 1 unchanged/,
    );
    const badFile = join(out, 'bad.json');
    writeFileSync(badFile, '{"__proto__":{"x":1},"agents":[]}');
    const bad = run('import', '--workspace', wsFile, '--file', badFile);
    expect(bad.code).toBe(4);
    expect(bad.stderr).toMatch(/forbidden key/);
    const rows = join(out, 'rows.csv');
    writeFileSync(rows, 'Name,Lifecycle\r\nok,pilot\r\nbad,live\r\n');
    const inv = run('import', '--workspace', wsFile, '--file', rows);
    expect(inv.code).toBe(4);
    expect(inv.stderr).toMatch(/row 3, lifecycle/);

    const dataDir2 = join(out, 'data2');
    const asNew = run('import', '--file', j.stdout.trim(), '--data', dataDir2, '--as-new', 'Copy from CLI');
    expect(asNew.code, asNew.stderr).toBe(0);
    expect(existsSync(asNew.stdout.trim())).toBe(true);
    expect(run('score', '--workspace', asNew.stdout.trim(), '--json').code).toBeLessThanOrEqual(1);
    expect(run('import', '--file', badFile, '--data', dataDir2, '--as-new', 'Bad').code).toBe(4);

    const b = run('backup', '--workspace', wsFile);
    expect(b.code, b.stderr).toBe(0);
    expect(existsSync(b.stdout.trim())).toBe(true);
    expect(run('backup', '--workspace', wsFile, '--list').stdout).toMatch(/manual/);
  }, 180_000);
});
