import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError } from '../../../core/common/errors';
import { inside, sha256Of, type BackupManifest } from './files';
import { EVIDENCE_FOLDER, RETAINED_FOLDER } from './retention';

/**
 * Writes a verified backup's evidence files into a workspace folder. A file already there with the
 * same bytes is kept; others are written to a temp name, checked against the manifest and renamed.
 * Evidence files the restored database does not know (added after the backup) are not deleted:
 * they move to `retained/`, where the pre-restore backup that lists them keeps them accounted for.
 */
export function placeBackupFiles(wsDir: string, fromDir: string, manifest: BackupManifest): number {
  let written = 0;
  const wanted = new Set(manifest.files.map((f) => f.path));
  for (const f of manifest.files) {
    const dest = inside(wsDir, f.path);
    if (existsSync(dest) && statSync(dest).size === f.bytes && sha256Of(readFileSync(dest)) === f.sha256) continue;
    mkdirSync(dirname(dest), { recursive: true });
    const tmp = `${dest}.restore.tmp`;
    copyFileSync(inside(fromDir, f.path), tmp);
    if (sha256Of(readFileSync(tmp)) !== f.sha256) {
      rmSync(tmp, { force: true });
      throw new AppError('INTERNAL', `The evidence file ${f.path} changed while it was being restored; restore again.`);
    }
    renameSync(tmp, dest);
    written++;
  }
  const evidenceDir = join(wsDir, EVIDENCE_FOLDER);
  if (existsSync(evidenceDir))
    for (const name of readdirSync(evidenceDir)) {
      if (wanted.has(`${EVIDENCE_FOLDER}/${name}`) || !statSync(join(evidenceDir, name)).isFile()) continue;
      mkdirSync(join(wsDir, RETAINED_FOLDER), { recursive: true });
      renameSync(join(evidenceDir, name), join(wsDir, RETAINED_FOLDER, name));
    }
  return written;
}
