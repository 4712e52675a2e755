import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../core/common/errors';
import { WORKSPACE_FORMAT, WORKSPACE_FORMAT_VERSION } from '../../../core/transfer/workspace-file';
import { NEVER_EXPORTED_TABLES } from '../discovery/key';
import type { Database } from 'better-sqlite3';
import { columnsOf, hasRowid, listFiles, MAX_FILES_BYTES, tableNames, toCell } from './workspace-json';

/**
 * The full workspace export as a sequence of JSON text pieces, read row by row (issue 16 §2): joined,
 * they are exactly `JSON.stringify(exportWorkspaceFile(...))`, with the same keys in the same order,
 * but no table is ever held whole. `db` is an export reader's connection (one read transaction).
 */
export function* workspaceJsonPieces(
  db: Database,
  ws: { dir: string; name: string },
  now: Date,
  appVersion: string,
  onRow: () => void = () => {},
): Generator<string> {
  const createdAt = (db.prepare("SELECT value FROM meta WHERE key = 'created_at'").get() as { value: string } | undefined)?.value ?? '';
  const head = {
    format: WORKSPACE_FORMAT,
    formatVersion: WORKSPACE_FORMAT_VERSION,
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    appVersion,
    exportedAt: now.toISOString(),
    workspace: { name: ws.name, createdAt },
  };
  yield `${JSON.stringify(head).slice(0, -1)},"tables":[`;
  let firstTable = true;
  for (const name of tableNames(db)) {
    if (NEVER_EXPORTED_TABLES.has(name)) continue;
    const columns = columnsOf(db, name);
    const order = hasRowid(db, name) ? ' ORDER BY rowid' : '';
    const where = name === 'meta' ? " WHERE key <> 'name'" : '';
    yield `${firstTable ? '' : ','}{"name":${JSON.stringify(name)},"columns":${JSON.stringify(columns)},"rows":[`;
    firstTable = false;
    let first = true;
    for (const r of db.prepare(`SELECT * FROM "${name}"${where}${order}`).raw().iterate() as Iterable<unknown[]>) {
      yield `${first ? '' : ','}${JSON.stringify(r.map(toCell))}`;
      first = false;
      onRow();
    }
    yield ']}';
  }
  yield '],"files":[';
  let total = 0;
  let firstFile = true;
  for (const path of listFiles(ws.dir)) {
    const buf = readFileSync(join(ws.dir, ...path.split('/')));
    total += buf.length;
    if (total > MAX_FILES_BYTES)
      throw new AppError('REFUSED', 'The workspace attachments are larger than 30 MB; use a backup instead of a JSON export.');
    yield `${firstFile ? '' : ','}${JSON.stringify({ path, base64: buf.toString('base64') })}`;
    firstFile = false;
  }
  yield ']}';
}
