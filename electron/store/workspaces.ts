import { mkdirSync, readdirSync, existsSync, readFileSync, writeFileSync, renameSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError, fieldError } from '../../core/common/errors';
import type { WorkspaceInfo } from '../../core/workspace/model';
import { openDatabase, type Database, type BeforeMigrate } from './database';
import { seedDefaultEnvironments } from './inventory/environments';
import { backupFolder, createBackupSync } from './backup/backups';
import { nameKey } from './ids';
import { writeTransaction, type Actor, type WriteContext, type WriteTx } from './mutate/index';
import { SYSTEM_ACTOR } from './history/baseline';

/** An open workspace: its database plus a folder beside it for evidence files. */
export type OpenWorkspace = { id: string; name: string; file: string; dir: string; db: Database };

const EXT = '.sqlite';
const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * The set of workspaces in one data folder: `<dataDir>/workspaces/<id>.sqlite`, each with a
 * `<id>.files/` folder for attachments. Connections are opened once and kept.
 */
export class WorkspaceManager {
  readonly dataDir: string;
  readonly folder: string;
  private readonly open = new Map<string, OpenWorkspace>();
  /** Workspace files opened by path (the CLI): their file and backup folder, by the id they were given. */
  private readonly attached = new Map<string, { file: string; backups: string }>();
  /** Set by the backup feature so every migration is preceded by a verified backup. */
  beforeMigrate: BeforeMigrate | undefined;

  /** `createFolder: false` for a manager that only opens files by path (it must not leave an empty workspaces/ folder). */
  constructor(dataDir: string, opts: { createFolder?: boolean } = {}) {
    this.dataDir = dataDir;
    this.folder = join(dataDir, 'workspaces');
    if (opts.createFolder !== false) mkdirSync(this.folder, { recursive: true });
  }

  fileFor(id: string): string {
    if (!ID_PATTERN.test(id)) throw new AppError('NOT_FOUND', 'No such workspace.');
    return this.attached.get(id)?.file ?? join(this.folder, id + EXT);
  }

  /** Where a workspace's backups go: <data>/backups/<id>, or beside a file opened by path. */
  backupsFolder(id: string): string {
    this.fileFor(id);
    return this.attached.get(id)?.backups ?? backupFolder(this.dataDir, id);
  }

  /**
   * Opens a workspace file given by path (the CLI's --workspace FILE). It must exist: nothing
   * creates an empty database by accident. Backups go to the app's layout (<data>/backups/<name>)
   * when the file lives in <data>/workspaces, else to backups/<name> beside it; a migration is
   * preceded by a verified backup there.
   */
  attachFile(file: string, now: Date): OpenWorkspace {
    if (!existsSync(file) || !statSync(file).isFile()) throw new AppError('NOT_FOUND', `No workspace file at ${file}`);
    const stem = basename(file).replace(/\.sqlite$/i, '');
    const id =
      stem
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')
        .replace(/^-+/, '')
        .slice(0, 64) || 'workspace';
    const dir = dirname(file);
    const backups = basename(dir) === 'workspaces' ? backupFolder(dirname(dir), stem) : join(dir, 'backups', stem);
    const cached = this.open.get(id);
    if (cached?.file === file) return cached;
    this.close(id);
    const db = openDatabase(file, { beforeMigrate: (d) => void createBackupSync(d, backups, 'pre-migration', now) });
    this.attached.set(id, { file, backups });
    return this.register(id, file, db, join(dir, `${stem}.files`));
  }

  /** The workspace opened last, remembered in the data folder so a restart (or a new browser-mode port) reopens it. */
  get lastOpened(): string | null {
    try {
      const v = (JSON.parse(readFileSync(join(this.dataDir, 'app-state.json'), 'utf8')) as { lastWorkspaceId?: unknown }).lastWorkspaceId;
      return typeof v === 'string' && ID_PATTERN.test(v) ? v : null;
    } catch {
      return null;
    }
  }

  set lastOpened(id: string | null) {
    const file = join(this.dataDir, 'app-state.json');
    writeFileSync(`${file}.tmp`, JSON.stringify({ lastWorkspaceId: id }));
    renameSync(`${file}.tmp`, file); // atomic replace: a crash never leaves half a file
  }

