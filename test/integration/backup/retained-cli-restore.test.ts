import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHarness, removeDir, withWorkspace } from '../helpers';

/** `agent-readiness backup` and `restore` as a user runs them, in a child process, with a file kept for the history. */
const BIN = resolve(__dirname, '../../../electron/serve/agent-readiness.mjs');
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

let dataDir: string;
let wsFile: string;
let wsId: string;
let retainedName: string;
let retainedSha: string;
let out: string;

beforeAll(async () => {
  const { h, ws, workspaceId } = await withWorkspace(true);
  const agent = (await h.call('inventory:overview', { workspaceId })).agents[0]!;
  const cl = (await h.call('checklist:get', { workspaceId })).checklist;
  const added = await h.call('evidence:add', {
    workspaceId,
    agentId: agent.id,
    controlId: 'LOG-1',
    checklistId: cl.id,
    checklistVersion: cl.version,
    evidence: {
      kind: 'file',
      fileName: 'sampled-log.txt',
      fileBase64: Buffer.from('sampled log line, kept for the history').toString('base64'),
      evidenceDate: '2026-01-02',
      recordedBy: 'Priya',
    },
  });
  await h.call('evidence:remove', { workspaceId, id: added.id });
  const retained = join(h.ctx.workspace(workspaceId).dir, 'retained');
  retainedName = readdirSync(retained)[0]!;
  retainedSha = sha(join(retained, retainedName));
  dataDir = h.dataDir;
  wsFile = ws.file;
  wsId = workspaceId;
  h.close();
  out = mkdtempSync(join(tmpdir(), 'ar-cli-retained-'));
}, 180_000);
afterAll(() => {
  for (const d of [dataDir, out]) if (d) removeDir(d);
});

/** Copies only a backup's three parts (database, manifest, files folder) to `dir`, as a user carries them to a new machine. */
function carry(backupFile: string, dir: string): string {
  const id = backupFile.split('/').pop()!;
  for (const part of [id, id.replace(/\.sqlite$/, '.manifest.json'), id.replace(/\.sqlite$/, '.files')])
    cpSync(join(backupFile, '..', part), join(dir, part), { recursive: true });
  return join(dir, id);
}

describe('agent-readiness restore with a removed evidence file kept for the history', () => {
  it('restores it onto a new machine with the same sha256; verify reports the history intact; Backups lists it', async () => {
    const made = run('backup', '--workspace', wsFile);
    expect(made.code, made.stderr).toBe(0);
    expect(run('restore', '--workspace', wsFile, '--list').stdout).toMatch(/manual\s+1 files/);
    const before = run('verify', '--workspace', wsFile);
    expect(before.code, before.stderr).toBe(0);

    const machine = join(out, 'machine');
    const from = carry(made.stdout.trim(), join(machine, 'carried'));
    const target = join(machine, 'data', 'workspaces', `${wsId}.sqlite`);
    const r = run('restore', '--workspace', target, '--from', from);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 evidence file(s), every hash checked');
    const restored = join(machine, 'data', 'workspaces', `${wsId}.files`, 'retained', retainedName);
    console.log(`CLI restore of a retained file on a new machine: sha256 equal=${sha(restored) === retainedSha}`);
    expect(sha(restored)).toBe(retainedSha);

    const after = run('verify', '--workspace', target);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toMatch(/intact/);
    expect(after.stdout).toBe(before.stdout);

    const app = makeHarness({ dataDir: join(machine, 'data') });
    try {
      const kept = await app.call('backup:retained', { workspaceId: wsId });
      expect(kept).toMatchObject({ files: 1, bytes: readFileSync(restored).length, pruned: 0 });
      expect(kept.items[0]).toMatchObject({ name: retainedName, releasable: true });
      expect(kept.items[0]!.reasons[0]).toMatch(/^cited by the change history: entry #\d+$/);
    } finally {
      app.close();
    }
  });

  it('refuses a backup whose retained copy was tampered with: exit 4, the file named, nothing written', () => {
    const made = run('backup', '--workspace', wsFile).stdout.trim();
    const from = carry(made, join(out, 'tampered'));
    const copy = join(from.replace(/\.sqlite$/, '.files'), 'retained', retainedName);
    writeFileSync(copy, Buffer.concat([readFileSync(copy), Buffer.from(' (edited)')]));
    const target = join(out, 'fresh', 'workspaces', `${wsId}.sqlite`);
    const r = run('restore', '--workspace', target, '--from', from);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`retained/${retainedName} has changed`);
    expect(existsSync(target)).toBe(false);
    expect(existsSync(join(out, 'fresh', 'workspaces', `${wsId}.files`))).toBe(false);
  });
});
