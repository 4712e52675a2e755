import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { backupChannels } from '../../core/transfer/backup-contract';
import { createBackup, getBackup, listBackups } from '../store/backup/backups';
import type { EvidenceSource } from '../store/backup/evidence';
import { retainedSpace } from '../store/backup/retention';
import { RETAINED_FILE_ENTITY } from '../store/backup/retention-history';
import { newestEntrySeq, releaseRetained } from '../store/backup/retention-release';
import { recordChange } from '../store/mutate/index';
import { findRestoreOffer, managerTarget, restoreBackup, restoreWorkspace } from '../store/backup/restore';
import type { OpenWorkspace } from '../store/workspaces';
import { mutate, type ServiceContext } from './context';
import type { Handlers } from './handler-types';
import { backupPathHandlers } from './backup-path';
import { pub, pubRestore } from './backup-view';

/** A workspace's backups folder. One function so the CLI's files-by-path layout has one place to change. */
export const backupsOf = (ctx: ServiceContext, workspaceId: string): string => ctx.workspaces.backupsFolder(workspaceId);

/** What a backup of `ws` carries besides its database. */
export const evidenceSourceOf = (ws: OpenWorkspace): EvidenceSource => ({
  workspaceId: ws.id,
  workspaceName: ws.name,
  db: ws.db,
  dir: ws.dir,
});

/** The file of one backup (the CLI prints it; the renderer never sees paths of backups). */
export function backupFilePath(ctx: ServiceContext, workspaceId: string, backupId: string): string {
  return getBackup(backupsOf(ctx, workspaceId), backupId).file;
}

export const backupHandlers: Handlers<typeof backupChannels> = {
  ...backupPathHandlers,
  'backup:list': (ctx, { workspaceId }) => {
    ctx.workspaces.fileFor(workspaceId);
    return listBackups(backupsOf(ctx, workspaceId)).map(pub);
  },
  'backup:create': async (ctx, { workspaceId }) => {
    const ws = ctx.workspace(workspaceId);
    return pub(await createBackup(ws.db, backupsOf(ctx, ws.id), 'manual', ctx.now(), evidenceSourceOf(ws)));
  },
  'backup:restore': async (ctx, { workspaceId, backupId }) => {
    const b = getBackup(backupsOf(ctx, workspaceId), backupId);
    return pubRestore(await restoreBackup(managerTarget(ctx.workspaces, workspaceId), b, ctx.now()));
  },
  'backup:restoreFile': async (ctx, { workspaceId, contentBase64 }) => {
    ctx.workspaces.fileFor(workspaceId);
    const dir = mkdtempSync(join(tmpdir(), 'ar-restore-'));
    try {
      const file = join(dir, 'upload.sqlite');
      writeFileSync(file, Buffer.from(contentBase64, 'base64'));
      return pubRestore(await restoreWorkspace(ctx.workspaces, workspaceId, file, ctx.now()));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  'backup:retained': (ctx, { workspaceId }) => {
    const ws = ctx.workspace(workspaceId);
    const r = retainedSpace(ws, backupsOf(ctx, ws.id), ctx.now());
    const items = r.items.slice(0, 200).map(({ name, bytes, reasons, releasable }) => ({ name, bytes, reasons, releasable }));
    return { files: r.files, bytes: r.bytes, items, pruned: r.pruned.length };
  },
  'backup:releaseRetained': (ctx, { workspaceId, name, reason }) => {
    const ws = ctx.workspace(workspaceId);
    // The release is its own history entry, with the reason, committed before the file is deleted.
    const file = releaseRetained(ws, backupsOf(ctx, ws.id), name, (f) =>
      mutate(ctx, ws.id, 'backup:releaseRetained', (tx) => {
        tx.reason = reason;
        recordChange(tx, { entity: RETAINED_FILE_ENTITY, id: f.name, action: 'delete', before: f, after: null });
      }),
    );
    return { released: true as const, name: file.name, bytes: file.bytes, entry: newestEntrySeq(ws.db) };
  },
  'backup:restoreOffer': (ctx, { workspaceId }) => {
    ctx.workspaces.fileFor(workspaceId);
    const r = findRestoreOffer(ctx.workspaces, workspaceId);
    return { error: r.error, offer: r.offer ? pub(r.offer) : null, scanned: r.scanned, valid: r.valid };
  },
};
