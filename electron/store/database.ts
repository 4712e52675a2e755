import BetterSqlite3, { type Database } from 'better-sqlite3';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../core/common/errors';
import { MIGRATIONS } from './migrations/index';
import { recordUnrecordedState } from './history/baseline';
import type { Migration } from './migrations/types';

export type { Database };

/** Hook called before pending migrations run on an existing database (the backup feature uses it). */
export type BeforeMigrate = (db: Database, fromVersion: number, toVersion: number) => void;

export type OpenOptions = {
  migrations?: readonly Migration[];
  beforeMigrate?: BeforeMigrate;
  readonly?: boolean;
};

/** Durability settings: drill records are evidence, so every commit is fsynced (synchronous=FULL). */
export function applyPragmas(db: Database): void {
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('trusted_schema = OFF');
}

/**
 * A workspace connection checkpoints its WAL every 3,000 pages (~12 MB), not SQLite's 1,000. Every
 * change also writes its history entry and the head witness (a drill append writes ~4.2 pages,
 * a bare single-row commit ~1.5), so at the default the app ran about three checkpoints (a copy
 * into the database file and its fsync, inside whichever commit crosses the mark) for every one a
 * bare commit runs: ~13 instead of ~4 in P3's 3,000 appends, each among the slowest calls. At
 * 3,000 a checkpoint comes about as often per change as SQLite's default gives a bare commit, and
 * the pages every change rewrites (the witness, the newest entries' page) are copied once per
 * checkpoint instead of three times. Durability is unchanged (each commit is still fsynced).
 */
export const WORKSPACE_AUTOCHECKPOINT_PAGES = 3000;

/**
 * Opens (or creates) a workspace database and brings its schema up to date.
 * It never deletes, truncates or "repairs" a file that fails to open: the caller gets an
 * AppError saying what happened and where the file is, and the file stays as it was.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): Database {
  const migrations = opts.migrations ?? MIGRATIONS;
  const existed = existsSync(file);
  if (existed && statSync(file).size === 0) {
    throw unavailable(file, 'The workspace file is empty (0 bytes). It may have been truncated by a crash or a failed copy.');
  }
  let db: Database;
  try {
    db = new BetterSqlite3(file, { fileMustExist: existed || !!opts.readonly, readonly: !!opts.readonly });
  } catch (err) {
    throw unavailable(file, readOnlyFolder(file) ?? `The workspace file could not be opened: ${(err as Error).message}`);
  }
  try {
    // Reading the header first: a non-SQLite file fails here, before any pragma could write to it.
    const version = db.pragma('user_version', { simple: true }) as number;
    const latest = migrations.length;
    if (version > latest) {
      throw new AppError(
        'NEWER_VERSION',
        `This workspace was saved by a newer version of Agent Readiness (schema ${version}; this version knows up to ${latest}). Update the app to open it. The file was not changed: ${file}`,
        { details: { path: file, schemaVersion: version, supportedVersion: latest } },
      );
    }
    if (existed && !opts.readonly) {
      // A damaged page can open fine and fail later, mid-write: check before anything is written.
      const problems = (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check).filter((r) => r !== 'ok');
      if (problems.length > 0)
        throw unavailable(file, `The workspace file is damaged (integrity check: ${problems.slice(0, 3).join('; ')}).`);
    }
    if (!opts.readonly) {
      applyPragmas(db);
      db.pragma(`wal_autocheckpoint = ${WORKSPACE_AUTOCHECKPOINT_PAGES}`);
    } else db.pragma('query_only = ON');
    if (version < latest && !opts.readonly) {
      if (existed && version > 0) opts.beforeMigrate?.(db, version, latest);
      migrate(db, migrations, version);
    }
    return db;
  } catch (err) {
    db.close();
    if (err instanceof AppError) throw err;
    throw unavailable(file, readOnlyFolder(file) ?? `The workspace file could not be read as a database: ${(err as Error).message}`);
  }
}

/** Applies every pending migration in one transaction: either all of them land or none do. */
export function migrate(db: Database, migrations: readonly Migration[], fromVersion: number): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration list out of order at ${m.name}: expected version ${i + 1}, got ${m.version}`);
  });
  const pending = migrations.filter((m) => m.version > fromVersion);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const m of pending) m.up(db);
    // A later migration that adds a column or seeds rows changes data the history vouches for: record it as the upgrade's doing.
    if (fromVersion > 0)
      recordUnrecordedState(
        db,
        `migration:${pending.at(-1)!.name}`,
        `schema upgrade to version ${migrations.length}`,
        new Date().toISOString(),
      );
    db.pragma(`user_version = ${migrations.length}`);
  }).immediate();
}

/** SQLite must write its -wal/-shm beside the file: on a read-only folder say so, instead of "unable to open database file". */
function readOnlyFolder(file: string): string | null {
  try {
    accessSync(dirname(file), constants.W_OK);
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EROFS' && code !== 'EACCES' && code !== 'EPERM') return null;
    return `The data folder is read-only (${code}), so the workspace cannot be opened or changed there. Choose another data folder, or copy the workspace somewhere writable.`;
  }
}

function unavailable(file: string, message: string): AppError {
  return new AppError('WORKSPACE_UNAVAILABLE', `${message} The file was left untouched at: ${file}`, { details: { path: file } });
}
