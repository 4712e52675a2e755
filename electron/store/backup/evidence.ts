import BetterSqlite3 from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../database';
import {
  BACKUP_FORMAT,
  copyFiles,
  filesDirOf,
  listFilesUnder,
  ManifestEntry,
  manifestPathOf,
  readBackupManifest,
  sha256Of,
  writeManifestFile,
  type PreviousBackup,
} from './files';
import { EVIDENCE_FOLDER, RETAINED_FOLDER, retainedFileNames } from './retention';

/** The workspace whose attachment files a backup carries. */
export type EvidenceSource = { workspaceId: string; workspaceName: string; db: Database; dir: string };

/** Stored file names the database copy has an evidence record for. */
function storedNamesIn(copy: string): string[] {
  const db = new BetterSqlite3(copy, { readonly: true, fileMustExist: true });
  try {
    db.pragma('trusted_schema = OFF');
    return (
      db.prepare("SELECT stored_name FROM evidence WHERE kind = 'file' AND stored_name IS NOT NULL").all() as { stored_name: string }[]
    ).map((r) => r.stored_name);
  } finally {
    db.close();
  }
}

/**
 * A file the manifest's path rule cannot hold (a name this app never makes, e.g. with a space,
 * dropped in by hand) is left out: listing it would make the whole manifest invalid, and so the
 * backup untrusted. Every name the app writes (`<uuid>-<safe name>`) fits.
 */
const fitsManifest = (path: string): boolean => ManifestEntry.shape.path.safeParse(path).success;

/**
 * Writes the evidence half of backup `id`: every live evidence file, every file in `retained/`
 * (whatever keeps it: the change history, a finalised assessment, an older backup), and the
 * manifest (database copy `dbCopy` included). Records whose file is already gone are named in
 * `missing` rather than failing the backup: the backup still holds the rest.
 */
export function backupEvidence(folder: string, id: string, dbCopy: string, source: EvidenceSource, now: Date): void {
  const paths = [
    ...listFilesUnder(join(source.dir, EVIDENCE_FOLDER)).map((p) => `${EVIDENCE_FOLDER}/${p}`),
    ...retainedFileNames(source.dir).map((n) => `${RETAINED_FOLDER}/${n}`),
  ].filter(fitsManifest);
  const filesDir = filesDirOf(folder, id);
  mkdirSync(filesDir, { recursive: true });
  const files = copyFiles(source.dir, paths, filesDir, previousBackup(folder, id));
  const have = new Set(paths.map((p) => p.slice(p.indexOf('/') + 1)));
  const missing = storedNamesIn(dbCopy)
    .filter((n) => !have.has(n))
    .sort();
  const bytes = readFileSync(dbCopy);
  writeManifestFile(manifestPathOf(folder, id), {
    format: BACKUP_FORMAT,
    formatVersion: 1,
    backupId: id,
    createdAt: now.toISOString(),
    workspace: { id: source.workspaceId, name: source.workspaceName },
    database: { path: id, bytes: bytes.length, sha256: sha256Of(bytes) },
    files,
    missing,
  });
}

/** The newest other backup with a valid manifest, whose unchanged copies the new one shares. */
function previousBackup(folder: string, id: string): PreviousBackup | null {
  const ids = readdirSync(folder)
    .filter((f) => f.endsWith('.manifest.json'))
    .map((f) => f.replace(/\.manifest\.json$/, '.sqlite'))
    .filter((b) => b !== id && existsSync(join(folder, b)))
    .sort()
    .reverse();
  for (const b of ids) {
    const m = readBackupManifest(folder, b);
    if (m.kind === 'ok') return { filesDir: filesDirOf(folder, b), manifest: m.manifest };
  }
  return null;
}

/** Total bytes of a backup: its database plus its evidence copies. */
export function backupBytes(folder: string, id: string): number {
  const dir = filesDirOf(folder, id);
  const files = existsSync(dir) ? listFilesUnder(dir).reduce((n, p) => n + statSync(join(dir, ...p.split('/'))).size, 0) : 0;
  return statSync(join(folder, id)).size + files;
}