  /** Lists every workspace file; one that cannot be opened is listed with its error, never hidden. */
  list(): WorkspaceInfo[] {
    if (!existsSync(this.folder)) return [];
    const ids = readdirSync(this.folder)
      .filter((f) => f.endsWith(EXT))
      .map((f) => f.slice(0, -EXT.length))
      .filter((id) => ID_PATTERN.test(id))
      .sort();
    return ids.map((id) => {
      const file = this.fileFor(id);
      try {
        const ws = this.get(id);
        return { id, name: ws.name, file, status: 'ok' as const, error: null, createdAt: readMeta(ws.db, 'created_at') ?? '' };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const code = err instanceof AppError ? err.code : 'INTERNAL';
        return { id, name: id, file, status: 'unavailable' as const, error: { code, message }, createdAt: '' };
      }
    });
  }

  /** Creates a workspace file; its first rows (name, creation time, built-in environments) are the first history entries, by `actor`. */
  create(name: string, now: Date, actor: Actor = SYSTEM_ACTOR, door: WriteContext['door'] = 'system'): OpenWorkspace {
    const key = nameKey(name);
    if (this.list().some((w) => w.status === 'ok' && nameKey(w.name) === key)) {
      throw fieldError('name', `A workspace named "${name}" already exists.`);
    }
    const slug =
      key
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 40) || 'workspace';
    let id = `${slug}-${randomBytes(3).toString('hex')}`;
    while (existsSync(this.fileFor(id))) id = `${slug}-${randomBytes(3).toString('hex')}`;
    return this.createFile(id, name, now, actor, door);
  }

  /**
   * A team server's workspace (issue 14): its id and name come from the team database, and its
   * file is made on first use. Another instance making it at the same moment is not an error.
   */
  ensure(id: string, name: string, now: Date, actor: Actor, door: WriteContext['door']): OpenWorkspace {
    if (existsSync(this.fileFor(id))) return this.get(id);
    try {
      return this.createFile(id, name, now, actor, door);
    } catch (err) {
      this.open.delete(id);
      if (existsSync(this.fileFor(id))) return this.get(id);
      throw err;
    }
  }

  private createFile(id: string, name: string, now: Date, actor: Actor, door: WriteContext['door']): OpenWorkspace {
    const file = this.fileFor(id);
    mkdirSync(this.folder, { recursive: true });
    const db = openDatabase(file);
    writeTransaction({ db, actor, channel: 'workspace:create', now, door }, () => {
      const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      put.run('name', name);
      put.run('created_at', now.toISOString());
      seedDefaultEnvironments(db, now);
    });
    const ws = this.register(id, file, db);
    return ws;
  }

  /** Returns the open workspace, opening (and migrating) it on first use. */
  get(id: string): OpenWorkspace {
    const cached = this.open.get(id);
    if (cached) return cached;
    const file = this.fileFor(id);
    if (!existsSync(file)) throw new AppError('NOT_FOUND', `Workspace "${id}" does not exist.`);
    const db = openDatabase(file, this.beforeMigrate ? { beforeMigrate: this.beforeMigrate } : {});
    return this.register(id, file, db);
  }

  /** Renames a workspace inside the change's write transaction (electron/store/mutate). */
  rename(tx: WriteTx, id: string, name: string): OpenWorkspace {
    const ws = this.get(id);
    if (tx.db !== ws.db) throw new Error('rename: the write transaction is not on this workspace');
    const key = nameKey(name);
    if (this.list().some((w) => w.id !== id && w.status === 'ok' && nameKey(w.name) === key)) {
      throw fieldError('name', `A workspace named "${name}" already exists.`);
    }
    tx.db.prepare("UPDATE meta SET value = ? WHERE key = 'name'").run(name);
    ws.name = name;
    return ws;
  }

  /** Closes one workspace's connection (e.g. before a restore replaces its file). */
  close(id: string): void {
    const ws = this.open.get(id);
    if (!ws) return;
    this.open.delete(id);
    ws.db.close();
  }

  /** Ids of the workspaces with an open connection (what automatic backups look after). */
  openIds(): string[] {
    return [...this.open.keys()];
  }

  closeAll(): void {
    for (const id of [...this.open.keys()]) this.close(id);
  }

  private register(id: string, file: string, db: Database, dir = join(this.folder, `${id}.files`)): OpenWorkspace {
    mkdirSync(dir, { recursive: true });
    const ws: OpenWorkspace = { id, name: readMeta(db, 'name') ?? id, file, dir, db };
    this.open.set(id, ws);
    return ws;
  }
}

/** When the workspace was created ('' for a file from before that was recorded). */
export const workspaceCreatedAt = (db: Database): string => readMeta(db, 'created_at') ?? '';

function readMeta(db: Database, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}
