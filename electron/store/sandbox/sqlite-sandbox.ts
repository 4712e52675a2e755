/**
 * The SQLite live-fire sandbox: a disposable database file in its own new temp folder, seeded from the
 * scenario, with backups, restore, snapshots and the rogue's credential. Every path it touches passes
 * the guard (layout.ts); the app's own connections are opened per operation, so nothing is held open
 * while the rogue runs or after the drill ends.
 */
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SandboxSpec, type SeedTableName } from '../../../core/drills/live-fire';
import { runConsoleQuery } from './console';
import { createSandboxFolder, guardTarget, openSandboxFolder, refused, type SandboxLayout } from './layout';
import { grantCredential, readStatementLog } from './rogue-exec';
import { planRogue } from './rogue-plan';
import { addCustomerOrders, seedDatabase } from './seed';
import { compareSnapshots, customerView, SandboxSnapshotSchema, snapshotTables, type SandboxSnapshot } from './snapshot';
import type { BackupRecord, DrillSandbox, RogueGrant } from './types';

const BACKUP_NAME = /^backup-\d{8}T\d{6}-\d{3}Z(-\d+)?\.sqlite$/;

export class SqliteSandbox implements DrillSandbox {
  readonly engine = 'sqlite' as const;
  readonly tables: readonly SeedTableName[];

  private constructor(
    readonly layout: SandboxLayout,
    private readonly spec: SandboxSpec,
  ) {
    this.tables = spec.seed.tables.map((t) => t.name);
  }

  /** A new sandbox folder, seeded. The spec is validated here too: a bad one changes nothing. */
  static create(specInput: unknown, now: Date, parentDir?: string): SqliteSandbox {
    const spec = SandboxSpec.parse(specInput);
    const layout = createSandboxFolder(now, parentDir);
    const db = new BetterSqlite3(guardTarget(layout, layout.dataFile));
    try {
      chmodSync(layout.dataFile, 0o600);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      seedDatabase(db, spec.seed);
    } finally {
      db.close();
    }
    return new SqliteSandbox(layout, spec);
  }

  /** Re-opens a sandbox this app made (after a crash): refused unless its manifest names `sandboxId`. */
  static reopen(root: string, sandboxId: string, specInput: unknown): SqliteSandbox {
    return new SqliteSandbox(openSandboxFolder(root, sandboxId), SandboxSpec.parse(specInput));
  }

  private withDb<T>(fn: (db: Database) => T, readonly = true): T {
    const db = new BetterSqlite3(guardTarget(this.layout, this.layout.dataFile), { readonly, fileMustExist: true });
    try {
      db.pragma('trusted_schema = OFF');
      return fn(db);
    } finally {
      db.close();
    }
  }

  snapshot(now: Date) {
    return this.withDb((db) => snapshotTables(db, this.tables, now));
  }

  /** `PRAGMA quick_check` on a read-only connection: ['ok'] when the file is sound. */
  integrityCheck(): string[] {
    return this.withDb((db) => (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check));
  }

  savePreIncident(s: SandboxSnapshot): void {
    writeFileSync(guardTarget(this.layout, join(this.layout.snapshots, 'pre-incident.json')), JSON.stringify(s), { mode: 0o600 });
  }

  /** The snapshot saved when the drill started, or null (none saved, or the file does not parse). */
  savedPreIncident(): SandboxSnapshot | null {
    const f = guardTarget(this.layout, join(this.layout.snapshots, 'pre-incident.json'));
    if (!existsSync(f)) return null;
    try {
      const r = SandboxSnapshotSchema.safeParse(JSON.parse(readFileSync(f, 'utf8')));
      return r.success ? r.data : null;
    } catch {
      return null;
    }
  }

  customerView() {
    return this.withDb((db) => customerView(db, this.tables));
  }

