import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupFolder, getBackup } from '../../../electron/store/backup/backups';
import { filesDirOf, manifestPathOf, readBackupManifest, writeManifestFile } from '../../../electron/store/backup/files';
import { verifyBackup } from '../../../electron/store/backup/verify';
import { makeHarness, removeDir, withWorkspace, type Harness } from '../helpers';

// Issue 11, section 8: "A backup holds the database and every evidence file". A removed evidence file
// kept for the change history lives in retained/; every backup carries it, and a restore on a new
// data folder brings it back, verified, with the history that names it still intact.
const opened: Harness[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const h of opened.splice(0)) {
    h.close();
    removeDir(h.dataDir);
  }
  for (const d of dirs.splice(0)) removeDir(d);
});

let tick = Date.parse('2026-07-01T10:00:00Z');
const now = () => new Date((tick += 1000));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const TEXT = 'access review, 2026-06: 14 grants checked\n';

/** A workspace whose one evidence file was removed and is kept (retained/) for the history alone. */
async function withRetainedFile(opts: { backupWhileLive?: boolean } = {}) {
  const w = await withWorkspace(true, { now });
  opened.push(w.h);
  const { h, workspaceId } = w;
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
      fileName: 'access-review.txt',
      fileBase64: Buffer.from(TEXT).toString('base64'),
      evidenceDate: '2026-06-30',
      recordedBy: 'Priya',
    },
  });
  const liveBackup = opts.backupWhileLive ? await h.call('backup:create', { workspaceId }) : null;
  await h.call('evidence:remove', { workspaceId, id: added.id });
  const ws = h.ctx.workspace(workspaceId);
  const [name] = readdirSync(join(ws.dir, 'retained'));
  const fileSha = sha(readFileSync(join(ws.dir, 'retained', name!)));
  const kept = await h.call('backup:retained', { workspaceId });
  return { h, workspaceId, ws, name: name!, fileSha, kept, liveBackup };
}

/** A new machine: the workspace's backups folder copied into an empty data folder. */
function freshDataFolder(h: Harness, workspaceId: string): Harness {
  const fresh = mkdtempSync(join(tmpdir(), 'ar-fresh-retained-'));
  cpSync(backupFolder(h.dataDir, workspaceId), backupFolder(fresh, workspaceId), { recursive: true });
  const other = makeHarness({ dataDir: fresh, now });
  opened.push(other);
  return other;
}

