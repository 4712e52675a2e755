/**
 * Family B: corrupt, truncated, bit-flipped, empty and missing workspace files; restore from a
 * verified backup; backups under live writes; hostile "restore from file" fixtures (R6-R12).
 */
import BetterSqlite3 from 'better-sqlite3';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupFolder, createBackup, listBackups, quickCheck, rotate } from '../../electron/store/backup/backups';
import { validateWorkspaceFile } from '../../electron/store/backup/restore';
import { openDatabase } from '../../electron/store/database';
import { makeHarness, removeDir } from '../integration/helpers';
import { bundleChild } from './lib/bundle';
import { LATEST, representativeWorkspace, sha } from './lib/db';
import { report } from './lib/report';

type Damage = (file: string) => void;

function patch(file: string, offset: number, bytes: Buffer): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
}

const garbageHeader: Damage = (f) => patch(f, 0, Buffer.alloc(24, 0x5a));
const truncateHalf: Damage = (f) => truncateSync(f, Math.floor(statSync(f).size / 2));
const bitFlipPage3: Damage = (f) => {
  const pageSize = readFileSync(f).readUInt16BE(16) || 4096;
  // 200 bytes from the start of page 3: its b-tree page header and cell pointers
  const buf = readFileSync(f).subarray(2 * pageSize, 2 * pageSize + 200);
  patch(f, 2 * pageSize, Buffer.from(buf.map((b) => b ^ 0xff)));
};
const zeroBytes: Damage = (f) => truncateSync(f, 0);

/** Makes a workspace with a verified backup, damages its file, restarts the app on the folder and reports what the user gets. */
async function damagedStartup(damage: Damage) {
  const { h, workspaceId, file } = await representativeWorkspace(3);
  const agents = (await h.call('inventory:overview', { workspaceId, limit: 0 })).page.agentTotal;
  await h.call('backup:create', { workspaceId });
  h.close();
  damage(file);
  const shaBefore = sha(file);
  const folder = join(h.dataDir, 'workspaces');
  const filesBefore = readdirSync(folder).sort().join(',');
  const h2 = makeHarness({ dataDir: h.dataDir });
  const listed = (await h2.call('workspace:list', {})).find((w) => w.id === workspaceId);
  const open = await h2.fail('workspace:open', { workspaceId });
  const offer = await h2.call('backup:restoreOffer', { workspaceId });
  const writesAfter = await h2.fail('agent:create', { workspaceId, agent: { name: 'should not be written' } });
  const shaAfter = sha(file);
  const filesAfter = readdirSync(folder).sort().join(',');
  return {
    h2,
    workspaceId,
    file,
    agents,
    shaBefore,
    shaAfter,
    listed,
    open,
    offer,
    writesAfter,
    createdFiles: filesAfter === filesBefore ? 0 : filesAfter.split(',').length - filesBefore.split(',').length || 1,
  };
}

function figure(r: Awaited<ReturnType<typeof damagedStartup>>): { pass: boolean; text: string } {
  const msg = (r.listed?.error?.message ?? '').slice(0, 70);
  const pass =
    r.listed?.status === 'unavailable' &&
    r.shaBefore === r.shaAfter &&
    r.createdFiles === 0 &&
    r.offer.offer !== null &&
    r.writesAfter.code !== undefined;
  return {
    pass,
    text: `error=${r.open.code} "${msg}..." state=${r.listed?.status}; sha256 before==after=${r.shaBefore === r.shaAfter}; files created at db path=${r.createdFiles}; writes accepted=0; backups scanned=${r.offer.scanned} valid=${r.offer.valid} restore offered=${r.offer.offer ? 'yes' : 'no'}`,
  };
}