  async backup(location: BackupRecord['location'], now: Date): Promise<BackupRecord> {
    const dir = location === 'same-volume' ? this.layout.sameVolumeBackups : this.layout.vault;
    const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '-');
    let name = `backup-${stamp}.sqlite`;
    for (let n = 2; existsSync(join(dir, name)); n++) name = `backup-${stamp}-${n}.sqlite`;
    const file = guardTarget(this.layout, join(dir, name));
    const tmp = guardTarget(this.layout, `${file}.tmp`);
    const db = new BetterSqlite3(guardTarget(this.layout, this.layout.dataFile), { readonly: true, fileMustExist: true });
    try {
      await db.backup(tmp);
    } finally {
      db.close();
    }
    renameSync(tmp, file);
    return { file, location, takenAt: now.toISOString(), sizeBytes: statSync(file).size };
  }

  listBackups(): BackupRecord[] {
    const out: BackupRecord[] = [];
    for (const [location, dir] of [
      ['same-volume', this.layout.sameVolumeBackups],
      ['separate', this.layout.vault],
    ] as const) {
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir)
        .filter((n) => BACKUP_NAME.test(n))
        .sort()) {
        const file = join(dir, name);
        const st = statSync(file);
        out.push({ file, location, takenAt: st.mtime.toISOString(), sizeBytes: st.size });
      }
    }
    return out;
  }

  async restore(backupFile: string): Promise<void> {
    const src = guardTarget(this.layout, backupFile);
    const inBackups = [this.layout.sameVolumeBackups, this.layout.vault].some((d) => src.startsWith(d + '/') || src.startsWith(d + '\\'));
    if (!inBackups || !BACKUP_NAME.test(src.split(/[\\/]/).pop() ?? '')) throw refused(`Not a backup of this sandbox: ${backupFile}`);
    if (!existsSync(src)) throw refused(`The backup is gone (was it on the same volume as the data?): ${backupFile}`);
    const tmp = guardTarget(this.layout, `${this.layout.dataFile}.restore-tmp`);
    const from = new BetterSqlite3(src, { readonly: true, fileMustExist: true });
    try {
      await from.backup(tmp);
    } finally {
      from.close();
    }
    // The old -wal would be replayed into the restored file: it goes first, then the file is swapped.
    for (const suffix of ['-wal', '-shm']) {
      const f = guardTarget(this.layout, this.layout.dataFile + suffix);
      if (existsSync(f)) unlinkSync(f);
    }
    renameSync(tmp, this.layout.dataFile);
    chmodSync(this.layout.dataFile, 0o600);
  }

  verify(before: ReturnType<SqliteSandbox['snapshot']>, now: Date) {
    return compareSnapshots(before, this.snapshot(now));
  }

  query(sql: string, opts?: { maxRows?: number; timeLimitMs?: number }) {
    return runConsoleQuery(this.layout, sql, opts);
  }

  statementLog() {
    return readStatementLog(this.layout);
  }

  grantRogue(): RogueGrant {
    const token = randomBytes(32).toString('hex');
    grantCredential(this.layout, token);
    return { engine: 'sqlite', root: this.layout.root, sandboxId: this.layout.id, token };
  }

  /**
   * Withdraws the credential: the grant is deleted and the data file and its -wal/-shm become 0444.
   * The WAL is checkpointed first so the read-only file holds everything committed.
   */
  revokeRogue(): { revokedAt: string; fileModes: Record<string, string> } {
    const cred = guardTarget(this.layout, this.layout.credentialFile);
    if (existsSync(cred)) unlinkSync(cred);
    // Already read-only (a second kill switch press): nothing more can be committed, so no checkpoint.
    if ((statSync(this.layout.dataFile).mode & 0o200) !== 0) this.withDb((db) => db.pragma('wal_checkpoint(TRUNCATE)'), false);
    const fileModes: Record<string, string> = {};
    for (const suffix of ['', '-wal', '-shm']) {
      const f = guardTarget(this.layout, this.layout.dataFile + suffix);
      if (!existsSync(f)) continue;
      chmodSync(f, 0o444);
      fileModes[`sandbox.sqlite${suffix}`] = (statSync(f).mode & 0o777).toString(8).padStart(4, '0');
    }
    return { revokedAt: new Date().toISOString(), fileModes };
  }

  planRogue(timeScale: number) {
    return planRogue(this.spec, timeScale);
  }

  customerTraffic(orders: number, now: Date): number {
    return this.withDb((db) => addCustomerOrders(db, orders, this.spec.seed.seed, now), false);
  }

  dispose(): void {
    // Re-checked against the manifest so a wrong root can never be removed.
    openSandboxFolder(this.layout.root, this.layout.id);
    rmSync(this.layout.root, { recursive: true, force: true });
  }
}
