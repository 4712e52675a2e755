import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupFolder, getBackup } from '../../../electron/store/backup/backups';
import { managerTarget, restoreBackup } from '../../../electron/store/backup/restore';
import { verifyBackup } from '../../../electron/store/backup/verify';
import { WorkspaceManager } from '../../../electron/store/workspaces';
import { CallError, makeHarness, removeDir, withWorkspace, type Harness } from '../helpers';

const opened: Harness[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const h of opened.splice(0)) {
    h.close();
    removeDir(h.dataDir);
  }
  for (const d of dirs.splice(0)) removeDir(d);
});

let tick = Date.parse('2026-06-01T10:00:00Z');
const now = () => new Date((tick += 1000));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A workspace with two evidence files on one agent's control. */
async function withEvidence() {
  const w = await withWorkspace(true, { now });
  opened.push(w.h);
  const { h, workspaceId } = w;
  const agent = (await h.call('inventory:overview', { workspaceId })).agents[0]!;
  const cl = (await h.call('checklist:get', { workspaceId })).checklist;
  const add = (fileName: string, text: string) =>
    h.call('evidence:add', {
      workspaceId,
      agentId: agent.id,
      controlId: 'LOG-1',
      checklistId: cl.id,
      checklistVersion: cl.version,
      evidence: {
        kind: 'file',
        fileName,
        fileBase64: Buffer.from(text).toString('base64'),
        evidenceDate: '2026-05-30',
        recordedBy: 'Priya',
      },
    });
  const a = await add('audit-log.txt', 'line 1\nline 2\n');
  const b = await add('runbook.pdf', '%PDF-1.4 pretend runbook');
  const ws = h.ctx.workspace(workspaceId);
  const storedSha = () =>
    Object.fromEntries(
      (ws.db.prepare('SELECT id, file_sha256 FROM evidence ORDER BY id').all() as { id: string; file_sha256: string }[]).map((r) => [
        r.id,
        r.file_sha256,
      ]),
    );
  return { h, workspaceId, ws, agent, cl, a, b, add, storedSha };
}

const evidenceOnDisk = (dir: string): Record<string, string> => {
  const folder = join(dir, 'evidence');
  if (!existsSync(folder)) return {};
  return Object.fromEntries(readdirSync(folder).map((f) => [f, sha(readFileSync(join(folder, f)))]));
};

