import type { Database } from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { AppError } from '../../../core/common/errors';
import { WORKSPACE_FORMAT, WORKSPACE_FORMAT_VERSION, type WorkspaceFile } from '../../../core/transfer/workspace-file';
import { MIGRATIONS } from '../migrations/index';
import { NEVER_EXPORTED_TABLES } from '../discovery/key';
import { discardPending, recordUnrecordedState, SYSTEM_ACTOR } from '../history/index';
import type { Actor, WriteContext } from '../mutate/index';
import type { OpenWorkspace, WorkspaceManager } from '../workspaces';

type Cell = WorkspaceFile['tables'][number]['rows'][number][number];
export const MAX_FILES_BYTES = 30 * 1024 * 1024;

export const tableNames = (db: Database): string[] =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]
  ).map((r) => r.name);
export const columnsOf = (db: Database, table: string): string[] =>
  (db.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).all(table) as { name: string }[]).map((r) => r.name);
export const hasRowid = (db: Database, table: string): boolean => {
  try {
    db.prepare(`SELECT rowid FROM "${table}" LIMIT 0`).all();
    return true;
  } catch {
    return false;
  }
};

export const toCell = (v: unknown): Cell => {
  if (v === null || typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (Buffer.isBuffer(v)) return { $base64: v.toString('base64') };
  return String(v);
};
const fromCell = (c: Cell): unknown => (c !== null && typeof c === 'object' ? Buffer.from(c.$base64, 'base64') : c);

export function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(relative(root, p).split(sep).join('/'));
    }
  };
  walk(root);
  return out;
}

/** Every table, row for row (meta's name travels in `workspace.name`), plus attachment files. */
/** Never exported: the workspace's fingerprint key (a copy of the file must not let anyone confirm a guessed secret). */

export function exportWorkspaceFile(ws: Pick<OpenWorkspace, 'db' | 'dir' | 'name'>, now: Date, appVersion: string): WorkspaceFile {
  const db = ws.db;
  return db.transaction(() => {
    // The discovery fingerprint key stays in the workspace file: an export with it would let anyone
    // confirm a guessed secret against the fingerprints it carries.
    const tables = tableNames(db)
      .filter((name) => !NEVER_EXPORTED_TABLES.has(name))
      .map((name) => {
        const columns = columnsOf(db, name);
        const order = hasRowid(db, name) ? ' ORDER BY rowid' : '';
        const where = name === 'meta' ? " WHERE key <> 'name'" : '';
        const rows = (db.prepare(`SELECT * FROM "${name}"${where}${order}`).raw().all() as unknown[][]).map((r) => r.map(toCell));
        return { name, columns, rows };
      });
    let total = 0;
    const files = listFiles(ws.dir).map((path) => {
      const buf = readFileSync(join(ws.dir, ...path.split('/')));
      total += buf.length;
      if (total > MAX_FILES_BYTES)
        throw new AppError('REFUSED', 'The workspace attachments are larger than 30 MB; use a backup instead of a JSON export.');
      return { path, base64: buf.toString('base64') };
    });
    const createdAt = (db.prepare("SELECT value FROM meta WHERE key = 'created_at'").get() as { value: string } | undefined)?.value ?? '';
    return {
      format: WORKSPACE_FORMAT,
      formatVersion: WORKSPACE_FORMAT_VERSION,
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
      appVersion,
      exportedAt: now.toISOString(),
      workspace: { name: ws.name, createdAt },
      tables,
      files,
    } satisfies WorkspaceFile;
  })();
}

/** Creates a new workspace and fills it from an export, all-or-nothing (a failed import leaves no workspace behind). */
export function importWorkspaceFile(
  manager: WorkspaceManager,
  name: string,
  file: WorkspaceFile,
  now: Date,
  by: { actor: Actor; door: WriteContext['door'] } = { actor: SYSTEM_ACTOR, door: 'system' },
): OpenWorkspace {
  if (file.schemaVersion > MIGRATIONS.length)
    throw new AppError(
      'NEWER_VERSION',
      `This export was made by a newer version of Agent Readiness (schema ${file.schemaVersion}). Update the app to import it.`,
    );
  const ws = manager.create(name, now, by.actor, by.door);
  try {
    const db = ws.db;
    const known = new Set(tableNames(db));
    const issues: { path: string; message: string }[] = [];
    file.tables.forEach((t, i) => {
      if (!known.has(t.name)) issues.push({ path: `tables.${i}.name`, message: `Unknown table "${t.name}"` });
      else {
        const cols = new Set(columnsOf(db, t.name));
        t.columns.forEach((c, j) => {
          if (!cols.has(c)) issues.push({ path: `tables.${i}.columns.${j}`, message: `Unknown column "${c}" in ${t.name}` });
        });
      }
    });
    if (issues.length)
      throw new AppError('VALIDATION', `The export does not match this app's workspace format: ${issues[0]!.message}`, {
        issues: issues.slice(0, 50),
      });
    db.transaction(() => {
      db.pragma('defer_foreign_keys = ON');
      // Triggers guard live edits (e.g. completed drills are immutable); a faithful copy must be able to
      // write those rows. They are dropped and re-created with their exact SQL in the same transaction.
      const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all() as {
        name: string;
        sql: string;
      }[];
      for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
      for (const t of [...known].reverse()) db.prepare(t === 'meta' ? `DELETE FROM meta WHERE key <> 'name'` : `DELETE FROM "${t}"`).run();
      for (const t of file.tables) {
        if (t.rows.length === 0) continue;
        const ins = db.prepare(
          `INSERT INTO "${t.name}" (${t.columns.map((c) => `"${c}"`).join(', ')}) VALUES (${t.columns.map(() => '?').join(', ')})`,
        );
        for (const r of t.rows) ins.run(...r.map(fromCell));
      }
      for (const t of triggers) db.exec(t.sql);
      // The copy keeps the export's own history; whatever the copy differs in (the new name, or every row of an export
      // from before the history existed) is recorded as this import's doing, by the importing actor.
      discardPending(db);
      recordUnrecordedState(db, 'workspace:import', 'imported from a workspace export', now.toISOString(), by.actor, by.door);
      const fk = db.pragma('foreign_key_check') as unknown[];
      if (fk.length)
        throw new AppError(
          'VALIDATION',
          `The export refers to records that are not in it (${fk.length} broken reference(s)); nothing was imported.`,
        );
    }).immediate();
    const root = resolve(ws.dir);
    for (const f of file.files) {
      const target = resolve(root, ...f.path.split('/'));
      if (!target.startsWith(root + sep)) throw new AppError('VALIDATION', `Invalid attachment path "${f.path}"`);
      mkdirSync(dirname(target), { recursive: true });
      if (!realpathSync(dirname(target)).startsWith(realpathSync(root)))
        throw new AppError('VALIDATION', `Invalid attachment path "${f.path}"`);
      writeFileSync(target, Buffer.from(f.base64, 'base64'), { flag: 'wx' });
    }
    return ws;
  } catch (err) {
    manager.close(ws.id);
    for (const p of [ws.file, `${ws.file}-wal`, `${ws.file}-shm`]) rmSync(p, { force: true });
    if (existsSync(ws.dir) && statSync(ws.dir).isDirectory()) rmSync(ws.dir, { recursive: true, force: true });
    if (err instanceof AppError) throw err;
    // A constraint or type the rows break (a hand-edited file): say so plainly; nothing was kept.
    throw new AppError('VALIDATION', `The export could not be imported, and no workspace was created: ${(err as Error).message}`);
  }
}
