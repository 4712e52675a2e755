/**
 * One live-fire drill: the sandbox, the team's "before" step, the pre-incident snapshot, the rogue
 * process, and the verified events the drill record and the AAR are built from (TTD from the first
 * console query after the damage, TTC from verified containment, TTR from verified recovery).
 */
import type { ChildProcess } from 'node:child_process';
import { SandboxSpec } from '../../../core/drills/live-fire';
import type { ConsoleResult } from '../../store/sandbox/console';
import type { StatementLogEntry } from '../../store/sandbox/rogue-exec';
import type { SandboxSnapshot } from '../../store/sandbox/snapshot';
import { SqliteSandbox } from '../../store/sandbox/sqlite-sandbox';
import type { BackupRecord, DrillSandbox, RogueGrant } from '../../store/sandbox/types';
import { containRogue, type ContainmentResult } from './contain';
import { exited, forkChild, killChild, nextMessage, type ChildScripts } from './processes';
import { verifyAgainstSnapshot, type RecoveryVerification } from './recovery';
import type { RogueMessage } from './rogue';

export type LiveFireEvent =
  | { type: 'sandbox-created'; at: string; root: string }
  | { type: 'backup-taken'; at: string; backup: BackupRecord }
  | { type: 'customer-traffic'; at: string; orders: number }
  | { type: 'rogue-started'; at: string; pid: number }
  | { type: 'rogue-statement'; at: string; entry: StatementLogEntry }
  | { type: 'console-query'; at: string; sql: string; rows: number; afterDamage: boolean }
  | { type: 'contained'; at: string; result: ContainmentResult }
  | { type: 'restored'; at: string; from: string }
  | { type: 'recovery-verified'; at: string; result: RecoveryVerification };

export type LiveFireOptions = {
  /** The scenario's `sandbox` block (validated here). */
  sandbox: unknown;
  /** Drill clock / wall clock: 600 runs a 10-minute rogue timeline in one second. */
  timeScale: number;
  scripts: ChildScripts;
  now?: () => Date;
  /** Where the sandbox folder is made (default: the system temp folder). */
  parentDir?: string;
  /** The rogue exits when it hears nothing for this long (default 5 s). */
  heartbeatTimeoutMs?: number;
};

const HEARTBEAT_EVERY_MS = 250;

export class LiveFireDrill {
  readonly events: LiveFireEvent[] = [];
  backup: BackupRecord | null = null;
  restoredFrom: BackupRecord | null = null;
  rogue: ChildProcess | null = null;
  rogueGrant: RogueGrant | null = null;
  rogueDone: Promise<void> = Promise.resolve();
  /** Statements run when the rogue reported its timeline done (null while it is still running it). */
  timelineStatements: number | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private damageSeen = false;

  private constructor(
    readonly sandbox: DrillSandbox,
    readonly spec: SandboxSpec,
    readonly preIncident: SandboxSnapshot,
    readonly incidentStartedAt: Date,
    readonly opts: LiveFireOptions,
    readonly now: () => Date,
  ) {}

  /**
   * Creates and seeds the sandbox, follows the "before" step (backup or none), lets customer orders
   * arrive, snapshots the data, then starts the rogue. Resolves once the rogue is running.
   */
  static async start(opts: LiveFireOptions): Promise<LiveFireDrill> {
    const spec = SandboxSpec.parse(opts.sandbox);
    const now = opts.now ?? (() => new Date());
    const sandbox = SqliteSandbox.create(spec, now(), opts.parentDir);
    const pre: LiveFireEvent[] = [{ type: 'sandbox-created', at: now().toISOString(), root: sandbox.layout.root }];
    let backup: BackupRecord | null = null;
    try {
      if (spec.before.backup === 'take') {
        backup = await sandbox.backup(spec.before.location, now());
        pre.push({ type: 'backup-taken', at: backup.takenAt, backup });
      }
      const orders = sandbox.customerTraffic(spec.before.writesAfterBackup, now());
      if (orders > 0) pre.push({ type: 'customer-traffic', at: now().toISOString(), orders });
      const snapshot = sandbox.snapshot(now());
      sandbox.savePreIncident(snapshot);
      const drill = new LiveFireDrill(sandbox, spec, snapshot, now(), opts, now);
      drill.events.push(...pre);
      drill.backup = backup;
      try {
        await drill.startRogue();
      } catch (err) {
        // A rogue that started but never took its orders must not outlive the failed start.
        drill.stopHeartbeat();
        if (drill.rogue) await killChild(drill.rogue);
        throw err;
      }
      return drill;
    } catch (err) {
      sandbox.dispose();
      throw err;
    }
  }

