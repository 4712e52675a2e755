import { basename } from 'node:path';
import type { Database } from '../database';
import type { WorkspaceManager } from '../workspaces';
import { backupFolder, createBackup, createBackupSync, type BackupFile } from './backups';
import { sweepAbandonedTemps } from './sweep';

const lastSeen = new WeakMap<Database, number>();

/** total_changes() of this connection: a cheap "did anything change since the last backup" probe. */
const changes = (db: Database): number => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

/** Backs up every open workspace that changed since its last automatic backup. */
export async function runAutoBackups(
  manager: WorkspaceManager,
  now: Date,
  opened: Iterable<{ id: string; db: Database; name?: string; dir?: string }>,
): Promise<BackupFile[]> {
  const made: BackupFile[] = [];
  for (const ws of opened) {
    const n = changes(ws.db);
    if (lastSeen.get(ws.db) === n) continue;
    try {
      const evidence = ws.dir ? { workspaceId: ws.id, workspaceName: ws.name ?? ws.id, db: ws.db, dir: ws.dir } : undefined;
      made.push(await createBackup(ws.db, manager.backupsFolder(ws.id), 'auto', now, evidence));
      lastSeen.set(ws.db, changes(ws.db));
    } catch (err) {
      if (process.env.AR_QUIET !== '1') console.error(`[backup] automatic backup of ${ws.id} failed:`, err);
    }
  }
  return made;
}

export type BackupOptions = { intervalMs?: number; now?: () => Date };

/**
 * Wires backups into a workspace manager: a verified backup before every migration, and a timer
 * that makes rotating automatic backups of open workspaces that changed. The timer never keeps
 * the process alive.
 */
export function installBackups(manager: WorkspaceManager, openIds: () => string[], opts: BackupOptions = {}): () => void {
  const now = opts.now ?? (() => new Date());
  sweepAbandonedTemps(manager.dataDir); // half-written copies from a crash mid-backup
  manager.beforeMigrate = (db) => {
    const id = basename(db.name).replace(/\.sqlite$/, '');
    createBackupSync(db, backupFolder(manager.dataDir, id), 'pre-migration', now());
  };
  const envMin = Number(process.env.AGENT_READINESS_BACKUP_MINUTES);
  const interval = opts.intervalMs ?? (Number.isFinite(envMin) && envMin > 0 ? envMin * 60_000 : 15 * 60_000);
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    const open = openIds().flatMap((id) => {
      try {
        return [manager.get(id)];
      } catch {
        return [];
      }
    });
    void runAutoBackups(manager, now(), open).finally(() => (running = false));
  }, interval);
  timer.unref();
  return () => clearInterval(timer);
}
