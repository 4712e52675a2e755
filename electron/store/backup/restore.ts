import BetterSqlite3 from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../../core/common/errors';
import type { Database } from '../database';
import { migrate } from '../database';
import { MIGRATIONS } from '../migrations/index';
import type { OpenWorkspace, WorkspaceManager } from '../workspaces';
import { backupFolder, createBackup, listBackups, quickCheck, removeSidecars, settleCopy, type BackupFile } from './backups';
import type { BackupManifest } from './files';
import { placeBackupFiles } from './place-files';
import { verifyBackup } from './verify';

const SQLITE_MAGIC = 'SQLite format 3\u0000';

type SchemaRow = { type: string; name: string; sql: string | null };
const norm = (s: string | null): string => (s ?? '').replace(/\s+/g, ' ').trim();

function schemaOf(db: Database): Map<string, string> {
  const rows = db
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all() as SchemaRow[];
  return new Map(rows.map((r) => [`${r.type}:${r.name}`, norm(r.sql)]));
}

/** The schema a genuine workspace at `version` has, built from our own migrations in memory. */
function referenceSchema(version: number): Map<string, string> {
  const mem = new BetterSqlite3(':memory:');
  try {
    migrate(mem, MIGRATIONS.slice(0, version), 0);
    return schemaOf(mem);
  } finally {
    mem.close();
  }
}

export type Validation = { ok: true; version: number; name: string } | { ok: false; reason: string };

/**
 * Decides whether a file may be restored. A user-chosen file is untrusted (sqlite.org/security.html):
 * it is opened read-only with trusted_schema=OFF, must pass quick_check, must come from this app
 * at a schema version we know, and its schema must equal ours exactly, so no extra trigger or view
 * (attacker SQL) can ride along.
 */
export function validateWorkspaceFile(file: string): Validation {
  if (!existsSync(file)) return { ok: false, reason: 'The file does not exist.' };
  const size = statSync(file).size;
  if (size < 512) return { ok: false, reason: 'The file is too small to be an Agent Readiness workspace.' };
  const header = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_MAGIC) return { ok: false, reason: 'The file is not an SQLite database.' };
  const problems = quickCheck(file);
  if (problems.length) return { ok: false, reason: `The file is damaged (integrity check: ${problems[0]}).` };
  let db: Database | undefined;
  const hadSidecars = existsSync(`${file}-wal`) || existsSync(`${file}-shm`);
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    db.pragma('trusted_schema = OFF');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < 1) return { ok: false, reason: 'The file is not an Agent Readiness workspace (no schema version).' };
    if (version > MIGRATIONS.length)
      return { ok: false, reason: `The file was made by a newer version of Agent Readiness (schema ${version}).` };
    const actual = schemaOf(db);
    const expected = referenceSchema(version);
    for (const [key, sql] of actual) {
      if (!expected.has(key))
        return { ok: false, reason: `The file contains an unexpected ${key.replace(':', ' "')}" that this app did not create.` };
      if (expected.get(key) !== sql) return { ok: false, reason: `The file's ${key.replace(':', ' "')}" differs from this app's schema.` };
    }
    for (const key of expected.keys())
      if (!actual.has(key)) return { ok: false, reason: `The file is missing ${key.replace(':', ' "')}".` };
    const name = (db.prepare("SELECT value FROM meta WHERE key = 'name'").get() as { value: string } | undefined)?.value;
    if (!name) return { ok: false, reason: 'The file has no workspace name.' };
    return { ok: true, version, name };
  } catch (err) {
    return { ok: false, reason: `The file could not be read: ${(err as Error).message}` };
  } finally {
    db?.close();
    if (!hadSidecars) removeSidecars(file); // a read-only open of a WAL file leaves them; they were ours
  }
}

export type RestoreResult = {
  restoredFrom: string;
  preRestoreBackup: BackupFile | null;
  quarantined: string | null;
  name: string;
  /** Evidence files written from the backup (0 for a backup made before backups held files). */
  filesRestored: number;
};

