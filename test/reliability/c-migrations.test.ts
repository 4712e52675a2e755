/** Family C: migrations from every earlier schema version, atomic failure, newer-version refusal, additive-only policy (R13-R16). */
import BetterSqlite3 from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/common/errors';
import { createBackupSync } from '../../electron/store/backup/backups';
import { openDatabase, migrate } from '../../electron/store/database';
import { MIGRATIONS } from '../../electron/store/migrations/index';
import { createServiceContext } from '../../electron/services/context';
import { dispatch } from '../../electron/services/dispatch';
import { removeDir } from '../integration/helpers';
import { buildAtVersion, integrity, LATEST, representativeWorkspace, schemaOf, sha, snapshot, tablesAt, totalRows } from './lib/db';
import { report } from './lib/report';

async function sourceFile(): Promise<{ file: string; dir: string }> {
  const { h, file } = await representativeWorkspace(5);
  h.close();
  return { file, dir: h.dataDir };
}

describe('C. migrations', () => {
  it('R13 every earlier schema version migrates to the latest with its data intact', async () => {
    const src = await sourceFile();
    const fresh = new BetterSqlite3(':memory:');
    migrate(fresh, MIGRATIONS, 0);
    const freshSchema = JSON.stringify([...schemaOf(fresh)]);
    fresh.close();
    const results: string[] = [];
    let ok = 0;
    for (let k = 1; k < LATEST; k++) {
      const dataDir = mkdtempSync(join(tmpdir(), `ar-rel-v${k}-`));
      mkdirSync(join(dataDir, 'workspaces'));
      const id = `legacy-v${k}`;
      const file = join(dataDir, 'workspaces', `${id}.sqlite`);
      buildAtVersion(src.file, k, file);
      const tables = tablesAt(k);
      const pre = new BetterSqlite3(file, { readonly: true });
      const before = snapshot(pre, tables);
      pre.close();
      // the real start-up path: a service context (with the pre-migration backup hook) opening the workspace
      const ctx = createServiceContext({ dataDir, mode: 'cli' });
      const opened = await dispatch(ctx, 'workspace:open', { workspaceId: id });
      const db = ctx.workspaces.get(id).db;
      const version = db.pragma('user_version', { simple: true }) as number;
      const integ = integrity(db);
      const fk = (db.pragma('foreign_key_check') as unknown[]).length;
      const after = snapshot(db, tables);
      const schemaSame = JSON.stringify([...schemaOf(db)]) === freshSchema;
      ctx.workspaces.closeAll();
      const backups = existsSync(join(dataDir, 'backups', id))
        ? readdirSync(join(dataDir, 'backups', id)).filter((f) => f.includes('pre-migration') && f.endsWith('.sqlite')).length
        : 0;
      const preserved = JSON.stringify(before) === JSON.stringify(after);
      const good = opened.ok && version === LATEST && integ === 'ok' && fk === 0 && preserved && schemaSame && backups === 1;
      if (good) ok++;
      results.push(
        `v${k}->v${version}: rows=${totalRows(before)} ${preserved ? 'hashes equal' : 'HASH CHANGED'}${schemaSame ? '' : ' SCHEMA DIFFERS'}${backups ? '' : ' NO BACKUP'}${integ === 'ok' ? '' : ` integrity=${integ}`}${fk ? ` fk=${fk}` : ''}`,
      );
      removeDir(dataDir);
    }
    removeDir(src.dir);
    const versions = LATEST - 1;
    expect(
      report(
        'R13',
        ok === versions && versions > 0,
        `versions=${ok}/${versions} ok; user_version=${LATEST}; integrity ok; foreign_key_check rows=0; pre-migration backup each; schema == fresh install; ${results.join('; ')}`,
      ),
    ).toBe(true);
  });

  it('R14 a failing migration is atomic', async () => {
    const src = await sourceFile();
    const work = mkdtempSync(join(tmpdir(), 'ar-rel-fail-'));
    let ok = 0;
    const parts: string[] = [];
    for (let k = 1; k < LATEST; k++) {
      const file = join(work, `v${k}.sqlite`);
      buildAtVersion(src.file, k, file);
      const tables = tablesAt(k);
      const pre = new BetterSqlite3(file, { readonly: true });
      const before = snapshot(pre, tables);
      pre.close();
      // the migration after k applies its changes and then throws
      const broken = MIGRATIONS.map((m) =>
        m.version === k + 1
          ? {
              ...m,
              up: (db: Parameters<typeof m.up>[0]) => {
                m.up(db);
                throw new Error(`injected failure in migration ${m.version}`);
              },
            }
          : m,
      );
      const backups = join(work, `backups-${k}`);
      let error: unknown = null;
      try {
        openDatabase(file, { migrations: broken, beforeMigrate: (d) => createBackupSync(d, backups, 'pre-migration', new Date()) }).close();
      } catch (err) {
        error = err;
      }
      const db = new BetterSqlite3(file, { readonly: true });
      const version = db.pragma('user_version', { simple: true }) as number;
      const same = JSON.stringify(snapshot(db, tables)) === JSON.stringify(before);
      const objects = (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n;
      db.close();
      const m = new BetterSqlite3(':memory:');
      migrate(m, MIGRATIONS.slice(0, k), 0);
      const expectedObjects = (m.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n;
      m.close();
      const backup = existsSync(backups) && readdirSync(backups).some((f) => f.endsWith('.sqlite'));
      const userError = error instanceof AppError && /injected failure/.test(error.message) && error.message.includes(file);
      if (version === k && same && backup && userError && objects === expectedObjects) ok++;
      parts.push(
        `throw at step ${k + 1}: user_version stays ${version}, data hash ${same ? 'unchanged' : 'CHANGED'}, schema objects ${objects}/${expectedObjects}, pre-migration backup=${backup ? 'yes' : 'no'}, user-facing error=${userError ? `yes (${(error as AppError).code})` : 'no'}`,
      );
    }
    removeDir(work);
    removeDir(src.dir);
    expect(report('R14', ok === LATEST - 1 && ok > 0, `cases=${ok}/${LATEST - 1}; ${parts.join('; ')}`)).toBe(true);
  });

  it('R15 a database from a newer version is refused and left unchanged', async () => {
    const { h, workspaceId, file } = await representativeWorkspace(0);
    h.close();
    const db = new BetterSqlite3(file);
    db.pragma(`user_version = ${LATEST + 1}`);
    db.close();
    const before = sha(file);
    const ctx = createServiceContext({ dataDir: h.dataDir, mode: 'cli' });
    const r = await dispatch(ctx, 'workspace:open', { workspaceId });
    const listed = (await dispatch(ctx, 'workspace:list', {})) as { ok: true; value: Array<{ id: string; status: string }> };
    ctx.workspaces.closeAll();
    const after = sha(file);
    const wal = existsSync(`${file}-wal`);
    removeDir(h.dataDir);
    const err = r.ok ? null : r.error;
    const pass =
      !r.ok &&
      err?.code === 'NEWER_VERSION' &&
      /newer version/.test(err.message) &&
      before === after &&
      !wal &&
      listed.value.find((w) => w.id === workspaceId)?.status === 'unavailable';
    expect(
      report(
        'R15',
        pass,
        `opened for write=${r.ok ? 'yes' : 'no'}; sha unchanged=${before === after}; wal created=${wal}; code=${err?.code} message="${err?.message.slice(0, 60)}..."`,
      ),
    ).toBe(true);
  });

  it('R16 migration policy guard: strictly increasing, additive only', () => {
    let nonMonotonic = 0;
    MIGRATIONS.forEach((m, i) => {
      if (m.version !== i + 1) nonMonotonic++;
    });
    const breakages: string[] = [];
    const objectsAt = (k: number) => {
      const mem = new BetterSqlite3(':memory:');
      migrate(mem, MIGRATIONS.slice(0, k), 0);
      const schema = schemaOf(mem);
      const cols = new Map<string, string>();
      for (const key of schema.keys()) {
        if (!key.startsWith('table:')) continue;
        const t = key.slice(6);
        for (const c of mem.prepare('SELECT name, type, "notnull" AS nn, pk FROM pragma_table_info(?)').all(t) as {
          name: string;
          type: string;
          nn: number;
          pk: number;
        }[])
          cols.set(`${t}.${c.name}`, `${c.type}/${c.nn}/${c.pk}`);
      }
      mem.close();
      return { schema, cols };
    };
    let prev = objectsAt(0);
    for (let k = 1; k <= LATEST; k++) {
      const cur = objectsAt(k);
      for (const key of prev.schema.keys()) if (!cur.schema.has(key) && !key.startsWith('trigger:')) breakages.push(`v${k} removed ${key}`);
      for (const [c, def] of prev.cols) {
        if (!cur.cols.has(c)) breakages.push(`v${k} removed column ${c}`);
        else if (cur.cols.get(c) !== def) breakages.push(`v${k} changed column ${c}`);
      }
      prev = cur;
    }
    expect(
      report(
        'R16',
        breakages.length === 0 && nonMonotonic === 0,
        `migrations=${LATEST}; breakages=${breakages.length}${breakages.length ? ` (${breakages.slice(0, 3).join(', ')})` : ''}; non-monotonic=${nonMonotonic}; the open path also refuses an out-of-order list`,
      ),
    ).toBe(true);
  });
});
