import BetterSqlite3 from 'better-sqlite3';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServiceContext, type ServiceContext } from '../../../electron/services/context';
import { dispatch } from '../../../electron/services/dispatch';
import { openDatabase } from '../../../electron/store/database';
import { MIGRATIONS } from '../../../electron/store/migrations/index';
import { backupFolder, createBackup, listBackups, quickCheck, rotate } from '../../../electron/store/backup/backups';
import { runAutoBackups } from '../../../electron/store/backup/auto';
import { validateWorkspaceFile } from '../../../electron/store/backup/restore';

process.env.AR_QUIET = '1';
const dirs: string[] = [];
const contexts: ServiceContext[] = [];
afterEach(() => {
  for (const c of contexts.splice(0)) c.workspaces.closeAll();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ar-backup-'));
  dirs.push(dataDir);
  let t = Date.parse('2026-03-01T10:00:00.000Z');
  const ctx = createServiceContext({ dataDir, mode: 'cli', now: () => new Date((t += 1000)) });
  contexts.push(ctx);
  const call = async <T = unknown>(channel: string, input: unknown): Promise<T> => {
    const r = await dispatch(ctx, channel, input);
    if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
    return r.value as T;
  };
  return { dataDir, ctx, call };
}

const count = (file: string, table: string): number => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('backups', () => {
  it('a backup taken under concurrent writes contains every committed row (raw copy control misses them)', async () => {
    const { ctx, call } = setup();
    const ws = await call<{ id: string; file: string }>('workspace:create', { name: 'Live' });
    const db = ctx.workspace(ws.id).db;
    db.pragma('wal_autocheckpoint = 0');
    const insert = db.prepare("INSERT INTO workflows (id, name, name_key, created_at, updated_at) VALUES (?, ?, ?, 'x', 'x')");
    for (let i = 0; i < 1000; i++) insert.run(`w${i}`, `W ${i}`, `w ${i}`);
    const control = join(ctx.workspaces.dataDir, 'raw-copy.sqlite');
    copyFileSync(ws.file, control);
    // A second connection keeps writing while the backup steps.
    const other = new BetterSqlite3(ws.file);
    other.pragma('busy_timeout = 5000');
    other.pragma('wal_autocheckpoint = 0');
    const ins2 = other.prepare("INSERT INTO workflows (id, name, name_key, created_at, updated_at) VALUES (?, ?, ?, 'x', 'x')");
    let extra = 0;
    let stop = false;
    const writer = (async () => {
      while (!stop) {
        ins2.run(`c${extra}`, `C ${extra}`, `c ${extra}`);
        extra++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const b = await createBackup(db, backupFolder(ctx.workspaces.dataDir, ws.id), 'manual', new Date('2026-03-01T10:00:00Z'));
    stop = true;
    await writer;
    other.close();
    const inBackup = count(b.file, 'workflows');
    let inRaw = 0;
    try {
      inRaw = count(control, 'workflows');
    } catch {
      inRaw = 0;
    }
    console.log(`R11 rows committed before backup=1000, in backup=${inBackup}, concurrent writes=${extra}, raw copy (control)=${inRaw}`);
    expect(inBackup).toBeGreaterThanOrEqual(1000);
    expect(inRaw).toBeLessThan(1000);
    expect(quickCheck(b.file)).toEqual([]);
  });

  it('rotates automatic backups: 3 from the newest day, 1 per earlier day, 10 at most; every kept one passes quick_check', async () => {
    const { ctx, call } = setup();
    const ws = await call<{ id: string }>('workspace:create', { name: 'Rotating' });
    const open = ctx.workspace(ws.id);
    // two backups a day for 14 days, then 4 more on the last day
    const times = [
      ...Array.from({ length: 28 }, (_, i) => Date.UTC(2026, 2, 1 + Math.floor(i / 2), 8 + (i % 2))),
      ...[1, 2, 3, 4].map((m) => Date.UTC(2026, 2, 14, 12, m)),
    ];
    for (const [i, t] of times.entries()) {
      open.db
        .prepare("INSERT INTO workflows (id, name, name_key, created_at, updated_at) VALUES (?, ?, ?, 'x', 'x')")
        .run(`r${i}`, `R${i}`, `r${i}`);
      await runAutoBackups(ctx.workspaces, new Date(t), [open]);
    }
    // unchanged: no new backup
    expect(await runAutoBackups(ctx.workspaces, new Date(Date.UTC(2026, 2, 15)), [open])).toHaveLength(0);
    const kept = listBackups(backupFolder(ctx.workspaces.dataDir, ws.id));
    const auto = kept.filter((b) => b.reason === 'auto');
    expect(auto).toHaveLength(10);
    expect(auto.filter((b) => b.createdAt.startsWith('2026-03-14'))).toHaveLength(3);
    expect(new Set(auto.slice(3).map((b) => b.createdAt.slice(0, 10))).size).toBe(7);
    console.log(
      `R11 rotation: made=${times.length}, kept=${auto.length}, verified=${auto.filter((b) => quickCheck(b.file).length === 0).length}`,
    );
    for (const b of kept) expect(quickCheck(b.file)).toEqual([]);
    expect(count(kept[0]!.file, 'workflows')).toBe(times.length);
    expect(rotate(backupFolder(ctx.workspaces.dataDir, ws.id))).toEqual([]);
  });

  it('restores from the backup list, after backing up the current state', async () => {
    const { call } = setup();
    const ws = await call<{ id: string }>('workspace:create', { name: 'Restore me' });
    await call('agent:create', { workspaceId: ws.id, agent: { name: 'Keeper' } });
    const b = await call<{ id: string }>('backup:create', { workspaceId: ws.id });
    await call('agent:create', { workspaceId: ws.id, agent: { name: 'Later' } });
    const res = await call<{ preRestoreBackup: { id: string } | null }>('backup:restore', { workspaceId: ws.id, backupId: b.id });
    expect(res.preRestoreBackup?.id).toMatch(/pre-restore/);
    const ov = await call<{ agents: { name: string }[] }>('inventory:overview', { workspaceId: ws.id });
    expect(ov.agents.map((a) => a.name)).toEqual(['Keeper']);
    const list = await call<{ reason: string }[]>('backup:list', { workspaceId: ws.id });
    expect(list.map((x) => x.reason).sort()).toEqual(['manual', 'pre-restore']);
    await expect(call('backup:restore', { workspaceId: ws.id, backupId: '../../etc.sqlite' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });

  it('a corrupt workspace opens into the restore offer, and the offer restores it', async () => {
    const { ctx, call } = setup();
    const ws = await call<{ id: string; file: string }>('workspace:create', { name: 'Fragile' });
    await call('agent:create', { workspaceId: ws.id, agent: { name: 'Survivor' } });
    const good = await call<{ id: string }>('backup:create', { workspaceId: ws.id });
    ctx.workspaces.closeAll();
    const fd = openSync(ws.file, 'r+');
    writeSync(fd, Buffer.alloc(24, 0x41), 0, 24, 0);
    closeSync(fd);
    const before = readFileSync(ws.file);
    const list = await call<{ id: string; status: string }[]>('workspace:list', {});
    expect(list.find((w) => w.id === ws.id)?.status).toBe('unavailable');
    // a newer backup whose bytes changed after it was made is skipped (manifest sha256)
    const src = new BetterSqlite3(join(backupFolder(ctx.workspaces.dataDir, ws.id), good.id), { readonly: true });
    const tampered = await createBackup(src, backupFolder(ctx.workspaces.dataDir, ws.id), 'manual', new Date('2030-01-01T00:00:00Z'));
    src.close();
    const tfd = openSync(tampered.file, 'r+');
    writeSync(tfd, Buffer.from('x'), 0, 1, statSync(tampered.file).size - 1);
    closeSync(tfd);
    const offer = await call<{ error: string | null; offer: { id: string } | null; valid: number; scanned: number }>(
      'backup:restoreOffer',
      { workspaceId: ws.id },
    );
    expect(offer.error).toMatch(/not a database|could not/i);
    expect(offer.offer?.id).toBe(good.id);
    expect(offer.scanned).toBe(2);
    await expect(call('backup:restore', { workspaceId: ws.id, backupId: tampered.id })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(readFileSync(ws.file).equals(before)).toBe(true); // offering changed nothing
    const res = await call<{ quarantined: string | null }>('backup:restore', { workspaceId: ws.id, backupId: good.id });
    expect(res.quarantined && existsSync(res.quarantined)).toBe(true);
    expect(readFileSync(res.quarantined!).equals(before)).toBe(true);
    const ov = await call<{ agents: { name: string }[] }>('inventory:overview', { workspaceId: ws.id });
    expect(ov.agents.map((a) => a.name)).toEqual(['Survivor']);
  });

  it('refuses hostile restore files and leaves the workspace unchanged', async () => {
    const { ctx, call, dataDir } = setup();
    const ws = await call<{ id: string; file: string }>('workspace:create', { name: 'Target' });
    await call('agent:create', { workspaceId: ws.id, agent: { name: 'Original' } });
    const b = await call<{ id: string }>('backup:create', { workspaceId: ws.id });
    const src = join(backupFolder(dataDir, ws.id), b.id);
    const make = (name: string, mutate: (db: BetterSqlite3.Database) => void): string => {
      const f = join(dataDir, name);
      copyFileSync(src, f);
      const db = new BetterSqlite3(f);
      mutate(db);
      db.close();
      return f;
    };
    const fixtures: Record<string, string> = {
      trigger: make('trigger.sqlite', (db) => db.exec('CREATE TRIGGER evil AFTER INSERT ON agents BEGIN DELETE FROM agents; END;')),
      view: make('view.sqlite', (db) => db.exec('CREATE VIEW v AS SELECT 1')),
      future: make('future.sqlite', (db) => db.pragma('user_version = 999')),
      noname: make('noname.sqlite', (db) => db.exec("DELETE FROM meta WHERE key = 'name'")),
      table: make('table.sqlite', (db) => db.exec('CREATE TABLE extra (x)')),
    };
    const text = join(dataDir, 'text.sqlite');
    writeFileSync(text, 'hello '.repeat(200));
    fixtures.text = text;
    const truncated = join(dataDir, 'trunc.sqlite');
    writeFileSync(truncated, readFileSync(src).subarray(0, Math.floor(statSync(src).size / 2)));
    fixtures.truncated = truncated;
    let rejected = 0;
    for (const [name, file] of Object.entries(fixtures)) {
      const v = validateWorkspaceFile(file);
      expect(v.ok, name).toBe(false);
      await expect(
        call('backup:restoreFile', { workspaceId: ws.id, contentBase64: readFileSync(file).toString('base64') }),
      ).rejects.toMatchObject({ code: 'VALIDATION' });
      rejected++;
    }
    console.log(`R12 fixtures=${Object.keys(fixtures).length}, rejected=${rejected}`);
    const ov = await call<{ agents: { name: string }[] }>('inventory:overview', { workspaceId: ws.id });
    expect(ov.agents.map((a) => a.name)).toEqual(['Original']);
    // a genuine file is accepted
    await call('backup:restoreFile', { workspaceId: ws.id, contentBase64: readFileSync(src).toString('base64') });
    expect(ctx.workspace(ws.id).name).toBe('Target');
  });

  it('makes a verified backup before a migration runs', async () => {
    const { ctx, call } = setup();
    const ws = await call<{ id: string; file: string }>('workspace:create', { name: 'Old schema' });
    await call('agent:create', { workspaceId: ws.id, agent: { name: 'Pre' } });
    ctx.workspaces.closeAll();
    const extra = {
      version: MIGRATIONS.length + 1,
      name: 'test-extra',
      up: (d: BetterSqlite3.Database) => d.exec('CREATE TABLE test_extra (x INTEGER) STRICT'),
    };
    const db = openDatabase(ws.file, { migrations: [...MIGRATIONS, extra], beforeMigrate: ctx.workspaces.beforeMigrate! });
    db.close();
    const backups = listBackups(backupFolder(ctx.workspaces.dataDir, ws.id));
    expect(backups.map((b) => b.reason)).toEqual(['pre-migration']);
    expect(count(backups[0]!.file, 'agents')).toBe(1);
    expect(quickCheck(backups[0]!.file)).toEqual([]);
  });
});