/** Moves a workspace file that cannot be opened (and its -wal/-shm) aside. It is never deleted. */
function quarantine(file: string, now: Date): string {
  const suffix = `.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
  for (const ext of ['-wal', '-shm']) if (existsSync(file + ext)) renameSync(file + ext, file + suffix + ext);
  renameSync(file, file + suffix);
  return file + suffix;
}

/**
 * Where a restore writes: a workspace of the app's data folder, or a workspace file given by path
 * (the CLI, possibly on a new machine where it does not exist yet).
 */
export type RestoreTarget = {
  file: string;
  /** The workspace's backups folder (the pre-restore backup goes there). */
  backups: string;
  /** The workspace as it is now, or null when it cannot be opened; throws nothing. */
  current: () => OpenWorkspace | null;
  /** Closes any connection to the file before it is replaced. */
  release: () => void;
  /** Opens the restored workspace. */
  reopen: () => OpenWorkspace;
};

export const managerTarget = (manager: WorkspaceManager, id: string): RestoreTarget => ({
  file: manager.fileFor(id),
  backups: backupFolder(manager.dataDir, id),
  current: () => {
    try {
      return manager.get(id);
    } catch {
      return null;
    }
  },
  release: () => manager.close(id),
  reopen: () => manager.get(id),
});

/**
 * Replaces a workspace with a validated source file, and with the evidence files of the backup when
 * `files` is given (already verified against its manifest by the caller). The current workspace is
 * backed up first, files included (or, if it cannot be opened, quarantined untouched); the database
 * copy is made with the backup API into a temp file, verified, then renamed into place.
 */
export async function restoreInto(
  target: RestoreTarget,
  source: string,
  now: Date,
  files: { fromDir: string; manifest: BackupManifest } | null = null,
): Promise<RestoreResult> {
  const check = validateWorkspaceFile(source);
  if (!check.ok)
    throw new AppError('VALIDATION', `This file cannot be restored: ${check.reason}`, {
      issues: [{ path: 'file', message: check.reason }],
    });
  let preRestoreBackup: BackupFile | null = null;
  let quarantined: string | null = null;
  if (existsSync(target.file)) {
    const current = target.current();
    if (current)
      preRestoreBackup = await createBackup(current.db, target.backups, 'pre-restore', now, {
        workspaceId: current.id,
        workspaceName: current.name,
        db: current.db,
        dir: current.dir,
      });
    target.release();
    if (!current) quarantined = quarantine(target.file, now);
  }
  mkdirSync(dirname(target.file), { recursive: true });
  const tmp = `${target.file}.restore.tmp`;
  const hadSidecars = existsSync(`${source}-wal`) || existsSync(`${source}-shm`);
  const src = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
  try {
    src.pragma('trusted_schema = OFF');
    await src.backup(tmp);
  } finally {
    src.close();
    if (!hadSidecars) removeSidecars(source);
  }
  try {
    settleCopy(tmp);
    const problems = quickCheck(tmp);
    if (problems.length) throw new AppError('INTERNAL', `The restored copy failed its integrity check: ${problems[0]}`);
    const fd = openSync(tmp, 'r');
    fsyncSync(fd);
    closeSync(fd);
    // A request served while the copy was awaited may have reopened the old file. Left open, the
    // reopen below would hand back that connection, to the replaced file: every later read (the
    // retained list, the history) would see the state before the restore, and the retention check
    // would prune the files just restored. From here to the reopen nothing awaits.
    target.release();
    removeSidecars(target.file);
    renameSync(tmp, target.file);
  } finally {
    rmSync(tmp, { force: true });
    removeSidecars(tmp);
  }
  const ws = target.reopen();
  const filesRestored = files ? placeBackupFiles(ws.dir, files.fromDir, files.manifest) : 0;
  return { restoredFrom: source, preRestoreBackup, quarantined, name: ws.name, filesRestored };
}

/** Replaces a workspace of the data folder with a file (a user-chosen one: no evidence files). */
export async function restoreWorkspace(manager: WorkspaceManager, id: string, source: string, now: Date): Promise<RestoreResult> {
  return restoreInto(managerTarget(manager, id), source, now);
}

/**
 * Restores one of the app's backups, database and evidence files. Every hash is checked first; a
 * backup with any changed, missing or unexpected file is refused with the file named, and nothing
 * is touched.
 */
export async function restoreBackup(target: RestoreTarget, backup: BackupFile, now: Date): Promise<RestoreResult> {
  const check = verifyBackup(backup);
  if (!check.ok)
    throw new AppError('VALIDATION', `This backup will not be restored: ${check.message}. Nothing was changed.`, {
      issues: check.problems.map((p) => ({ path: p.path, message: p.problem })),
    });
  return restoreInto(target, backup.file, now, check.files);
}

export type RestoreOffer = { error: string | null; offer: BackupFile | null; scanned: number; valid: number };

/** For a workspace that will not open: the newest backup that passes validation, if any. */
export function findRestoreOffer(manager: WorkspaceManager, id: string): RestoreOffer {
  let error: string | null = null;
  try {
    manager.get(id);
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  const backups = listBackups(backupFolder(manager.dataDir, id));
  let offer: BackupFile | null = null;
  let valid = 0;
  let scanned = 0;
  for (const b of backups) {
    scanned++;
    if (verifyBackup(b).ok && validateWorkspaceFile(b.file).ok) {
      valid++;
      offer = b;
      break;
    }
  }
  return { error, offer, scanned, valid };
}
