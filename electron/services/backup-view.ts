import { dirname } from 'node:path';
import type { BackupFile } from '../store/backup/backups';
import { backupBytes } from '../store/backup/evidence';
import { readBackupManifest } from '../store/backup/files';
import type { RestoreResult } from '../store/backup/restore';

/** A backup as the contract shows it: no file paths, plus what it holds. */
export const pub = ({ id, file, reason, createdAt, size }: BackupFile) => {
  const m = readBackupManifest(dirname(file), id);
  return {
    id,
    reason,
    createdAt,
    size,
    evidenceFiles: m.kind === 'ok' ? m.manifest.files.length : 0,
    totalBytes: backupBytes(dirname(file), id),
  };
};

export const pubRestore = (r: RestoreResult) => ({
  name: r.name,
  preRestoreBackup: r.preRestoreBackup ? pub(r.preRestoreBackup) : null,
  quarantined: r.quarantined,
  filesRestored: r.filesRestored,
});
