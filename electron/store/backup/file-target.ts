import { basename, dirname, join } from 'node:path';
import { openDatabase, type Database } from '../database';
import type { OpenWorkspace } from '../workspaces';
import { backupFolder } from './backups';
import type { RestoreTarget } from './restore';

/** A workspace file's evidence folder and backups folder, by the app's layout rules (also for a file that does not exist yet). */
export function layoutOfFile(file: string): { id: string; dir: string; backups: string } {
  const stem = basename(file).replace(/\.sqlite$/i, '');
  const parent = dirname(file);
  return {
    id: stem,
    dir: join(parent, `${stem}.files`),
    backups: basename(parent) === 'workspaces' ? backupFolder(dirname(parent), stem) : join(parent, 'backups', stem),
  };
}

const nameOf = (db: Database, fallback: string): string =>
  (db.prepare("SELECT value FROM meta WHERE key = 'name'").get() as { value: string } | undefined)?.value ?? fallback;

/**
 * A restore target for a workspace file given by path (the CLI; on a new machine the file may not
 * exist yet). `releaseOthers` closes any other connection this process holds on the file.
 */
export function fileTarget(file: string, releaseOthers: () => void): RestoreTarget & { closeAll: () => void } {
  const layout = layoutOfFile(file);
  const opened: Database[] = [];
  const open = (): OpenWorkspace => {
    const db = openDatabase(file);
    opened.push(db);
    return { id: layout.id, name: nameOf(db, layout.id), file, dir: layout.dir, db };
  };
  const closeAll = () => {
    for (const db of opened.splice(0)) if (db.open) db.close();
  };
  return {
    file,
    backups: layout.backups,
    current: () => {
      try {
        return open();
      } catch {
        return null;
      }
    },
    release: () => {
      releaseOthers();
      closeAll();
    },
    reopen: open,
    closeAll,
  };
}
