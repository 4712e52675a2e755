/**
 * Family A: durability under SIGKILL (drill, migration, backup), the durability pragmas, and the WAL.
 * Catalogue R1-R5 (../shared/reference/reliability.md section 4).
 */
import BetterSqlite3 from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/store/database';
import { listBackups, quickCheck } from '../../electron/store/backup/backups';
import { createServiceContext } from '../../electron/services/context';
import { allDrillEvents, makeHarness, removeDir } from '../integration/helpers';
import { bundleChild, ROOT } from './lib/bundle';
import { runChild } from './lib/child';
import { buildAtVersion, integrity, LATEST, representativeWorkspace, snapshot, tablesAt } from './lib/db';
import { pick, report } from './lib/report';

const rand = (max: number) => Math.floor(Math.random() * max);

describe('A. durability and crashes', () => {
  it('R1 SIGKILL mid-drill: every acknowledged event survives', async () => {
    const runs = pick(100, 12);
    const child = await bundleChild('test/integration/drills/crash-child.ts');
    const { h, workspaceId, drillId } = await representativeWorkspace(0);
    const dataDir = h.dataDir;
    h.close();
    let acknowledged = 0;
    let recovered = 0;
    let lost = 0;
    let extra = 0;
    let holes = 0;
    let kills = 0;
    for (let run = 0; run < runs; run++) {
      const r = await runChild(child, [dataDir, workspaceId, drillId, String(run)], { trigger: 'READY', killAfterMs: rand(250) });
      if (r.killed) kills++;
      const acks = new Map<number, string>();
      for (const line of r.lines) {
        const m = /^ACK (\d+) (.*)$/.exec(line);
        if (m) acks.set(Number(m[1]), m[2]!);
      }
      const h2 = makeHarness({ dataDir });
      const events = await allDrillEvents(h2, workspaceId, drillId);
      h2.close();
      const stored = new Map(events.map((e) => [e.seq, e.type === 'note' ? e.payload.text : null]));
      acknowledged += acks.size;
      for (const [seq, text] of acks) {
        if (stored.get(seq) === text) recovered++;
        else lost++;
      }
      const runNotes = events.filter((e) => e.type === 'note' && e.payload.text.startsWith(`run ${run} `)).length;
      extra += Math.max(0, runNotes - acks.size);
      if (events.some((e, i) => e.seq !== i + 1)) holes++;
    }
    const db = new BetterSqlite3(join(dataDir, 'workspaces', `${workspaceId}.sqlite`), { readonly: true });
    const integ = integrity(db);
    db.close();
    removeDir(dataDir);
    const pass = lost === 0 && recovered === acknowledged && acknowledged > 0 && kills === runs && holes === 0 && integ === 'ok';
    expect(
      report(
        'R1',
        pass,
        `acknowledged=${acknowledged} recovered=${recovered} lost=${lost} in-flight-extra=${extra} seq-holes=${holes} kills=${kills} integrity=${integ}`,
      ),
    ).toBe(true);
  });

  it('R2 SIGKILL mid-migration: the database is at the old or the new version, never in between', async () => {
    const runs = pick(100, 12);
    const child = await bundleChild('test/reliability/children/migrate-child.ts');
    const { h, file: source } = await representativeWorkspace(3);
    h.close();
    const work = mkdtempSync(join(tmpdir(), 'ar-rel-mig-'));
    const from = 1;
    const template = join(work, 'v1.sqlite');
    buildAtVersion(source, from, template);
    const oldTables = tablesAt(from);
    const tdb = new BetterSqlite3(template, { readonly: true });
    const before = snapshot(tdb, oldTables);
    tdb.close();
    const stepMs = 8;
    const window = (LATEST - from) * stepMs * 2 + 25;
    const outcomes = { old: 0, new: 0, between: 0 };
    let kills = 0;
    let hashChanged = 0;
    let badIntegrity = 0;
    let reopenFailed = 0;
    // loop until `runs` kills have landed (a few children finish before their kill: they count as "new")
    for (let run = 0; kills < runs && run < runs * 3; run++) {
      const dir = join(work, `run-${run}`);
      mkdirSync(dir);
      const file = join(dir, 'ws.sqlite');
      copyFileSync(template, file); // a closed fixture file, not a live database
      // half the kills are timed from the start, half from the end of the pre-migration backup (inside the steps)
      const trigger = run % 2 === 0 ? 'READY' : 'BACKED-UP';
      const r = await runChild(child, [file, join(dir, 'backups')], {
        trigger,
        killAfterMs: rand(trigger === 'READY' ? window : (LATEST - from) * stepMs * 2 + 40),
        env: { AR_STEP_MS: String(stepMs) },
      });
      if (r.killed) kills++;
      const db = new BetterSqlite3(file);
      const v = db.pragma('user_version', { simple: true }) as number;
      if (v === from) outcomes.old++;
      else if (v === LATEST) outcomes.new++;
      else outcomes.between++;
      if (JSON.stringify(snapshot(db, oldTables)) !== JSON.stringify(before)) hashChanged++;
      if (integrity(db) !== 'ok') badIntegrity++;
      db.close();
      try {
        openDatabase(file).close(); // the next start migrates it cleanly
      } catch {
        reopenFailed++;
      }
    }
    removeDir(work);
    const pass =
      kills >= runs && outcomes.between === 0 && hashChanged === 0 && badIntegrity === 0 && reopenFailed === 0 && outcomes.old > 0;
    expect(
      report(
        'R2',
        pass,
        `kills=${kills} kill points=random, 0-${window} ms after start or 0-${(LATEST - from) * stepMs * 2 + 40} ms after the pre-migration backup (v${from}->v${LATEST}, ${LATEST - from} steps); at v${from}=${outcomes.old} at v${LATEST}=${outcomes.new} in-between=${outcomes.between}; row hash changed=${hashChanged}; integrity failures=${badIntegrity}; reopen failures=${reopenFailed}`,
      ),
    ).toBe(true);
  });

  it('R3 SIGKILL mid-backup: no invalid file at a final backup path', async () => {
    const runs = pick(100, 12);
    const child = await bundleChild('test/reliability/children/backup-child.ts');
    const { h, workspaceId } = await representativeWorkspace(200);
    const dataDir = h.dataDir;
    h.close();
    let kills = 0;
    let acked = 0;
    for (let run = 0; run < runs; run++) {
      const r = await runChild(child, [dataDir, workspaceId], { trigger: 'READY', killAfterMs: rand(120) });
      if (r.killed) kills++;
      acked += r.lines.filter((l) => l.startsWith('BACKUP ')).length;
    }
    const folder = join(dataDir, 'backups', workspaceId);
    const finals = listBackups(folder);
    const invalid = finals.filter((b) => quickCheck(b.file).length > 0).length;
    const orphans = readdirSync(folder).filter((f) => f.endsWith('.tmp'));
    // the next start, a couple of minutes later: abandoned half-written copies are swept
    const old = new Date(Date.now() - 120_000);
    for (const f of orphans) utimesSync(join(folder, f), old, old);
    createServiceContext({ dataDir, mode: 'cli' }).workspaces.closeAll();
    const left = readdirSync(folder).filter((f) => f.endsWith('.tmp')).length;
    const db = new BetterSqlite3(join(dataDir, 'workspaces', `${workspaceId}.sqlite`), { readonly: true });
    const integ = integrity(db);
    db.close();
    const listedTmp = finals.filter((b) => b.id.endsWith('.tmp')).length;
    removeDir(dataDir);
    const pass = kills >= runs * 0.9 && invalid === 0 && listedTmp === 0 && left === 0 && integ === 'ok';
    expect(
      report(
        'R3',
        pass,
        `kills=${kills} backups acknowledged=${acked} kept at final path=${finals.length} invalid files at final path=${invalid}; orphan .tmp left by kills=${orphans.length} (never listed or offered), removed at next start=${orphans.length - left}; workspace integrity=${integ}; export: no server-side file (content returned to the client)`,
      ),
    ).toBe(true);
  });

  it('R4 durability settings are in force', async () => {
    const work = mkdtempSync(join(tmpdir(), 'ar-rel-pragma-'));
    const file = join(work, 'ws.sqlite');
    const db = openDatabase(file);
    const p = {
      journal_mode: db.pragma('journal_mode', { simple: true }),
      synchronous: db.pragma('synchronous', { simple: true }),
      foreign_keys: db.pragma('foreign_keys', { simple: true }),
      trusted_schema: db.pragma('trusted_schema', { simple: true }),
      busy_timeout: db.pragma('busy_timeout', { simple: true }),
    };
    db.close();
    let fsyncFigure = 'fsync/commit=not measured (strace unavailable)';
    let fsyncOk = true;
    if (existsSync('/usr/bin/strace')) {
      const child = await bundleChild('test/reliability/children/commit-child.ts');
      const commits = 100;
      const log = join(work, 'strace.txt');
      try {
        execFileSync(
          '/usr/bin/strace',
          ['-f', '-c', '-o', log, '-e', 'trace=fsync,fdatasync', process.execPath, child, join(work, 'c.sqlite'), String(commits)],
          { stdio: 'ignore', env: { ...process.env, AR_QUIET: '1' } },
        );
        const text = readFileSync(log, 'utf8');
        const calls = [...text.matchAll(/^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(fsync|fdatasync)\s*$/gm)].reduce(
          (a, m) => a + Number(m[1]),
          0,
        );
        fsyncOk = calls >= commits;
        fsyncFigure = `fsync+fdatasync=${calls} for ${commits} commits (${(calls / commits).toFixed(2)}/commit)`;
      } catch (err) {
        fsyncFigure = `fsync/commit=not measured (strace: ${(err as Error).message.split('\n')[0]})`;
      }
    }
    removeDir(work);
    const pass =
      p.journal_mode === 'wal' &&
      p.synchronous === 2 &&
      p.foreign_keys === 1 &&
      p.trusted_schema === 0 &&
      Number(p.busy_timeout) >= 1000 &&
      fsyncOk;
    expect(
      report(
        'R4',
        pass,
        `journal_mode=${p.journal_mode} synchronous=${p.synchronous} foreign_keys=${p.foreign_keys} trusted_schema=${p.trusted_schema} busy_timeout=${p.busy_timeout}; ${fsyncFigure}`,
      ),
    ).toBe(true);
  });

  it('R5 the WAL is preserved, read, and truncated on clean close', async () => {
    const work = mkdtempSync(join(tmpdir(), 'ar-rel-wal-'));
    // (a) rows that exist only in the -wal file (writer killed, never checkpointed) are visible after open
    const child = await bundleChild('test/reliability/children/wal-writer-child.ts');
    const file = join(work, 'ws.sqlite');
    const n = 500;
    const r = await runChild(child, [file, String(n)], { trigger: 'DONE', killAfterMs: 0 });
    const walBytes = existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0;
    const moved = join(work, 'moved');
    mkdirSync(moved);
    copyFileSync(file, join(moved, 'ws.sqlite'));
    copyFileSync(`${file}-wal`, join(moved, 'ws.sqlite-wal'));
    const db = openDatabase(join(moved, 'ws.sqlite'));
    const visible = (db.prepare("SELECT count(*) AS n FROM meta WHERE key LIKE 'wal-row-%'").get() as { n: number }).n;
    db.close();
    // (b) a clean shutdown after many drill events leaves no WAL behind
    const events = pick(10_000, 500);
    const { h, workspaceId, drillId } = await representativeWorkspace(0);
    const ws = h.ctx.workspaces.get(workspaceId);
    for (let i = 0; i < events; i++)
      await h.call('drills:append', { workspaceId, drillId, event: { type: 'note', payload: { text: `e${i}` } } });
    h.close();
    const wal = `${ws.file}-wal`;
    const walAfter = existsSync(wal) ? statSync(wal).size : 0;
    removeDir(h.dataDir);
    // (c) static: no raw file operation on a workspace database in the app code
    const offenders = staticDbFileOps();
    removeDir(work);
    const pass = r.killed && walBytes > 0 && visible === n && walAfter === 0 && offenders.length === 0;
    expect(
      report(
        'R5',
        pass,
        `rows only in WAL=${n} (wal bytes=${walBytes}), visible after open=${visible}; events=${events} wal bytes after clean close=${walAfter}; static violations=${offenders.length}${offenders.length ? ` (${offenders.join(', ')})` : ''}`,
      ),
    ).toBe(true);
  });
});

/** copyFile/createReadStream/readFile on a .sqlite path in electron/store and electron/services (the live DB must only be touched through SQLite). */
function staticDbFileOps(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const f of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, f.name);
      if (f.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        readFileSync(p, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            // a copy whose source is a database path (evidence files, restored from a verified manifest, are not databases)
            if (/\b(copyFile(Sync)?|cp(Sync)?)\s*\(\s*(ws\.file|file\b|target|this\.fileFor|[^,]*sqlite|[^,]*dbPath)/.test(line))
              out.push(`${p.slice(ROOT.length)}:${i + 1}`);
            if (
              /\b(readFile(Sync)?|createReadStream)\s*\(\s*(ws\.file|file|target|this\.fileFor)/.test(line) &&
              !/backups\.ts|restore\.ts/.test(p)
            )
              out.push(`${p.slice(ROOT.length)}:${i + 1}`);
          });
      }
    }
  };
  walk(join(ROOT, 'electron/store'));
  walk(join(ROOT, 'electron/services'));
  return out;
}
