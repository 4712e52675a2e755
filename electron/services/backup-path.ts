import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../../core/common/errors';
import type { backupChannels } from '../../core/transfer/backup-contract';
import { BACKUP_ID, getBackup, listBackups } from '../store/backup/backups';
import { fileTarget, layoutOfFile } from '../store/backup/file-target';
import { restoreBackup } from '../store/backup/restore';
import { pub, pubRestore } from './backup-view';
import type { ServiceContext } from './context';
import type { Handlers } from './handler-types';

type Ch = Pick<typeof backupChannels, 'backup:listByPath' | 'backup:restoreByPath'>;

/** Paths are the CLI's business: from the renderer these channels are refused. */
function workspacePath(ctx: ServiceContext, raw: string): string {
  if (ctx.mode !== 'cli') throw new AppError('REFUSED', 'Restoring by path is only available from the command line.');
  const file = resolve(raw);
  if (!/\.sqlite$/i.test(file))
    throw new AppError('VALIDATION', 'The workspace file must end in .sqlite.', {
      issues: [{ path: 'workspaceFile', message: 'Use a .sqlite file' }],
    });
  return file;
}

/** Closes the connections this process has on `file` (the CLI session may have it attached). */
const releaser = (ctx: ServiceContext, file: string) => () => {
  for (const id of ctx.workspaces.openIds()) if (ctx.workspaces.fileFor(id) === file) ctx.workspaces.close(id);
};

export const backupPathHandlers: Handlers<Ch> = {
  'backup:listByPath': (ctx, { workspaceFile }) => {
    const { backups } = layoutOfFile(workspacePath(ctx, workspaceFile));
    return { folder: backups, backups: listBackups(backups).map(pub) };
  },
  'backup:restoreByPath': async (ctx, { workspaceFile, from }) => {
    const file = workspacePath(ctx, workspaceFile);
    const layout = layoutOfFile(file);
    // A bare backup id means one of this workspace's own backups; anything else is a path to a backup's .sqlite file.
    const source = BACKUP_ID.test(from) && basename(from) === from ? join(layout.backups, from) : resolve(from);
    if (!BACKUP_ID.test(basename(source)))
      throw new AppError(
        'VALIDATION',
        `${source} is not a backup made by Agent Readiness (its name must look like 2026-01-02T03-04-05-678Z-manual.sqlite).`,
        {
          issues: [{ path: 'from', message: 'Not a backup file' }],
        },
      );
    const backup = getBackup(dirname(source), basename(source));
    const target = fileTarget(file, releaser(ctx, file));
    try {
      return { ...pubRestore(await restoreBackup(target, backup, ctx.now())), file };
    } finally {
      target.closeAll();
    }
  },
};
