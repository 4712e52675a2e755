import BetterSqlite3 from 'better-sqlite3';
import { readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupFolder, listBackups, quickCheck } from '../../../electron/store/backup/backups';
import { validateWorkspaceFile } from '../../../electron/store/backup/restore';
import { sweepFolder } from '../../../electron/store/backup/sweep';
import { removeDir, withWorkspace, type Harness } from '../helpers';

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  if (h) removeDir(h.dataDir);
  h = undefined;
});

const sidecars = (dir: string): string[] => readdirSync(dir).filter((f) => /-(wal|shm|journal)$|\.tmp$/.test(f));

describe('temporary backup copies leave no -wal/-shm behind', () => {
  it('backing up, listing, validating and restoring a WAL workspace leaves no stray files', async () => {
    const w = await withWorkspace(true);
    h = w.h;
    const { workspaceId } = w;
    const ws = h.ctx.workspace(workspaceId);
    expect(ws.db.pragma('journal_mode', { simple: true })).toBe('wal'); // the source really is in WAL mode
    const made = await h.call('backup:create', { workspaceId });
    const folder = backupFolder(h.dataDir, workspaceId);
    const file = join(folder, made.id);
    expect(quickCheck(file)).toEqual([]);
    expect(validateWorkspaceFile(file).ok).toBe(true);
    await h.call('backup:list', { workspaceId });
    await h.call('backup:restore', { workspaceId, backupId: made.id });
    const leftInBackups = sidecars(folder);
    const leftInWorkspaces = sidecars(join(h.dataDir, 'workspaces')).filter((f) => !f.startsWith(`${workspaceId}.sqlite-`));
    console.log(`stray sidecars after backup+validate+restore: backups=${leftInBackups.length}, workspaces=${leftInWorkspaces.length}`);
    expect(leftInBackups).toEqual([]);
    expect(leftInWorkspaces).toEqual([]);
    // A backup is a single self-contained file: opening it read-only creates nothing beside it.
    const ro = new BetterSqlite3(file, { readonly: true });
    ro.prepare('SELECT count(*) FROM agents').get();
    expect(sidecars(folder)).toEqual([]);
    ro.close();
  });

  it('the sweep removes strays an older version left: a WAL-mode backup opened read-only, and a dead temp copy', async () => {
    const w = await withWorkspace(true);
    h = w.h;
    const { workspaceId } = w;
    const ws = h.ctx.workspace(workspaceId);
    const folder = backupFolder(h.dataDir, workspaceId);
    await h.call('backup:create', { workspaceId });
    // What the old code did: a backup-API copy keeps WAL mode, and a read-only open leaves -wal/-shm for good.
    const old = join(folder, '2026-01-01T00-00-00-000Z-auto.sqlite');
    await ws.db.backup(old);
    const dead = join(folder, '2026-01-01T00-00-01-000Z-manual.sqlite.tmp');
    await ws.db.backup(dead);
    for (const f of [old, dead]) {
      const ro = new BetterSqlite3(f, { readonly: true });
      ro.pragma('quick_check');
      ro.close();
    }
    const planted = sidecars(folder);
    expect(planted).toEqual(
      expect.arrayContaining([
        '2026-01-01T00-00-00-000Z-auto.sqlite-wal',
        '2026-01-01T00-00-00-000Z-auto.sqlite-shm',
        '2026-01-01T00-00-01-000Z-manual.sqlite.tmp-wal',
      ]),
    );
    const past = new Date(Date.now() - 3_600_000);
    for (const f of readdirSync(folder)) utimesSync(join(folder, f), past, past);
    const removed = sweepFolder(folder);
    console.log(`sweep: planted=${planted.length}, removed=${removed.length}`);
    expect(sidecars(folder)).toEqual([]);
    expect(listBackups(folder).map((b) => b.id)).toContain('2026-01-01T00-00-00-000Z-auto.sqlite');
    expect(quickCheck(old)).toEqual([]);
  });

  it('the sweep removes a manifest rewrite a kill cut short, but not one still being written', async () => {
    const w = await withWorkspace(true);
    h = w.h;
    const folder = backupFolder(h.dataDir, w.workspaceId);
    await h.call('backup:create', { workspaceId: w.workspaceId });
    const tmp = join(folder, 'manifest.json.tmp');
    writeFileSync(tmp, '{"half": ');
    expect(sweepFolder(folder)).toEqual([]); // fresh: a writer may still be at it
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(tmp, past, past);
    expect(sweepFolder(folder)).toEqual([tmp]);
    expect(readdirSync(folder)).toContain('manifest.json');
  });
});
