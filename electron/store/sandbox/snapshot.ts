/**
 * Snapshots of the seed tables and the recovery check against them. A table's hash is SHA-256 over
 * its rows in primary-key order (each row as JSON, one per line), so any lost, changed or added row
 * changes it; the per-row hashes let verification say exactly how many rows were lost or changed.
 */
import type { Database } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { SEED_TABLE_NAMES, type SeedTableName } from '../../../core/drills/live-fire';

export type TableSnapshot = {
  table: SeedTableName;
  exists: boolean;
  rows: number;
  /** SHA-256 (hex) over the rows in primary-key order; null when the table does not exist. */
  sha256: string | null;
  /** Row id -> SHA-256 of the row, for row-level comparison. */
  rowHashes: Record<string, string>;
};

export type SandboxSnapshot = { takenAt: string; tables: TableSnapshot[] };

/** The saved pre-incident snapshot is read back after a crash: checked like any other file input. */
export const SandboxSnapshotSchema = z.object({
  takenAt: z.string(),
  tables: z.array(
    z.object({
      table: z.enum(SEED_TABLE_NAMES as [SeedTableName, ...SeedTableName[]]),
      exists: z.boolean(),
      rows: z.number().int().min(0),
      sha256: z
        .string()
        .regex(/^[a-f0-9]{64}$/)
        .nullable(),
      rowHashes: z.record(z.string(), z.string().regex(/^[a-f0-9]{64}$/)),
    }),
  ),
});

export type TableVerification = {
  table: SeedTableName;
  matches: boolean;
  expectedRows: number;
  actualRows: number;
  /** Rows of the pre-incident snapshot missing now. */
  rowsLost: number;
  /** Rows present in both whose content differs (a quiet corruption). */
  rowsChanged: number;
  /** Rows that were not there before the incident (invented records). */
  rowsExtra: number;
};

export type RecoveryCheck = { matches: boolean; tables: TableVerification[]; rowsLost: number; rowsChanged: number; rowsExtra: number };

const tableExists = (db: Database, t: string): boolean =>
  db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(t) !== undefined;

/** Snapshot of the given seed tables (names come only from the fixed list, never from input). */
export function snapshotTables(db: Database, tables: readonly SeedTableName[], now: Date): SandboxSnapshot {
  const out: TableSnapshot[] = [];
  for (const table of tables) {
    if (!SEED_TABLE_NAMES.includes(table)) throw new Error(`Not a seed table: ${String(table)}`);
    if (!tableExists(db, table)) {
      out.push({ table, exists: false, rows: 0, sha256: null, rowHashes: {} });
      continue;
    }
    const whole = createHash('sha256');
    const rowHashes: Record<string, string> = {};
    let rows = 0;
    for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY id`).raw().iterate() as IterableIterator<unknown[]>) {
      const line = JSON.stringify(row);
      whole.update(line).update('\n');
      rowHashes[String(row[0])] = createHash('sha256').update(line).digest('hex');
      rows++;
    }
    out.push({ table, exists: true, rows, sha256: whole.digest('hex'), rowHashes });
  }
  return { takenAt: now.toISOString(), tables: out };
}

/** Compares the current state with the pre-incident snapshot, table by table and row by row. */
export function compareSnapshots(before: SandboxSnapshot, now: SandboxSnapshot): RecoveryCheck {
  const tables = before.tables.map((b): TableVerification => {
    const a = now.tables.find((t) => t.table === b.table);
    let lost = 0;
    let changed = 0;
    let extra = 0;
    const current = a?.rowHashes ?? {};
    for (const [id, h] of Object.entries(b.rowHashes)) {
      const c = current[id];
      if (c === undefined) lost++;
      else if (c !== h) changed++;
    }
    for (const id of Object.keys(current)) if (!(id in b.rowHashes)) extra++;
    const matches = !!a && a.exists === b.exists && a.sha256 === b.sha256;
    return {
      table: b.table,
      matches,
      expectedRows: b.rows,
      actualRows: a?.rows ?? 0,
      rowsLost: lost,
      rowsChanged: changed,
      rowsExtra: extra,
    };
  });
  const sum = (k: 'rowsLost' | 'rowsChanged' | 'rowsExtra') => tables.reduce((n, t) => n + t[k], 0);
  return {
    matches: tables.every((t) => t.matches),
    tables,
    rowsLost: sum('rowsLost'),
    rowsChanged: sum('rowsChanged'),
    rowsExtra: sum('rowsExtra'),
  };
}

/** Row counts as the shop's customers would see them: how many of each record still show up. */
export type CustomerView = { table: SeedTableName; visible: number | null }[];

export function customerView(db: Database, tables: readonly SeedTableName[]): CustomerView {
  return tables.map((table) => {
    if (!SEED_TABLE_NAMES.includes(table)) throw new Error(`Not a seed table: ${String(table)}`);
    if (!tableExists(db, table)) return { table, visible: null };
    return { table, visible: (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n };
  });
}
