/**
 * One live-fire drill as the handlers use it, over the engine (electron/services/live-fire). Two kinds:
 * - `live`: the drill this process started, with its rogue child process;
 * - `resumed`: after an app restart, the sandbox re-opened and re-checked (`recheckSandbox`). Its rogue
 *   died with the old process (the IPC channel closed), so there is nothing left to SIGKILL: the kill
 *   switch proves the pid gone and revokes the credential.
 * Both answer the same questions, so the handlers do not care which one they hold.
 */
import { basename } from 'node:path';
import type { LiveFireContainment, LiveFireRecovery } from '../../core/drills/live-fire-contract';
import {
  pidAlive,
  type LiveFireDrill,
  type BackupRecord,
  type ContainmentCheck,
  type SandboxRecheck,
  type SandboxSnapshot,
  type SqliteSandbox,
} from './live-fire/index';

export type Cell = string | number | null;
export type QueryResult = { columns: string[]; rows: Cell[][]; truncated: boolean; elapsedMs: number; afterDamage: boolean };

export interface LiveFireSession {
  readonly kind: 'live' | 'resumed';
  readonly sandbox: SqliteSandbox;
  readonly preIncident: SandboxSnapshot;
  readonly incidentStartedAt: Date;
  readonly roguePid: number | null;
  rogueRunning(): boolean;
  query(sql: string, maxRows: number): Promise<QueryResult>;
  contain(): Promise<LiveFireContainment>;
  /** Restores the named backup (a file name listed by the sandbox) or the latest surviving one. */
  restore(fileName: string | null): Promise<BackupRecord>;
  /** Data now against the pre-incident snapshot, with the real RPO of what was restored. */
  verify(timeScale: number, scenarioRpoMinutes: number | null, acceptLoss: boolean): LiveFireRecovery;
  /** Kills the rogue and, unless kept, removes the sandbox folder. */
  end(keepSandbox: boolean): Promise<void>;
  /** Synchronous SIGKILL for app quit (the sandbox stays, so a restarted app can re-check it). */
  killNow(): void;
}

const toCell = (v: unknown): Cell => (v === null || typeof v === 'string' || typeof v === 'number' ? v : String(v));

function chooseBackup(sandbox: SqliteSandbox, fileName: string | null): BackupRecord {
  const list = sandbox.listBackups();
  const chosen = fileName ? list.find((b) => basename(b.file) === fileName) : list.at(-1);
  if (!chosen)
    throw new Error(
      fileName
        ? `The backup ${fileName} is gone (was it on the same volume as the data?)`
        : 'No backup survives in this sandbox: there is nothing to restore. Verify to record the real data loss.',
    );
  return chosen;
}

function recoveryOf(
  sandbox: SqliteSandbox,
  pre: SandboxSnapshot,
  incidentStartedAt: Date,
  restoredFrom: BackupRecord | null,
  now: Date,
  timeScale: number,
  scenarioRpoMinutes: number | null,
  acceptLoss: boolean,
): LiveFireRecovery {
  const check = sandbox.verify(pre, now);
  const rpoMs = restoredFrom ? Math.max(0, incidentStartedAt.getTime() - Date.parse(restoredFrom.takenAt)) : null;
  return {
    recovered: check.matches,
    acceptedLoss: !check.matches && acceptLoss,
    verifiedAt: now.toISOString(),
    tables: check.tables,
    rowsLost: check.rowsLost,
    rowsChanged: check.rowsChanged,
    rowsExtra: check.rowsExtra,
    restoredFrom: restoredFrom ? basename(restoredFrom.file) : null,
    recoveryPointAt: restoredFrom?.takenAt ?? null,
    rpoMs,
    rpoScenarioMinutes: rpoMs === null ? null : Math.round(((rpoMs * timeScale) / 60_000) * 100) / 100,
    scenarioRpoMinutes,
    sinceIncidentMs: now.getTime() - incidentStartedAt.getTime(),
  };
}

/** The drill this process started. */
export class LiveSession implements LiveFireSession {
  readonly kind = 'live' as const;
  constructor(readonly drill: LiveFireDrill) {}

  get sandbox() {
    return this.drill.sandbox as SqliteSandbox;
  }
  get preIncident() {
    return this.drill.preIncident;
  }
  get incidentStartedAt() {
    return this.drill.incidentStartedAt;
  }
  get roguePid() {
    return this.drill.rogue?.pid ?? null;
  }
  rogueRunning(): boolean {
    const r = this.drill.rogue;
    return !!r && r.exitCode === null && r.signalCode === null;
  }

