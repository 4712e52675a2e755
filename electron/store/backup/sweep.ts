import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BACKUP_ID, MANIFEST_NAME } from './backups';

/**
 * Removes what a crashed or killed process left behind: half-written copies (`<id>.sqlite.tmp`),
 * their `-wal`/`-shm`, the evidence half of a backup whose database never landed, and the empty
 * `-wal`/`-shm` that read-only opens left beside older WAL-mode backups, and a manifest rewrite cut short
 * (`manifest.json.tmp`; the manifest itself is only ever replaced by a rename). A copy in progress is
 * written continuously, so one untouched for `olderThanMs` is abandoned. Only our own names are
 * touched; errors (no folder yet, read-only disk) are ignored. Returns what it removed.
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
      removed.push(...sweepFolder(join(root, ws), olderThanMs));
    } catch {
      // unreadable or read-only folder: leave it
    }
  }
  return removed;
}

const SIDECAR = /^(.*\.sqlite(?:\.tmp)?)-(wal|shm|journal)$/;

export function sweepFolder(folder: string, olderThanMs = 60_000): string[] {
  const removed: string[] = [];
  const names = new Set(readdirSync(folder));
  const old = (p: string) => Date.now() - statSync(p).mtimeMs >= olderThanMs;
  const drop = (p: string, recursive = false) => {
    rmSync(p, { force: true, recursive });
    removed.push(p);
  };
  for (const f of names) {
    const p = join(folder, f);
    const side = SIDECAR.exec(f);
    if (side) {
      const owner = side[1]!;
      const isTemp = owner.endsWith('.tmp') && BACKUP_ID.test(owner.slice(0, -4));
      const walEmpty = !names.has(`${owner}-wal`) || statSync(join(folder, `${owner}-wal`)).size === 0;
      if ((isTemp && (!names.has(owner) || old(p))) || (BACKUP_ID.test(owner) && walEmpty)) drop(p);
      continue;
    }
    if (f.endsWith('.tmp') && (BACKUP_ID.test(f.slice(0, -4)) || f === `${MANIFEST_NAME}.tmp`) && old(p)) drop(p);
    const half = /^(.*)\.(files|manifest\.json)$/.exec(f);
    if (half && BACKUP_ID.test(`${half[1]}.sqlite`) && !names.has(`${half[1]}.sqlite`) && old(p)) drop(p, true);
  }
  return removed;
}
