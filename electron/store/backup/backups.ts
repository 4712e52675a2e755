import BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../../core/common/errors';
import type { Database } from '../database';
import { backupEvidence, type EvidenceSource } from './evidence';
import { filesDirOf, manifestPathOf, removeBackupFiles } from './files';
import { retainedSpace } from './retention';

/**
 * Verified workspace backups. Copies are made only with SQLite's own consistent-copy machinery
 * (the online backup API, or VACUUM INTO where the caller is synchronous), never with a file copy:
 * a raw copy of a WAL database misses committed pages that are still in the -wal file.
 * Every copy is written to a .tmp file, checked with `PRAGMA quick_check` on a read-only open,
 * fsynced, and only then renamed into place.
 */

export const BACKUP_REASONS = ['auto', 'manual', 'pre-migration', 'pre-restore'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

export type BackupFile = { id: string; file: string; reason: BackupReason; createdAt: string; size: number };

/** Backup ids are file names we generated: nothing else is accepted (no path can be smuggled in). */
export const BACKUP_ID = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-(auto|manual|pre-migration|pre-restore)(-\d+)?\.sqlite$/;

/** How many rotating backups of each kind are kept. Pre-migration backups are never deleted automatically. */
export const DEFAULT_KEEP: Record<BackupReason, number> = { auto: 10, manual: 20, 'pre-restore': 5, 'pre-migration': Infinity };

export const backupFolder = (dataDir: string, workspaceId: string): string => join(dataDir, 'backups', workspaceId);

function newBackupPath(folder: string, reason: BackupReason, now: Date): { id: string; file: string } {
  mkdirSync(folder, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let id = `${stamp}-${reason}.sqlite`;
  const taken = (name: string) =>
    existsSync(join(folder, name)) || existsSync(filesDirOf(folder, name)) || existsSync(manifestPathOf(folder, name));
  for (let n = 2; taken(id); n++) id = `${stamp}-${reason}-${n}.sqlite`;
  return { id, file: join(folder, id) };
}

/** `PRAGMA quick_check` on a read-only connection; returns the problems found (empty = ok). */
export function quickCheck(file: string): string[] {
  let db: Database | undefined;
  const hadSidecars = existsSync(`${file}-wal`) || existsSync(`${file}-shm`);
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    db.pragma('trusted_schema = OFF');
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    return problems;
  } catch (err) {
    return [(err as Error).message];
  } finally {
    db?.close();
    if (!hadSidecars) removeSidecars(file); // a read-only open of a WAL-mode copy creates them; they were ours
  }
}

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * The backup API copies the source's header, so a copy of a WAL workspace is itself in WAL mode,
 * and every later read-only open of it (quick_check, validation, restore) leaves `-wal`/`-shm`
 * files behind that nothing removes. A copy is switched to a rollback journal, a self-contained
 * single file, before anything else opens it; leftovers of the temp name are removed.
 */
export function settleCopy(tmp: string): void {
  const db = new BetterSqlite3(tmp, { fileMustExist: true });
  try {
    db.pragma('trusted_schema = OFF');
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
  removeSidecars(tmp);
}

/** Removes the `-wal`/`-shm` companions of a closed copy. */
export const removeSidecars = (file: string): void => {
  for (const ext of ['-wal', '-shm', '-journal']) rmSync(file + ext, { force: true });
};

function keepVerified(tmp: string, final: string): void {
  settleCopy(tmp);
  const problems = quickCheck(tmp);
  removeSidecars(tmp);
  if (problems.length > 0) {
    rmSync(tmp, { force: true });
    throw new AppError('INTERNAL', `The backup failed its integrity check and was discarded: ${problems.slice(0, 3).join('; ')}`);
  }
  fsyncFile(tmp);
  renameSync(tmp, final);
}

function info(folder: string, id: string): BackupFile {
  const m = BACKUP_ID.exec(id);
  if (!m) throw new AppError('NOT_FOUND', 'No such backup.');
  const file = join(folder, id);
  const st = statSync(file);
  const d = id.slice(0, 24); // 2026-01-02T03-04-05-678Z
  const createdAt = `${d.slice(0, 10)}T${d.slice(11, 13)}:${d.slice(14, 16)}:${d.slice(17, 19)}.${d.slice(20, 23)}Z`;
  return { id, file, reason: m[1] as BackupReason, createdAt, size: st.size };
}

/**
 * Online backup (async, steps the SQLite backup API so writers keep going). With `evidence`, the
 * workspace's attachment files are copied beside it with a manifest of SHA-256 hashes; the files
 * and manifest are written before the database copy is renamed into place, so a listed backup is
 * always complete.
 */
export async function createBackup(
  db: Database,
  folder: string,
  reason: BackupReason,
  now: Date,
  evidence?: EvidenceSource,
): Promise<BackupFile> {
  const { id, file } = newBackupPath(folder, reason, now);
  const tmp = `${file}.tmp`;
  try {
    // After the first step the rest is copied in one step: SQLite restarts an online backup whenever
    // another connection writes, so small steps never finish under steady writes (R11), and one step
    // holds only a read snapshot, which never blocks writers in WAL mode.
    await db.backup(tmp, { progress: () => 0x7fffffff });
    finishBackup(folder, id, tmp, now, evidence);
  } finally {
    rmSync(tmp, { force: true });
    removeSidecars(tmp);
  }
  recordChecksum(folder, id);
  rotate(folder);
  if (evidence) pruneRetained(evidence, folder, now);
  return info(folder, id);
}

/** After rotation a retained file may have lost its last reference; failing to tidy never fails the backup. */
function pruneRetained(evidence: EvidenceSource, folder: string, now: Date): void {
  try {
    retainedSpace(evidence, folder, now);
  } catch (err) {
    if (process.env.AR_QUIET !== '1') console.error('[backup] could not tidy retained evidence:', err);
  }
}

function finishBackup(folder: string, id: string, tmp: string, now: Date, evidence: EvidenceSource | undefined): void {
  const file = join(folder, id);
  if (!evidence) return keepVerified(tmp, file);
  settleCopy(tmp);
  try {
    backupEvidence(folder, id, tmp, evidence, now);
    keepVerified(tmp, file);
  } catch (err) {
    removeBackupFiles(folder, id);
    throw err;
  }
}

/**
 * Synchronous consistent copy for synchronous callers (the pre-migration hook runs inside the
 * open path). VACUUM INTO reads through the connection, WAL content included, like the backup API.
 */
export function createBackupSync(db: Database, folder: string, reason: BackupReason, now: Date, evidence?: EvidenceSource): BackupFile {
  const { id, file } = newBackupPath(folder, reason, now);
  const tmp = `${file}.tmp`;
  try {
    db.prepare('VACUUM INTO ?').run(tmp);
    finishBackup(folder, id, tmp, now, evidence);
  } finally {
    rmSync(tmp, { force: true });
    removeSidecars(tmp);
  }
  recordChecksum(folder, id);
  rotate(folder);
  if (evidence) pruneRetained(evidence, folder, now);
  return info(folder, id);
}

/** Newest first. Half-written .tmp files and foreign files are ignored. */
export function listBackups(folder: string): BackupFile[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => BACKUP_ID.test(f))
    .sort()
    .reverse()
    .map((f) => info(folder, f));
}

export function getBackup(folder: string, id: string): BackupFile {
  if (!BACKUP_ID.test(id) || basename(id) !== id || !existsSync(join(folder, id)))
    throw new AppError('NOT_FOUND', 'That backup no longer exists.');
  return info(folder, id);
}

/**
 * Retention. Automatic backups follow Actual Budget's pattern: up to 3 from the newest day, then
 * one per earlier day, at most 10 in all. Other kinds keep their newest N; pre-migration backups
 * are never deleted automatically.
 */
export function rotate(folder: string, keep: Record<BackupReason, number> = DEFAULT_KEEP): string[] {
  const removed: string[] = [];
  const seen: Record<string, number> = {};
  const autoDays = new Set<string>();
  let newestDay: string | null = null;
  let autoKept = 0;
  for (const b of listBackups(folder)) {
    let drop: boolean;
    if (b.reason === 'auto') {
      const day = b.createdAt.slice(0, 10);
      newestDay ??= day;
      const sameDayCount = seen[`auto:${day}`] ?? 0;
      drop = autoKept >= keep.auto || (day === newestDay ? sameDayCount >= AUTO_PER_NEWEST_DAY : autoDays.has(day));
      if (!drop) {
        autoDays.add(day);
        seen[`auto:${day}`] = sameDayCount + 1;
        autoKept++;
      }
    } else {
      seen[b.reason] = (seen[b.reason] ?? 0) + 1;
      drop = (seen[b.reason] ?? 0) > keep[b.reason];
    }
    if (drop) {
      rmSync(b.file, { force: true });
      removeSidecars(b.file);
      removeBackupFiles(folder, b.id);
      removed.push(b.id);
    }
  }
  if (removed.length) {
    const m = readManifest(folder);
    for (const id of removed) delete m[id];
    writeManifest(folder, m);
  }
  return removed;
}

export const AUTO_PER_NEWEST_DAY = 3;

export const sha256File = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * manifest.json beside the backups: the sha256 of each backup, computed on the closed file right
 * after it was verified (never on a live database). A backup whose bytes changed since is not offered.
 */
/** The folder's checksum manifest; rewritten through `<name>.tmp` and a rename, so a kill can leave that .tmp behind. */
export const MANIFEST_NAME = 'manifest.json';
const manifestFile = (folder: string): string => join(folder, MANIFEST_NAME);

export function readManifest(folder: string): Record<string, string> {
  try {
    const parsed = JSON.parse(readFileSync(manifestFile(folder), 'utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const out: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [k, v] of Object.entries(parsed)) if (BACKUP_ID.test(k) && typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)) out[k] = v;
    return out;
  } catch {
    return {};
  }
}

function writeManifest(folder: string, m: Record<string, string>): void {
  const tmp = `${manifestFile(folder)}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(m, Object.keys(m).sort(), 2)}\n`);
  renameSync(tmp, manifestFile(folder));
}

function recordChecksum(folder: string, id: string): void {
  const m = readManifest(folder);
  m[id] = sha256File(join(folder, id));
  writeManifest(folder, m);
}

/** True when the backup's bytes still match the manifest (a backup made before manifests existed passes). */
export function matchesManifest(b: BackupFile): boolean {
  const expected = readManifest(dirname(b.file))[b.id];
  return expected === undefined || expected === sha256File(b.file);
}
