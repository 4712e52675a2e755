import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronSourceFiles, electronViolations, ROOT } from './electron-rules';

const at = (p: string) => join(ROOT, p);
const check = (p: string, source: string) => electronViolations(at(p), source);

describe('electron layer rules: SQL in the store, one mutation path, every door through dispatch', () => {
  const files = electronSourceFiles();

  it('finds the electron sources, the store among them', () => {
    expect(files.length).toBeGreaterThan(40);
    expect(files.some((f) => f.includes(join('electron', 'store', 'mutate')))).toBe(true);
  });

  it('every electron file keeps SQL in the store, writes through the store, and imports only downward', () => {
    const problems = files.flatMap((f) => electronViolations(f, readFileSync(f, 'utf8')));
    expect(problems).toEqual([]);
  });

  it('catches SQL prepared or executed outside electron/store', () => {
    expect(check('electron/services/x.ts', "ws.db.prepare('SELECT 1 FROM agents WHERE id = ?').get(id);")).toHaveLength(1);
    expect(check('electron/serve/x.ts', "db.exec('VACUUM');")).toHaveLength(1);
    expect(check('electron/services/x.ts', "const v = db.pragma('data_version', { simple: true });")).toHaveLength(1);
    expect(check('electron/services/x.ts', 'ws.db.transaction(() => write())();')).toHaveLength(1);
    expect(check('electron/main/x.ts', 'connection.exec(sql);')).toHaveLength(1);
    // pg: a pool's or client's query, or SQL text given to any query
    expect(check('electron/services/x.ts', "await tx.client.query('LOCK TABLE team_accounts IN EXCLUSIVE MODE');")).toHaveLength(1);
    expect(check('electron/services/x.ts', 'await db.pool.query(sql, [id]);')).toHaveLength(1);
    expect(check('electron/services/x.ts', 'const r = await session.query(sql, maxRows);')).toHaveLength(0);
    // the same calls inside the store are its job
    expect(check('electron/store/drills/x.ts', "db.prepare('SELECT 1').get(); db.pragma('user_version');")).toHaveLength(0);
  });

  it('does not mistake a regular expression, a comment or prose for SQL', () => {
    expect(check('electron/main/x.ts', 'const id = /^\\/([0-9a-f-]{36})\\.html$/.exec(url.pathname)?.[1];')).toHaveLength(0);
    expect(check('electron/services/x.ts', 'const ext = EXT_PATTERN.exec(fileName);')).toHaveLength(0);
    expect(check('electron/services/x.ts', '// db.prepare("DELETE FROM grants") used to live here\nexport const a = 1;')).toHaveLength(0);
    expect(
      check('electron/services/x.ts', "throw new Error('Could not update the grant; delete it from the list instead.');"),
    ).toHaveLength(0);
  });

  it('catches INSERT, UPDATE or DELETE outside the store entity write functions', () => {
    expect(check('electron/services/x.ts', "const sql = 'DELETE FROM grants WHERE system_id = ?';")).toHaveLength(1);
    expect(check('electron/services/x.ts', 'const sql = `UPDATE agents SET name = ? WHERE id = ${id}`;')).toHaveLength(1);
    expect(check('electron/store/backup/x.ts', "const sql = 'INSERT INTO meta (key, value) VALUES (?, ?)';")).toHaveLength(1);
    expect(check('electron/store/x.ts', "const sql = 'INSERT OR REPLACE INTO answers VALUES (?)';")).toHaveLength(1);
    expect(check('electron/store/inventory/x.ts', "const sql = 'INSERT INTO agents (id) VALUES (?)';")).toHaveLength(0);
    expect(check('electron/store/scoring/x.ts', "const sql = 'UPDATE answers SET note = ? WHERE id = ?';")).toHaveLength(0);
  });

  it('catches electron/serve importing the store instead of calling dispatch', () => {
    expect(check('electron/serve/x.ts', "import { openDatabase } from '../store/database';")).toHaveLength(1);
    expect(check('electron/serve/x.ts', "const { createBackup } = await import('../store/backup/backups');")).toHaveLength(1);
    expect(check('electron/serve/x.ts', "import { dispatch } from '../services/dispatch';")).toHaveLength(0);
  });

  it('catches a lower layer importing a higher one (preload, main, serve, services, store)', () => {
    expect(check('electron/store/x.ts', "import type { ServiceContext } from '../services/context';")).toHaveLength(1);
    expect(check('electron/store/inventory/x.ts', "import { dispatch } from '../../services/dispatch';")).toHaveLength(1);
    expect(check('electron/services/x.ts', "import { DATA_DIR_ENV } from '../serve/data-dir';")).toHaveLength(1);
    expect(check('electron/services/x.ts', "import { printToPdf } from '../main/print-pdf';")).toHaveLength(1);
    expect(check('electron/serve/x.ts', "import { trustWindow } from '../main/ipc';")).toHaveLength(1);
    expect(check('electron/main/x.ts', "import { api } from '../preload/api';")).toHaveLength(1);
    // downward is the rule
    expect(
      check('electron/main/x.ts', "import { DATA_DIR_ENV } from '../serve/data-dir';\nimport { dispatch } from '../services/dispatch';"),
    ).toHaveLength(0);
    expect(check('electron/services/x.ts', "import { openDatabase } from '../store/database';")).toHaveLength(0);
  });
});