describe('backups hold the database and every evidence file', () => {
  it('restores on a fresh data folder with every evidence sha256 equal', async () => {
    const { h, workspaceId, ws, storedSha } = await withEvidence();
    const made = await h.call('backup:create', { workspaceId });
    expect(made.evidenceFiles).toBe(2);
    expect(made.totalBytes).toBeGreaterThan(made.size);
    const before = evidenceOnDisk(ws.dir);
    const recorded = storedSha();

    // A new machine: the backups folder copied to a new, empty data folder.
    const fresh = mkdtempSync(join(tmpdir(), 'ar-fresh-'));
    dirs.push(fresh);
    cpSync(backupFolder(h.dataDir, workspaceId), backupFolder(fresh, workspaceId), { recursive: true });
    const manager = new WorkspaceManager(fresh);
    try {
      const b = getBackup(backupFolder(fresh, workspaceId), made.id);
      const r = await restoreBackup(managerTarget(manager, workspaceId), b, new Date());
      expect(r.filesRestored).toBe(2);
      expect(r.preRestoreBackup).toBeNull();
      const restored = manager.get(workspaceId);
      const after = evidenceOnDisk(restored.dir);
      console.log(
        `restore on a fresh data folder: evidence files=${Object.keys(after).length}, sha256 equal=${JSON.stringify(after) === JSON.stringify(before)}`,
      );
      expect(after).toEqual(before);
      // Each file's bytes still match the sha256 the database recorded when the evidence was added.
      const rows = restored.db.prepare("SELECT stored_name, file_sha256 FROM evidence WHERE kind = 'file'").all() as {
        stored_name: string;
        file_sha256: string;
      }[];
      expect(rows).toHaveLength(2);
      for (const r of rows) expect(after[r.stored_name]).toBe(r.file_sha256);
      expect(Object.values(recorded).sort()).toEqual(rows.map((r) => r.file_sha256).sort());
    } finally {
      manager.closeAll();
    }
  });

  it('restores by path into a workspace file on a new machine (the CLI door), and lists its backups', async () => {
    const { h, workspaceId, ws } = await withEvidence();
    const made = await h.call('backup:create', { workspaceId });
    const before = evidenceOnDisk(ws.dir);
    const elsewhere = mkdtempSync(join(tmpdir(), 'ar-machine-'));
    dirs.push(elsewhere);
    cpSync(backupFolder(h.dataDir, workspaceId), join(elsewhere, 'carried'), { recursive: true });
    const cli = makeHarness({ dataDir: join(elsewhere, 'data') });
    opened.push(cli);
    const target = join(elsewhere, 'data', 'workspaces', `${workspaceId}.sqlite`);
    const r = await cli.call('backup:restoreByPath', { workspaceFile: target, from: join(elsewhere, 'carried', made.id) });
    expect(r).toMatchObject({ file: target, filesRestored: 2, preRestoreBackup: null });
    expect(evidenceOnDisk(join(elsewhere, 'data', 'workspaces', `${workspaceId}.files`))).toEqual(before);
    // Restoring again over it: the current state is backed up first, then listed.
    const again = await cli.call('backup:restoreByPath', { workspaceFile: target, from: join(elsewhere, 'carried', made.id) });
    expect(again.preRestoreBackup?.evidenceFiles).toBe(2);
    const listed = await cli.call('backup:listByPath', { workspaceFile: target });
    expect(listed.backups.map((b) => b.reason)).toEqual(['pre-restore']);
    // The renderer's doors never get path channels.
    const { dispatch } = await import('../../../electron/services/dispatch');
    const refused = await dispatch({ ...cli.ctx, mode: 'browser' }, 'backup:listByPath', { workspaceFile: target });
    expect(refused.ok ? null : refused.error.code).toBe('REFUSED');
  });

  it('refuses a backup whose evidence file was changed, naming the file, and changes nothing', async () => {
    const { h, workspaceId, ws, add } = await withEvidence();
    const made = await h.call('backup:create', { workspaceId });
    await add('later.txt', 'added after the backup');
    const before = evidenceOnDisk(ws.dir);
    const folder = join(backupFolder(h.dataDir, workspaceId), made.id.replace(/\.sqlite$/, '.files'), 'evidence');
    const victim = readdirSync(folder).find((f) => f.includes('audit-log'))!;
    const bytes = readFileSync(join(folder, victim));
    bytes[0] = bytes[0]! ^ 1;
    writeFileSync(join(folder, victim), bytes);

    const err = await h.fail('backup:restore', { workspaceId, backupId: made.id });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain(`evidence/${victim} has changed`);
    expect(err.message).toContain('Nothing was changed');
    expect(evidenceOnDisk(ws.dir)).toEqual(before);
    expect((await h.call('inventory:overview', { workspaceId })).agents.length).toBeGreaterThan(0);
    expect((await h.call('backup:list', { workspaceId })).some((b) => b.reason === 'pre-restore')).toBe(false);
  });

  it('a later backup shares the unchanged evidence copies of the previous one (hard links), and each still verifies', async () => {
    const { h, workspaceId, add } = await withEvidence();
    const first = await h.call('backup:create', { workspaceId });
    await add('third.txt', 'a new file');
    const second = await h.call('backup:create', { workspaceId });
    const root = backupFolder(h.dataDir, workspaceId);
    const dirOf = (id: string) => join(root, id.replace(/\.sqlite$/, '.files'), 'evidence');
    const shared = readdirSync(dirOf(first.id)).filter(
      (f) => statSync(join(dirOf(first.id), f)).ino === statSync(join(dirOf(second.id), f)).ino,
    );
    console.log(`evidence copies shared between consecutive backups: ${shared.length}/${readdirSync(dirOf(first.id)).length}`);
    expect(shared).toHaveLength(2);
    expect(second.evidenceFiles).toBe(3);
    for (const b of [first, second]) expect(verifyBackup(getBackup(root, b.id)).ok).toBe(true);
  });

  it('refuses a backup with a file added to it or removed from it, or with its manifest removed', async () => {
    const { h, workspaceId } = await withEvidence();
    const made = await h.call('backup:create', { workspaceId });
    const root = backupFolder(h.dataDir, workspaceId);
    const files = join(root, made.id.replace(/\.sqlite$/, '.files'));
    writeFileSync(join(files, 'evidence', 'planted.txt'), 'not from the app');
    expect((await h.fail('backup:restore', { workspaceId, backupId: made.id })).message).toContain(
      'evidence/planted.txt is in the backup folder but not in its manifest',
    );

    const second = await h.call('backup:create', { workspaceId });
    const secondFiles = join(root, second.id.replace(/\.sqlite$/, '.files'), 'evidence');
    const gone = readdirSync(secondFiles)[0]!;
    removeDir(join(secondFiles, gone));
    expect((await h.fail('backup:restore', { workspaceId, backupId: second.id })).message).toContain(`evidence/${gone} is missing`);

    const third = await h.call('backup:create', { workspaceId });
    removeDir(join(root, third.id.replace(/\.sqlite$/, '.manifest.json')));
    expect((await h.fail('backup:restore', { workspaceId, backupId: third.id })).message).toContain('.manifest.json is missing');
  });

  it('restores in place: evidence added after the backup is kept in retained/, not deleted', async () => {
    const { h, workspaceId, ws, add } = await withEvidence();
    const made = await h.call('backup:create', { workspaceId });
    const later = await add('later.txt', 'added after the backup');
    const r = await h.call('backup:restore', { workspaceId, backupId: made.id });
    expect(r.preRestoreBackup?.evidenceFiles).toBe(3);
    const dir = h.ctx.workspace(workspaceId).dir;
    expect(Object.keys(evidenceOnDisk(dir))).toHaveLength(2);
    expect(readdirSync(join(dir, 'retained')).some((f) => f.startsWith(later.id))).toBe(true);
    const kept = await h.call('backup:retained', { workspaceId });
    expect(kept.files).toBe(1);
    expect(kept.items[0]!.reasons[0]).toMatch(/listed by \d backup/);
    expect(ws.dir).toBe(dir);
  });

  it('still restores a backup made before backups held files (database only)', async () => {
    const { h, workspaceId, ws } = await withEvidence();
    const made = await h.call('backup:create', { workspaceId });
    const root = backupFolder(h.dataDir, workspaceId);
    removeDir(join(root, made.id.replace(/\.sqlite$/, '.files')));
    removeDir(join(root, made.id.replace(/\.sqlite$/, '.manifest.json')));
    const r = await h.call('backup:restore', { workspaceId, backupId: made.id });
    expect(r.filesRestored).toBe(0);
    expect(Object.keys(evidenceOnDisk(ws.dir))).toHaveLength(2);
  });
});

