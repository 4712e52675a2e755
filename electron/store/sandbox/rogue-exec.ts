/**
 * What the rogue process does with the sandbox, behind its credential. For SQLite the credential is a
 * per-drill token the parent grants (its SHA-256 in `credential/rogue.token`) plus the data file's
 * write permission. Every statement re-checks both, so revoking either stops the next write, and every
 * attempt (refused ones too) is appended to the statement log. Nothing outside the sandbox is written.
 */
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { createHash, timingSafeEqual } from 'node:crypto';
import { appendFileSync, existsSync, lstatSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { checkRogueStatement } from '../../../core/drills/live-fire-guard';
import { guardTarget, refused, type SandboxLayout } from './layout';
import type { RogueStep } from './rogue-plan';

export const StatementLogEntry = z.object({
  seq: z.number().int(),
  wallClock: z.string(),
  /** Milliseconds since the rogue started. */
  elapsedMs: z.number(),
  pid: z.number().int(),
  action: z.string(),
  statement: z.string(),
  params: z.array(z.union([z.string(), z.number()])),
  outcome: z.enum(['ok', 'refused', 'error']),
  rowsChanged: z.number().int(),
  message: z.string(),
});
export type StatementLogEntry = z.infer<typeof StatementLogEntry>;

const sha = (token: string) => createHash('sha256').update(token).digest();

/** Grants the rogue its credential: a fresh token whose hash only this sandbox holds. */
export function grantCredential(l: SandboxLayout, token: string): void {
  writeFileSync(guardTarget(l, l.credentialFile), sha(token).toString('hex'), { mode: 0o600 });
}

/** Why the credential no longer works, or null while it does. */
export function credentialProblem(l: SandboxLayout, token: string): string | null {
  if (!existsSync(l.credentialFile)) return 'the rogue credential was revoked (no grant in this sandbox)';
  const held = Buffer.from(readFileSync(l.credentialFile, 'utf8').trim(), 'hex');
  const given = sha(token);
  if (held.length !== given.length || !timingSafeEqual(held, given)) return 'the credential does not match this sandbox';
  // The file mode is the grant on the data itself: the app makes it read-only (0444) when it contains.
  if ((statSync(l.dataFile).mode & 0o222) === 0) return 'the sandbox database is read-only (write permission revoked)';
  return null;
}

export class RogueWriter {
  private db: Database | null = null;
  private seq = 0;
  private readonly started = Date.now();

  constructor(
    private readonly l: SandboxLayout,
    private readonly token: string,
    private readonly pid: number,
  ) {}

  /** Performs one step behind the credential; returns the log entry it wrote. */
  run(step: RogueStep): StatementLogEntry {
    const statement = step.kind === 'sql' ? step.sql : `unlink ${this.l.sameVolumeBackups}/*`;
    const params = step.kind === 'sql' ? step.params : [];
    const entry = (outcome: StatementLogEntry['outcome'], rowsChanged: number, message: string): StatementLogEntry =>
      this.log({ action: step.action, statement, params, outcome, rowsChanged, message });
    const problem = credentialProblem(this.l, this.token);
    if (problem) {
      this.close();
      return entry('refused', 0, problem);
    }
    try {
      if (step.kind === 'delete-backups') return entry('ok', this.deleteBackups(), 'backup files deleted');
      const g = checkRogueStatement(step.sql);
      if (!g.ok) return entry('refused', 0, g.reason);
      const r = this.connection()
        .prepare(step.sql)
        .run(...step.params);
      return entry('ok', r.changes, '');
    } catch (err) {
      return entry('error', 0, (err as Error).message);
    }
  }

  close(): void {
    this.db?.close();
    this.db = null;
  }

  private connection(): Database {
    if (this.db) return this.db;
    const db = new BetterSqlite3(guardTarget(this.l, this.l.dataFile), { fileMustExist: true });
    db.pragma('busy_timeout = 2000');
    db.pragma('trusted_schema = OFF');
    // An attached database would be a target the app did not create: none may exist on this connection.
    if ((db.pragma('database_list') as unknown[]).length > 1) throw refused('another database is attached');
    this.db = db;
    return db;
  }

  /** The backups within the rogue's reach: only those on its own volume (never the separate vault). */
  private deleteBackups(): number {
    let n = 0;
    for (const name of readdirSync(guardTarget(this.l, this.l.sameVolumeBackups))) {
      const f = guardTarget(this.l, join(this.l.sameVolumeBackups, name));
      if (lstatSync(f).isFile()) {
        unlinkSync(f);
        n++;
      }
    }
    return n;
  }

  private log(e: Omit<StatementLogEntry, 'seq' | 'wallClock' | 'elapsedMs' | 'pid'>): StatementLogEntry {
    const full: StatementLogEntry = {
      seq: ++this.seq,
      wallClock: new Date().toISOString(),
      elapsedMs: Date.now() - this.started,
      pid: this.pid,
      ...e,
    };
    appendFileSync(guardTarget(this.l, this.l.statementLog), `${JSON.stringify(full)}\n`);
    return full;
  }
}

/**
 * One write attempt with a credential, the way the rogue would make it: used to verify containment.
 * Returns whether the write got through. The probe row goes to a table outside every snapshot.
 */
export function probeWrite(l: SandboxLayout, token: string, pid: number): StatementLogEntry {
  const w = new RogueWriter(l, token, pid);
  try {
    return w.run({
      kind: 'sql',
      atMs: 0,
      action: 'containment-probe',
      sql: 'INSERT INTO live_fire_probe (at) VALUES (?)',
      params: [new Date().toISOString()],
    });
  } finally {
    w.close();
  }
}

/** The statement log, oldest first; lines that do not parse are skipped (a rogue killed mid-write). */
export function readStatementLog(l: SandboxLayout): StatementLogEntry[] {
  if (!existsSync(l.statementLog)) return [];
  return readFileSync(guardTarget(l, l.statementLog), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        const r = StatementLogEntry.safeParse(JSON.parse(line));
        return r.success ? [r.data] : [];
      } catch {
        return [];
      }
    });
}