  async query(sql: string, maxRows: number): Promise<QueryResult> {
    const r = await this.drill.query(sql, { maxRows });
    const last = this.drill.events.findLast((e) => e.type === 'console-query');
    return {
      columns: r.columns,
      rows: r.rows.map((row) => row.map(toCell)),
      truncated: r.truncated,
      elapsedMs: r.elapsedMs,
      afterDamage: last?.type === 'console-query' && last.afterDamage,
    };
  }

  contain(): Promise<LiveFireContainment> {
    return this.drill.contain();
  }

  async restore(fileName: string | null): Promise<BackupRecord> {
    return this.drill.restore(chooseBackup(this.sandbox, fileName).file);
  }

  verify(timeScale: number, scenarioRpoMinutes: number | null, acceptLoss: boolean): LiveFireRecovery {
    const d = this.drill;
    return recoveryOf(
      d.sandbox as SqliteSandbox,
      d.preIncident,
      d.incidentStartedAt,
      d.restoredFrom,
      d.now(),
      timeScale,
      scenarioRpoMinutes,
      acceptLoss,
    );
  }

  end(keepSandbox: boolean): Promise<void> {
    return this.drill.end({ keepSandbox });
  }

  killNow(): void {
    this.drill.rogue?.kill('SIGKILL');
  }
}

/** A sandbox re-opened after a restart. */
export class ResumedSession implements LiveFireSession {
  readonly kind = 'resumed' as const;
  private restoredFrom: BackupRecord | null = null;

  constructor(
    readonly recheck: SandboxRecheck,
    readonly preIncident: SandboxSnapshot,
    readonly incidentStartedAt: Date,
    readonly roguePid: number | null,
    private readonly backup: BackupRecord | null,
  ) {}

  get sandbox() {
    return this.recheck.sandbox;
  }
  rogueRunning(): boolean {
    return this.roguePid !== null && pidAlive(this.roguePid);
  }

  query(sql: string, maxRows: number): Promise<QueryResult> {
    // No rogue is left to change anything, so the damage is whatever the re-check found.
    const r = this.sandbox.query(sql, { maxRows, timeLimitMs: 2000 });
    const afterDamage = this.recheck.againstPreIncident?.matches === false;
    return Promise.resolve({
      columns: r.columns,
      rows: r.rows.map((row) => row.map(toCell)),
      truncated: r.truncated,
      elapsedMs: r.elapsedMs,
      afterDamage,
    });
  }

  contain(): Promise<LiveFireContainment> {
    const started = performance.now();
    const checks: ContainmentCheck[] = [];
    const running = this.rogueRunning();
    checks.push({
      check: 'rogue process stopped',
      ok: !running,
      detail: running
        ? `pid ${this.roguePid} is still running`
        : `pid ${this.roguePid ?? 'unknown'} exited with the app (its IPC channel closed); checked after the restart`,
    });
    const revoked = this.sandbox.revokeRogue();
    const modes = Object.entries(revoked.fileModes);
    checks.push({
      check: 'credential revoked',
      ok: modes.length > 0 && modes.every(([, m]) => m === '0444'),
      detail: `grant deleted (the rogue's token died with the old process); ${modes.map(([f, m]) => `${f} ${m}`).join(', ')}`,
    });
    return Promise.resolve({
      verified: checks.every((c) => c.ok),
      verifiedAt: new Date().toISOString(),
      durationMs: Math.round(performance.now() - started),
      checks,
    });
  }

  async restore(fileName: string | null): Promise<BackupRecord> {
    const chosen = chooseBackup(this.sandbox, fileName);
    await this.sandbox.restore(chosen.file);
    // The recovery point is when the drill took the backup (recorded), not the file's mtime.
    this.restoredFrom = this.backup && basename(this.backup.file) === basename(chosen.file) ? this.backup : chosen;
    return chosen;
  }

  verify(timeScale: number, scenarioRpoMinutes: number | null, acceptLoss: boolean): LiveFireRecovery {
    return recoveryOf(
      this.sandbox,
      this.preIncident,
      this.incidentStartedAt,
      this.restoredFrom,
      new Date(),
      timeScale,
      scenarioRpoMinutes,
      acceptLoss,
    );
  }

  end(keepSandbox: boolean): Promise<void> {
    if (!keepSandbox) this.sandbox.dispose();
    return Promise.resolve();
  }

  killNow(): void {
    // Nothing of ours is running: the old rogue went with the old process.
  }
}
