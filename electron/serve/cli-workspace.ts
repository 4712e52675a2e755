import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { openDatabase } from '../store/database';
import { backupFolder, createBackupSync } from '../store/backup/backups';
import type { OpenWorkspace } from '../store/workspaces';

/** Exit codes (documented in electron/serve/README.md). */
export const EXIT = { OK: 0, CHECK_FAILED: 1, USAGE: 2, WORKSPACE: 3, INPUT: 4, OUTPUT: 5, INTERNAL: 70 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

/** Where a workspace file's backups go: the app's layout (<data>/backups/<id>) when the file lives in <data>/workspaces. */
export function backupsFor(file: string): string {
  const id = basename(file).replace(/\.sqlite$/i, '');
  const dir = dirname(file);
  return basename(dir) === 'workspaces' ? backupFolder(dirname(dir), id) : join(dir, 'backups', id);
}

/** Opens a workspace file given on the command line. It must exist: the CLI never creates an empty database by accident. */
export function openWorkspaceFile(fileArg: string | undefined): OpenWorkspace {
  if (!fileArg) throw new CliError('--workspace FILE is required.', EXIT.USAGE);
  const file = resolve(fileArg);
  if (!existsSync(file) || !statSync(file).isFile()) throw new CliError(`No workspace file at ${file}`, EXIT.WORKSPACE);
  let db;
  try {
    db = openDatabase(file, { beforeMigrate: (d) => void createBackupSync(d, backupsFor(file), 'pre-migration', new Date()) });
  } catch (err) {
    throw new CliError((err as Error).message, EXIT.WORKSPACE);
  }
  const name = (db.prepare("SELECT value FROM meta WHERE key = 'name'").get() as { value: string } | undefined)?.value ?? basename(file);
  const id =
    basename(file)
      .replace(/\.sqlite$/i, '')
      .replace(/[^A-Za-z0-9_-]/g, '-')
      .slice(0, 64) || 'workspace';
  const dir = join(dirname(file), `${basename(file).replace(/\.sqlite$/i, '')}.files`);
  return { id, name, file, dir, db };
}

export function ensureOutDir(out: string | undefined): string {
  if (!out) throw new CliError('--out DIR is required.', EXIT.USAGE);
  const dir = resolve(out);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new CliError(`Cannot create the output folder ${dir}: ${(err as Error).message}`, EXIT.OUTPUT);
  }
  return dir;
}
