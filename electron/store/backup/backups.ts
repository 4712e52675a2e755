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
  for (let n = 2; existsSync(join(folder, id)); n++) id = `${stamp}-${reason}-${n}.sqlite`;
  return { id, file: join(folder, id) };
}

/** `PRAGMA quick_check` on a read-only connection; returns the problems found (empty = ok). */
export function quickCheck(file: string): string[] {
  let db: Database | undefined;
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

function keepVerified(tmp: string, final: string): void {
  const problems = quickCheck(tmp);
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

/** Online backup (async, steps the SQLite backup API so writers keep going). */
export async function createBackup(db: Database, folder: string, reason: BackupReason, now: Date): Promise<BackupFile> {
  const { id, file } = newBackupPath(folder, reason, now);
  const tmp = `${file}.tmp`;
  try {
    await db.backup(tmp);
    keepVerified(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
  recordChecksum(folder, id);
  rotate(folder);
  return info(folder, id);
}

/**
 * Synchronous consistent copy for synchronous callers (the pre-migration hook runs inside the
 * open path). VACUUM INTO reads through the connection, WAL content included, like the backup API.
 */
export function createBackupSync(db: Database, folder: string, reason: BackupReason, now: Date): BackupFile {
  const { id, file } = newBackupPath(folder, reason, now);
  const tmp = `${file}.tmp`;
  try {
    db.prepare('VACUUM INTO ?').run(tmp);
    keepVerified(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
  recordChecksum(folder, id);
  rotate(folder);
  return info(folder, id);
}

/**
 * Removes backup copies a crashed or killed process left half-written (`<id>.sqlite.tmp`). A copy in
 * progress is written continuously, so one untouched for `olderThanMs` is abandoned. Only our own
 * temp names are touched; errors (no folder yet, read-only disk) are ignored. Returns what it removed.
 */
export function sweepAbandonedTemps(dataDir: string, olderThanMs = 60_000): string[] {
  const root = join(dataDir, 'backups');
  const removed: string[] = [];
  let folders: string[] = [];
  try {
    folders = readdirSync(root);
  } catch {
    return removed;
  }
  for (const ws of folders) {
    try {
      for (const f of readdirSync(join(root, ws))) {
        if (!f.endsWith('.tmp') || !BACKUP_ID.test(f.slice(0, -4))) continue;
        const p = join(root, ws, f);
        if (Date.now() - statSync(p).mtimeMs < olderThanMs) continue;
        rmSync(p, { force: true });
        removed.push(p);
      }
    } catch {
      // unreadable or read-only folder: leave it
    }
  }
  return removed;
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
const manifestFile = (folder: string): string => join(folder, 'manifest.json');

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