describe('removed evidence is neither lost nor kept forever', () => {
  it('keeps a removed file while a backup lists it, reports its space, and then for the change history alone', async () => {
    const { h, workspaceId, ws, b } = await withEvidence();
    const made = await h.call('backup:create', { workspaceId });
    await h.call('evidence:remove', { workspaceId, id: b.id });
    const kept = await h.call('backup:retained', { workspaceId });
    expect(kept).toMatchObject({ files: 1, bytes: 'pretend runbook'.length + 9, pruned: 0 });
    expect(kept.items[0]!.name.startsWith(b.id)).toBe(true);
    expect(kept.items[0]!.reasons[0]).toBe('listed by 1 backup');
    expect(kept.items[0]!.reasons[1]).toMatch(/^cited by the change history: entry #\d+$/);
    expect(kept.items[0]!.releasable).toBe(false);

    // The only backup that lists it goes away (as rotation would do): the history still cites it, so it stays, now releasable.
    removeDir(join(backupFolder(h.dataDir, workspaceId), made.id.replace(/\.sqlite$/, '.manifest.json')));
    const after = await h.call('backup:retained', { workspaceId });
    expect(after).toMatchObject({ files: 1, pruned: 0 });
    expect(after.items[0]!.reasons).toEqual([kept.items[0]!.reasons[1]]);
    expect(after.items[0]!.releasable).toBe(true);
    expect(existsSync(join(ws.dir, 'retained', kept.items[0]!.name))).toBe(true);
  });

  it('keeps a removed file cited by a finalised assessment, and carries it in later backups', async () => {
    const { h, workspaceId, ws, a, cl } = await withEvidence();
    await h.call('answer:set', {
      workspaceId,
      agentId: (await h.call('inventory:overview', { workspaceId })).agents[0]!.id,
      checklistId: cl.id,
      checklistVersion: cl.version,
      answeredBy: 'Priya',
      answers: [{ controlId: 'LOG-1', value: 'yes' }],
    });
    await h.call('assessment:finalise', { workspaceId, title: 'Q2', finalisedBy: 'Ops', checklistId: cl.id, checklistVersion: cl.version });
    await h.call('evidence:remove', { workspaceId, id: a.id });
    const kept = await h.call('backup:retained', { workspaceId });
    expect(kept.files).toBe(1);
    expect(kept.items[0]!.reasons[0]).toBe('cited by the finalised assessment "Q2"');
    expect(kept.items[0]!.releasable).toBe(false);
    const made = await h.call('backup:create', { workspaceId });
    expect(made.evidenceFiles).toBe(2); // the live file and the retained one the assessment cites
    expect(readdirSync(join(ws.dir, 'retained'))).toHaveLength(1);
  });

  it('refuses a bad request without touching anything', async () => {
    const h = makeHarness();
    opened.push(h);
    const err = await h.fail('backup:retained', { workspaceId: '../etc' });
    expect(err.code).toBe('VALIDATION');
    await expect(h.call('backup:retained', { workspaceId: 'nope' })).rejects.toBeInstanceOf(CallError);
  });
});
