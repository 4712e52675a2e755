/**
 * What every live-fire sandbox engine provides. SQLite (sqlite-sandbox.ts) is the only engine today;
 * a PostgreSQL sandbox (a throwaway database plus a LOGIN role for the rogue, revoked with NOLOGIN and
 * pg_terminate_backend) implements the same interface when the team engine arrives.
 */
import type { SeedTableName } from '../../../core/drills/live-fire';
import type { ConsoleResult } from './console';
import type { SandboxLayout } from './layout';
import type { StatementLogEntry } from './rogue-exec';
import type { RogueStep } from './rogue-plan';
import type { CustomerView, RecoveryCheck, SandboxSnapshot } from './snapshot';

export type BackupRecord = { file: string; location: 'same-volume' | 'separate'; takenAt: string; sizeBytes: number };

/** How the parent hands the rogue process its credential and target (sent over IPC, never argv). */
export type RogueGrant = { engine: 'sqlite'; root: string; sandboxId: string; token: string };

export interface DrillSandbox {
  readonly engine: 'sqlite';
  readonly layout: SandboxLayout;
  readonly tables: readonly SeedTableName[];
  /** Per-table row counts and SHA-256 content hashes, in primary-key order. */
  snapshot(now: Date): SandboxSnapshot;
  integrityCheck(): string[];
  savePreIncident(s: SandboxSnapshot): void;
  savedPreIncident(): SandboxSnapshot | null;
  /** Row counts as the shop's customers would see them (null: the table is gone). */
  customerView(): CustomerView;
  /** A consistent copy with SQLite's backup API, to the location the runbook names. */
  backup(location: BackupRecord['location'], now: Date): Promise<BackupRecord>;
  /** Backups that still exist (a rogue may have deleted those on its volume). */
  listBackups(): BackupRecord[];
  /** Replaces the data with a backup made by `backup`. */
  restore(backupFile: string): Promise<void>;
  /** Compares the data now with a snapshot taken before the incident. */
  verify(before: SandboxSnapshot, now: Date): RecoveryCheck;
  query(sql: string, opts?: { maxRows?: number; timeLimitMs?: number }): ConsoleResult;
  statementLog(): StatementLogEntry[];
  /** A fresh credential for the rogue; `revokeRogue` withdraws it and makes the data read-only. */
  grantRogue(): RogueGrant;
  revokeRogue(): { revokedAt: string; fileModes: Record<string, string> };
  planRogue(timeScale: number): RogueStep[];
  /** Legitimate customer traffic between the backup and the incident. */
  customerTraffic(orders: number, now: Date): number;
  /** Removes the sandbox folder (only a folder this app made). */
  dispose(): void;
}
