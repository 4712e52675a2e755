import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, withWorkspace } from '../helpers';

/** The commands as a user runs them: `agent-readiness restore | pack | verify-pack`, in a child process. */
const BIN = resolve(__dirname, '../../../electron/serve/agent-readiness.mjs');
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
const evidenceShas = (dir: string) =>
  existsSync(dir) ? Object.fromEntries(readdirSync(dir).map((f) => [f, sha(join(dir, f))])) : ({} as Record<string, string>);

let dataDir: string;
let wsFile: string;
let wsId: string;
let out: string;

beforeAll(async () => {
  const { h, ws, workspaceId } = await withWorkspace(true);
  const agent = (await h.call('inventory:overview', { workspaceId })).agents[0]!;
  const cl = (await h.call('checklist:get', { workspaceId })).checklist;
  await h.call('evidence:add', {
    workspaceId,
    agentId: agent.id,
    controlId: 'LOG-1',
    checklistId: cl.id,
    checklistVersion: cl.version,
    evidence: {
      kind: 'file',
      fileName: 'log.txt',
      fileBase64: Buffer.from('sampled log line').toString('base64'),
      evidenceDate: '2026-01-02',
      recordedBy: 'Priya',
    },
  });
  dataDir = h.dataDir;
  wsFile = ws.file;
  wsId = workspaceId;
  h.close();
  out = mkdtempSync(join(tmpdir(), 'ar-cli-pack-'));
}, 180_000);
afterAll(() => {
  removeDir(dataDir);
  rmSync(out, { recursive: true, force: true });
});

describe('agent-readiness restore', () => {
  it('backs up, lists, and restores onto a new machine with every evidence sha256 equal', () => {
    const made = run('backup', '--workspace', wsFile);
    expect(made.code, made.stderr).toBe(0);
    const backupFile = made.stdout.trim();
    const list = run('restore', '--workspace', wsFile, '--list');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/manual\s+1 files/);

    // A new machine: only the backup's three parts are carried over.
    const machine = join(out, 'machine');
    const carried = join(machine, 'carried');
    const id = backupFile.split('/').pop()!;
    for (const part of [id, id.replace(/\.sqlite$/, '.manifest.json'), id.replace(/\.sqlite$/, '.files')])
      cpSync(join(backupFile, '..', part), join(carried, part), { recursive: true });
    const target = join(machine, 'data', 'workspaces', `${wsId}.sqlite`);
    const r = run('restore', '--workspace', target, '--from', join(carried, id));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 evidence file(s), every hash checked');
    const before = evidenceShas(join(dataDir, 'workspaces', `${wsId}.files`, 'evidence'));
    const after = evidenceShas(join(machine, 'data', 'workspaces', `${wsId}.files`, 'evidence'));
    console.log(
      `CLI restore on a fresh data folder: files=${Object.keys(after).length}, sha256 equal=${JSON.stringify(after) === JSON.stringify(before)}`,
    );
    expect(after).toEqual(before);
    expect(Object.keys(after)).toHaveLength(1);
    expect(run('score', '--workspace', target, '--json').stdout).toContain('"agents"');
  });

  it('refuses a tampered backup with exit 4, naming the file, and writes nothing', () => {
    const made = run('backup', '--workspace', wsFile).stdout.trim();
    const files = made.replace(/\.sqlite$/, '.files');
    const victim = readdirSync(join(files, 'evidence'))[0]!;
    appendFileSync(join(files, 'evidence', victim), 'tampered');
    const target = join(out, 'fresh', 'workspaces', 'x.sqlite');
    const r = run('restore', '--workspace', target, '--from', made);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`evidence/${victim} has changed`);
    expect(existsSync(target)).toBe(false);
    expect(run('restore', '--workspace', target).code).toBe(2);
  });
});

describe('agent-readiness pack and verify-pack', () => {
  it('builds a pack that verifies (exit 0), and names tampering (exit 1)', () => {
    const dir = join(out, 'pack');
    const p = run('pack', '--workspace', wsFile, '--out', dir);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toMatch(/signed with Ed25519 key sha256:[0-9a-f]{64}/);
    const fingerprint = /key (sha256:[0-9a-f]{64})/.exec(p.stdout)![1]!;
    const ok = run('verify-pack', dir, '--expect-key', fingerprint);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^Pack intact: \d+ files/);

    const bad = join(out, 'pack-tampered');
    cpSync(dir, bad, { recursive: true });
    appendFileSync(join(bad, 'datasets', 'grants.csv'), 'x');
    writeFileSync(join(bad, 'extra.txt'), 'planted');
    rmSync(join(bad, 'oscal', 'poam.json'));
    const r = run('verify-pack', bad);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('CHANGED   datasets/grants.csv');
    expect(r.stdout).toContain('ADDED     extra.txt');
    expect(r.stdout).toContain('REMOVED   oscal/poam.json');
    expect(r.stderr).toContain('3 problems found');

    expect(run('pack', '--workspace', wsFile, '--out', dir).code).toBe(2); // not empty: nothing overwritten
    expect(run('verify-pack', join(out, 'nowhere')).code).toBe(4);
    expect(run('verify-pack').code).toBe(2);
  });
});