describe('a backup carries every retained evidence file', () => {
  it('lists the file kept for the history in its manifest, and a restore on a new data folder brings it back verified', async () => {
    const { h, workspaceId, name, fileSha, kept } = await withRetainedFile();
    expect(kept.items).toEqual([
      { name, bytes: TEXT.length, reasons: [expect.stringMatching(/^cited by the change history/)], releasable: true },
    ]);
    const history = await h.call('history:verify', { workspaceId });
    const made = await h.call('backup:create', { workspaceId });
    expect(made.evidenceFiles).toBe(1);
    const m = readBackupManifest(backupFolder(h.dataDir, workspaceId), made.id);
    expect(m.kind === 'ok' ? m.manifest.files : null).toEqual([{ path: `retained/${name}`, bytes: TEXT.length, sha256: fileSha }]);

    const fresh = freshDataFolder(h, workspaceId);
    const r = await fresh.call('backup:restore', { workspaceId, backupId: made.id });
    expect(r).toMatchObject({ filesRestored: 1, preRestoreBackup: null });
    const dir = fresh.ctx.workspace(workspaceId).dir;
    const restoredSha = sha(readFileSync(join(dir, 'retained', name)));
    console.log(`retained file restored on a new data folder: sha256 equal=${restoredSha === fileSha}`);
    expect(restoredSha).toBe(fileSha);
    // The history names the file and its hash, and still verifies with the same head.
    expect(await fresh.call('history:verify', { workspaceId })).toEqual(history);
    const removal = (await fresh.call('history:list', { workspaceId, filter: { entity: 'evidence' }, limit: 500 })).entries.find(
      (e) => e.action === 'delete',
    )!;
    expect(JSON.stringify(removal.before)).toContain(fileSha);
    // The Backups screen lists it with the same reason and space as before.
    expect(await fresh.call('backup:retained', { workspaceId })).toEqual(kept);
  });

  it('refuses a backup whose retained copy was tampered with, naming it, and writes nothing', async () => {
    const { h, workspaceId, name } = await withRetainedFile();
    const made = await h.call('backup:create', { workspaceId });
    const copy = join(filesDirOf(backupFolder(h.dataDir, workspaceId), made.id), 'retained', name);
    const bytes = readFileSync(copy);
    bytes[0] = bytes[0]! ^ 1;
    writeFileSync(copy, bytes);

    const fresh = freshDataFolder(h, workspaceId);
    const err = await fresh.fail('backup:restore', { workspaceId, backupId: made.id });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain(`retained/${name} has changed`);
    expect(err.message).toContain('Nothing was changed');
    expect(existsSync(join(fresh.dataDir, 'workspaces', `${workspaceId}.sqlite`))).toBe(false);
    expect(existsSync(join(fresh.dataDir, 'workspaces', `${workspaceId}.files`))).toBe(false);
  });

  it('a file released after the backup stays in that backup, and restoring it brings the file back with its history', async () => {
    const { h, workspaceId, ws, name, fileSha } = await withRetainedFile();
    const made = await h.call('backup:create', { workspaceId });
    const atBackup = await h.call('history:verify', { workspaceId });
    // The backup's own copy is no reason to keep the workspace's: a backup made after the removal does not block the release.
    const released = await h.call('backup:releaseRetained', { workspaceId, name, reason: 'Retention period over' });
    expect(released).toMatchObject({ released: true, name });
    expect(existsSync(join(ws.dir, 'retained', name))).toBe(false);
    const later = await h.call('backup:create', { workspaceId });
    expect(later.evidenceFiles).toBe(0);

    const root = backupFolder(h.dataDir, workspaceId);
    expect(verifyBackup(getBackup(root, made.id)).ok).toBe(true);
    expect(sha(readFileSync(join(filesDirOf(root, made.id), 'retained', name)))).toBe(fileSha);
    await h.call('backup:restore', { workspaceId, backupId: made.id });
    const dir = h.ctx.workspace(workspaceId).dir;
    expect(sha(readFileSync(join(dir, 'retained', name)))).toBe(fileSha);
    expect(await h.call('history:verify', { workspaceId })).toEqual(atBackup);
    expect((await h.call('backup:retained', { workspaceId })).items.map((i) => i.name)).toEqual([name]);
  });

  it('a request served during the restore does not leave the app reading the replaced file', async () => {
    const { h, workspaceId, name } = await withRetainedFile();
    const made = await h.call('backup:create', { workspaceId });
    const atBackup = await h.call('history:verify', { workspaceId });
    await h.call('backup:releaseRetained', { workspaceId, name, reason: 'Retention period over' });
    // Other screens keep asking while the restore awaits its copy (browser mode serves them meanwhile).
    let restoring = true;
    const pester = async () => {
      while (restoring) {
        await new Promise((r) => setImmediate(r));
        if (restoring) h.ctx.workspace(workspaceId);
      }
    };
    const pestering = pester();
    await h.call('backup:restore', { workspaceId, backupId: made.id });
    restoring = false;
    await pestering;
    expect(await h.call('history:verify', { workspaceId })).toEqual(atBackup);
    expect((await h.call('backup:retained', { workspaceId })).items.map((i) => i.name)).toEqual([name]);
  });

  it('still refuses the release while a backup lists the file as live evidence, even once newer backups carry it as retained', async () => {
    const { h, workspaceId, ws, name, kept } = await withRetainedFile({ backupWhileLive: true });
    expect(kept.items[0]).toMatchObject({
      releasable: false,
      reasons: [expect.stringMatching(/^listed by 1 backup$/), expect.any(String)],
    });
    await h.call('backup:create', { workspaceId });
    const err = await h.fail('backup:releaseRetained', { workspaceId, name, reason: 'no longer needed' });
    expect(err.code).toBe('REFUSED');
    expect(err.message).toContain('listed by 1 backup');
    expect(existsSync(join(ws.dir, 'retained', name))).toBe(true);
  });

  it('still restores a backup from an older version that carried no retained files', async () => {
    const { h, workspaceId, name } = await withRetainedFile();
    const made = await h.call('backup:create', { workspaceId });
    const root = backupFolder(h.dataDir, workspaceId);
    // What an older version wrote: the same database copy, its manifest without the retained file.
    const m = readBackupManifest(root, made.id);
    if (m.kind !== 'ok') throw new Error('expected a manifest');
    writeManifestFile(manifestPathOf(root, made.id), { ...m.manifest, files: [] });
    rmSync(join(filesDirOf(root, made.id), 'retained'), { recursive: true });
    const history = await h.call('history:verify', { workspaceId });

    const fresh = freshDataFolder(h, workspaceId);
    const r = await fresh.call('backup:restore', { workspaceId, backupId: made.id });
    expect(r.filesRestored).toBe(0);
    expect(existsSync(join(fresh.ctx.workspace(workspaceId).dir, 'retained', name))).toBe(false);
    expect(await fresh.call('history:verify', { workspaceId })).toEqual(history);
    expect(await fresh.call('backup:retained', { workspaceId })).toMatchObject({ files: 0, bytes: 0, items: [] });
  });
});
