import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { backupChannels } from '../../core/transfer/backup-contract';
import { AppError } from '../../core/common/errors';
import { createBackup, getBackup, listBackups, matchesManifest, type BackupFile } from '../store/backup/backups';
import { findRestoreOffer, restoreWorkspace, type RestoreResult } from '../store/backup/restore';
import type { ServiceContext } from './context';
import type { Handlers } from './handler-types';

const pub = ({ id, reason, createdAt, size }: BackupFile) => ({ id, reason, createdAt, size });
const pubRestore = (r: RestoreResult) => ({
  name: r.name,
  preRestoreBackup: r.preRestoreBackup ? pub(r.preRestoreBackup) : null,
  quarantined: r.quarantined,
});

/** The file of one backup (the CLI prints it; the renderer never sees paths of backups). */
export function backupFilePath(ctx: ServiceContext, workspaceId: string, backupId: string): string {
  return getBackup(ctx.workspaces.backupsFolder(workspaceId), backupId).file;
}

export const backupHandlers: Handlers<typeof backupChannels> = {
  'backup:list': (ctx, { workspaceId }) => {
    ctx.workspaces.fileFor(workspaceId);
    return listBackups(ctx.workspaces.backupsFolder(workspaceId)).map(pub);
  },
  'backup:create': async (ctx, { workspaceId }) => {
    const ws = ctx.workspace(workspaceId);
    return pub(await createBackup(ws.db, ctx.workspaces.backupsFolder(ws.id), 'manual', ctx.now()));
  },
  'backup:restore': async (ctx, { workspaceId, backupId }) => {
    const b = getBackup(ctx.workspaces.backupsFolder(workspaceId), backupId);
    if (!matchesManifest(b))
      throw new AppError(
        'VALIDATION',
        'This backup has changed since it was made (its checksum no longer matches); it will not be restored.',
        { issues: [{ path: 'backupId', message: 'Checksum mismatch' }] },
      );
    return pubRestore(await restoreWorkspace(ctx.workspaces, workspaceId, b.file, ctx.now()));
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
  'backup:restoreOffer': (ctx, { workspaceId }) => {
    ctx.workspaces.fileFor(workspaceId);
    const r = findRestoreOffer(ctx.workspaces, workspaceId);
    return { error: r.error, offer: r.offer ? pub(r.offer) : null, scanned: r.scanned, valid: r.valid };
  },
};