  private async startRogue(): Promise<void> {
    const steps = this.sandbox.planRogue(this.opts.timeScale);
    const grant = this.sandbox.grantRogue();
    const child = forkChild(this.opts.scripts.rogue, [], this.sandbox.layout.root);
    this.rogue = child;
    this.rogueGrant = grant;
    const ready = await nextMessage<RogueMessage>(child, (m) => m.type === 'ready', 10_000);
    if (ready.type !== 'ready') throw new Error('The rogue did not start');
    child.on('message', (m: RogueMessage) => {
      if (m.type === 'statement') {
        if (m.entry.outcome === 'ok' && m.entry.rowsChanged > 0) this.damageSeen = true;
        if (m.entry.outcome === 'ok' && m.entry.action === 'drop-table') this.damageSeen = true;
        this.events.push({ type: 'rogue-statement', at: m.entry.wallClock, entry: m.entry });
      }
      if (m.type === 'timeline-done') this.timelineStatements = m.statements;
    });
    const maxMs = (this.spec.rogue.maxSeconds * 1000) / this.opts.timeScale;
    child.send({
      type: 'start',
      grant,
      steps,
      maxStatements: this.spec.rogue.maxStatements,
      maxMs: Math.max(1000, maxMs),
      heartbeatTimeoutMs: this.opts.heartbeatTimeoutMs ?? 5000,
    });
    this.heartbeat = setInterval(() => {
      // The child can die between the connected check and the write: a failed heartbeat is not an error
      // of the drill (the exit handler records the end), so the callback swallows EPIPE instead of throwing.
      if (child.connected) child.send({ type: 'heartbeat' }, () => undefined);
    }, HEARTBEAT_EVERY_MS);
    this.heartbeat.unref();
    this.rogueDone = exited(child).then(() => this.stopHeartbeat());
    this.events.push({ type: 'rogue-started', at: this.now().toISOString(), pid: child.pid ?? -1 });
  }

  /** Resolves when the rogue has run every step of its timeline (it then waits to be contained). */
  timelineDone(timeoutMs = 30_000): Promise<number> {
    if (!this.rogue) return Promise.resolve(0);
    if (this.timelineStatements !== null) return Promise.resolve(this.timelineStatements);
    return nextMessage<RogueMessage>(this.rogue, (m) => m.type === 'timeline-done', timeoutMs).then((m) =>
      m.type === 'timeline-done' ? m.statements : 0,
    );
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  /** The kill switch: stop the rogue, revoke its credential, and verify a write with it now fails. */
  async contain(): Promise<ContainmentResult> {
    const result = await containRogue(this);
    this.stopHeartbeat();
    this.events.push({ type: 'contained', at: result.verifiedAt, result });
    return result;
  }

  /** The app's restore: the latest surviving backup, or the one named. */
  async restore(file?: string): Promise<BackupRecord> {
    const list = this.sandbox.listBackups();
    const chosen = file ? list.find((b) => b.file === file) : list.at(-1);
    if (!chosen) throw new Error(file ? `The backup is gone: ${file}` : 'No backup survives in this sandbox: there is nothing to restore');
    await this.sandbox.restore(chosen.file);
    // The recovery point is when the backup was taken, which the drill recorded (a file's mtime is not it).
    this.restoredFrom = this.backup && this.backup.file === chosen.file ? this.backup : chosen;
    this.events.push({ type: 'restored', at: this.now().toISOString(), from: chosen.file });
    return chosen;
  }

  /** Checks the data against the pre-incident snapshot and reports the real loss and RPO. */
  verifyRecovery(): RecoveryVerification {
    const result = verifyAgainstSnapshot(this);
    this.events.push({ type: 'recovery-verified', at: result.verifiedAt, result });
    return result;
  }

  /** The read-only console, in a child process killed at the time limit. */
  async query(sql: string, opts: { maxRows?: number; timeLimitMs?: number } = {}): Promise<ConsoleResult> {
    const timeLimitMs = opts.timeLimitMs ?? 2000;
    const child = forkChild(this.opts.scripts.console, [], this.sandbox.layout.root, 128);
    const reply = nextMessage<{ ok: boolean; result?: ConsoleResult; message?: string; type?: unknown }>(
      child,
      () => true,
      timeLimitMs + 1500,
    );
    child.send({ root: this.sandbox.layout.root, sandboxId: this.sandbox.layout.id, sql, maxRows: opts.maxRows ?? 200, timeLimitMs });
    try {
      const r = await reply;
      if (!r.ok || !r.result) throw new Error(r.message ?? 'The query failed');
      this.events.push({
        type: 'console-query',
        at: this.now().toISOString(),
        sql,
        rows: r.result.rows.length,
        afterDamage: this.damageSeen,
      });
      return r.result;
    } catch (err) {
      if (/No answer/.test((err as Error).message)) throw new Error(`The query ran longer than ${timeLimitMs} ms and was stopped`);
      throw err;
    } finally {
      await killChild(child);
    }
  }

  rowCounts() {
    return this.sandbox.customerView();
  }

  statementLog() {
    return this.sandbox.statementLog();
  }

  /** Ends the drill: the rogue is killed and, unless kept for inspection, the sandbox removed. */
  async end(opts: { keepSandbox?: boolean } = {}): Promise<void> {
    this.stopHeartbeat();
    if (this.rogue) await killChild(this.rogue);
    if (!opts.keepSandbox) this.sandbox.dispose();
  }
}
