import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { readManifest, sha256File, type BackupFile } from './backups';
import { checkBackupFiles, filesDirOf, manifestPathOf, readBackupManifest, type BackupManifest, type FileProblem } from './files';
import { statSync } from 'node:fs';
import { basename } from 'node:path';

export type BackupCheck =
  { ok: true; files: { fromDir: string; manifest: BackupManifest } | null } | { ok: false; problems: FileProblem[]; message: string };

const describe = (p: FileProblem): string =>
  p.problem === 'changed'
    ? `${p.path} has changed since the backup was made`
    : p.problem === 'missing'
      ? `${p.path} is missing from the backup`
      : `${p.path} is in the backup folder but not in its manifest`;

/**
 * Checks a backup before anything is restored from it: the database copy against the folder's
 * checksum list and the backup's own manifest, and every evidence file against the manifest.
 * A backup from before manifests existed has only its database checked (it holds no files).
 */
export function verifyBackup(b: BackupFile): BackupCheck {
  const folder = dirname(b.file);
  const problems: FileProblem[] = [];
  const sha = sha256File(b.file);
  const listed = readManifest(folder)[b.id];
  if (listed !== undefined && listed !== sha) problems.push({ path: b.id, problem: 'changed' });
  const m = readBackupManifest(folder, b.id);
  let files: { fromDir: string; manifest: BackupManifest } | null = null;
  if (m.kind === 'invalid') problems.push({ path: basename(manifestPathOf(folder, b.id)), problem: 'changed' });
  else if (m.kind === 'none') {
    // Files without a manifest: the manifest was removed, so nothing about them can be trusted.
    if (existsSync(filesDirOf(folder, b.id))) problems.push({ path: basename(manifestPathOf(folder, b.id)), problem: 'missing' });
  } else {
    const db = m.manifest.database;
    if ((db.sha256 !== sha || db.bytes !== statSync(b.file).size) && !problems.some((p) => p.path === b.id))
      problems.push({ path: b.id, problem: 'changed' });
    const dir = filesDirOf(folder, b.id);
    const prefix = basename(dir);
    problems.push(...checkBackupFiles(dir, m.manifest).map((p) => ({ ...p, path: `${prefix}/${p.path}` })));
    files = { fromDir: dir, manifest: m.manifest };
  }
  if (problems.length) return { ok: false, problems, message: problems.slice(0, 5).map(describe).join('; ') };
  return { ok: true, files };
}