describe('B. corruption and recovery', () => {
  it('R6 garbage header', async () => {
    const r = await damagedStartup(garbageHeader);
    r.h2.close();
    removeDir(r.h2.dataDir);
    const f = figure(r);
    expect(report('R6', f.pass, f.text)).toBe(true);
  });

  it('R7 truncated to 50%', async () => {
    const r = await damagedStartup(truncateHalf);
    r.h2.close();
    removeDir(r.h2.dataDir);
    const f = figure(r);
    expect(report('R7', f.pass, f.text)).toBe(true);
  });

  it('R8 bit-flipped page: detected at startup, no writes, read-only salvage', async () => {
    const r = await damagedStartup(bitFlipPage3);
    r.h2.close();
    const problems = quickCheck(r.file);
    let salvage = 'no';
    try {
      const ro = openDatabase(r.file, { readonly: true });
      ro.prepare('SELECT count(*) FROM meta').get();
      ro.close();
      salvage = 'yes';
    } catch {
      salvage = 'no';
    }
    removeDir(r.h2.dataDir);
    const f = figure(r);
    expect(
      report(
        'R8',
        f.pass && problems.length > 0,
        `quick_check problems=${problems.length} detected at startup=${r.listed?.status === 'unavailable' ? 'yes' : 'no'}; ${f.text}; read-only open for salvage=${salvage}`,
      ),
    ).toBe(true);
  });

  it('R9 zero-byte and missing database on a later launch', async () => {
    const r = await damagedStartup(zeroBytes);
    r.h2.close();
    const zeroStill = statSync(r.file).size === 0;
    // missing: the file the app last opened is gone
    const { h, workspaceId, file } = await representativeWorkspace(0);
    await h.call('workspace:open', { workspaceId });
    h.close();
    rmSync(file);
    const h3 = makeHarness({ dataDir: h.dataDir });
    const missing = await h3.fail('workspace:open', { workspaceId });
    const listed = (await h3.call('workspace:list', {})).some((w) => w.id === workspaceId);
    h3.close();
    const created = existsSync(file);
    removeDir(r.h2.dataDir);
    removeDir(h.dataDir);
    const f = figure(r);
    const pass = f.pass && zeroStill && !created && missing.code === 'NOT_FOUND' && !listed;
    expect(
      report(
        'R9',
        pass,
        `0-byte: ${f.text}; still 0 bytes=${zeroStill}; missing: error=${missing.code} "${missing.message.slice(0, 50)}" new empty DB created=${created ? 'yes' : 'no'}`,
      ),
    ).toBe(true);
  });

  it('R10 restore from the newest valid backup; the damaged original is quarantined, not deleted', async () => {
    const r = await damagedStartup(garbageHeader);
    const offer = r.offer.offer!;
    const restored = await r.h2.call('backup:restore', { workspaceId: r.workspaceId, backupId: offer.id });
    const agents = (await r.h2.call('inventory:overview', { workspaceId: r.workspaceId, limit: 0 })).page.agentTotal;
    r.h2.close();
    const quarantinedSha = restored.quarantined && existsSync(restored.quarantined) ? sha(restored.quarantined) : 'missing';
    removeDir(r.h2.dataDir);
    const pass = agents === r.agents && quarantinedSha === r.shaBefore;
    expect(
      report(
        'R10',
        pass,
        `backups scanned=${r.offer.scanned} valid=${r.offer.valid} chosen=${offer.reason} rows restored: agents=${agents}/${r.agents}; original quarantined=${restored.quarantined ? 'yes' : 'no'}; sha of original unchanged=${quarantinedSha === r.shaBefore}`,
      ),
    ).toBe(true);
  });

  it('R11 backups under live writes contain every committed row; rotation keeps verified copies', async () => {
    const work = mkdtempSync(join(tmpdir(), 'ar-rel-live-'));
    const child = await bundleChild('test/reliability/children/wal-writer-child.ts');
    const file = join(work, 'ws.sqlite');
    const n = 1000;
    // the writer commits 1000 rows with autocheckpoint off and stays alive holding them in its WAL
    const { spawn } = await import('node:child_process');
    const proc = spawn(process.execPath, [child, file, String(n)], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((res) => proc.stdout.on('data', (c: Buffer) => c.toString().includes('DONE') && res()));
    copyFileSync(file, join(work, 'raw-copy.sqlite')); // the control: a raw file copy (what a backup must never be)
    const reader = new BetterSqlite3(file);
    const live = (reader.prepare("SELECT count(*) AS n FROM meta WHERE key LIKE 'wal-row-%'").get() as { n: number }).n;
    const b = await createBackup(reader, join(work, 'backups'), 'manual', new Date());
    reader.close();
    proc.kill('SIGKILL');
    const count = (f: string) => {
      const db = new BetterSqlite3(f, { readonly: true });
      try {
        return (db.prepare("SELECT count(*) AS n FROM meta WHERE key LIKE 'wal-row-%'").get() as { n: number }).n;
      } catch {
        return 0;
      } finally {
        db.close();
      }
    };
    const inBackup = count(b.file);
    const inRaw = count(join(work, 'raw-copy.sqlite'));
    // rotation: 12 automatic backups on different days, 10 kept, each verified
    const { h, workspaceId } = await representativeWorkspace(0);
    const ws = h.ctx.workspaces.get(workspaceId);
    const folder = backupFolder(h.dataDir, workspaceId);
    for (let d = 0; d < 12; d++) await createBackup(ws.db, folder, 'auto', new Date(Date.UTC(2026, 0, 1 + d, 12)));
    rotate(folder);
    const kept = listBackups(folder).filter((x) => x.reason === 'auto');
    const verified = kept.filter((x) => validateWorkspaceFile(x.file).ok).length;
    h.close();
    removeDir(h.dataDir);
    removeDir(work);
    const pass = live === n && inBackup === n && inRaw < n && kept.length === 10 && verified === 10;
    expect(
      report(
        'R11',
        pass,
        `rows live=${live} in backup=${inBackup} in raw copy=${inRaw} (control); auto backups made=12 kept=${kept.length} verified=${verified} (quick_check + schema check)`,
      ),
    ).toBe(true);
  });

  it('R12 hostile "restore from file" fixtures are refused; attacker SQL never runs', async () => {
    const { h, workspaceId, file } = await representativeWorkspace(0);
    const ws = h.ctx.workspaces.get(workspaceId);
    const work = mkdtempSync(join(tmpdir(), 'ar-rel-hostile-'));
    const good = join(work, 'good.sqlite');
    await ws.db.backup(good);
    const variant = (name: string, sql: string | ((f: string) => void)) => {
      const f = join(work, `${name}.sqlite`);
      copyFileSync(good, f);
      if (typeof sql === 'function') sql(f);
      else {
        const db = new BetterSqlite3(f);
        db.exec(sql);
        db.close();
      }
      return { name, file: f };
    };
    const fixtures = [
      variant(
        'extra-trigger',
        "CREATE TRIGGER evil AFTER INSERT ON agents BEGIN INSERT INTO meta VALUES ('pwned-' || NEW.id, 'trigger'); END;",
      ),
      variant('extra-view', "CREATE VIEW evil AS SELECT 'pwned' AS x;"),
      variant('changed-table', 'DROP TABLE IF EXISTS drill_corrective_actions; CREATE TABLE drill_corrective_actions (id TEXT);'),
      variant('extra-table', 'CREATE TABLE evil (x TEXT);'),
      variant('future-version', `PRAGMA user_version = ${LATEST + 7};`),
      variant('no-version', 'PRAGMA user_version = 0;'),
      variant('no-name', "DELETE FROM meta WHERE key = 'name';"),
      variant('bit-flipped', (f) => bitFlipPage3(f)),
      variant('truncated', (f) => truncateHalf(f)),
      variant('garbage-header', (f) => garbageHeader(f)),
      {
        name: 'not-sqlite',
        file: (() => {
          const f = join(work, 'x.sqlite');
          writeFileSync(f, Buffer.alloc(8192, 'MZ not a database'));
          return f;
        })(),
      },
      {
        name: 'empty',
        file: (() => {
          const f = join(work, 'e.sqlite');
          writeFileSync(f, '');
          return f;
        })(),
      },
    ];
    const agentsBefore = (await h.call('inventory:overview', { workspaceId, limit: 0 })).page.agentTotal;
    const shaBefore = sha(file);
    let rejected = 0;
    const accepted: string[] = [];
    for (const fx of fixtures) {
      const r = await h
        .fail('backup:restoreFile', { workspaceId, contentBase64: readFileSync(fx.file).toString('base64') })
        .catch(() => null);
      if (r && r.code === 'VALIDATION') rejected++;
      else accepted.push(fx.name);
    }
    await h.call('agent:create', { workspaceId, agent: { name: 'after hostile restores' } });
    const pwned = (
      h.ctx.workspaces.get(workspaceId).db.prepare("SELECT count(*) AS n FROM meta WHERE key LIKE 'pwned%'").get() as { n: number }
    ).n;
    const agentsAfter = (await h.call('inventory:overview', { workspaceId, limit: 0 })).page.agentTotal;
    const sameFile = h.ctx.workspaces.get(workspaceId).file === file;
    h.close();
    removeDir(h.dataDir);
    removeDir(work);
    void shaBefore;
    const pass = rejected === fixtures.length && pwned === 0 && agentsAfter === agentsBefore + 1 && sameFile;
    expect(
      report(
        'R12',
        pass,
        `fixtures=${fixtures.length} rejected=${rejected}${accepted.length ? ` accepted=[${accepted.join(',')}]` : ''}; attacker SQL executed=${pwned}; workspace untouched=${agentsAfter === agentsBefore + 1}; application_id: not used by the app (schema equality check instead)`,
      ),
    ).toBe(true);
  });
});
