/**
 * The read-only query console on a sandbox. The file is opened read-only with `query_only`, the text
 * must pass the guard (one SELECT or WITH), SQLite itself must agree the statement only reads, and the
 * result is cut at a row limit and a time limit. The time limit is checked between rows; a single
 * step that runs long is stopped by the caller, which runs this in a child process it can kill.
 */
import BetterSqlite3 from 'better-sqlite3';
import { checkConsoleQuery } from '../../../core/drills/live-fire-guard';
import { guardTarget, refused, type SandboxLayout } from './layout';

export type ConsoleResult = {
  columns: string[];
  rows: unknown[][];
  /** True when more rows existed than the limit allowed. */
  truncated: boolean;
  elapsedMs: number;
};

export const CONSOLE_DEFAULT_ROWS = 200;
export const CONSOLE_MAX_ROWS = 5000;

export function runConsoleQuery(l: SandboxLayout, sql: string, opts: { maxRows?: number; timeLimitMs?: number } = {}): ConsoleResult {
  const g = checkConsoleQuery(sql);
  if (!g.ok) throw refused(g.reason);
  const maxRows = Math.min(Math.max(1, opts.maxRows ?? CONSOLE_DEFAULT_ROWS), CONSOLE_MAX_ROWS);
  const limitMs = opts.timeLimitMs ?? 2000;
  const started = performance.now();
  const db = new BetterSqlite3(guardTarget(l, l.dataFile), { readonly: true, fileMustExist: true });
  try {
    db.pragma('query_only = ON');
    db.pragma('trusted_schema = OFF');
    const stmt = db.prepare(sql);
    if (!stmt.reader || !stmt.readonly) throw refused('The console is read-only: that statement would write');
    const columns = stmt.columns().map((c) => c.name);
    const rows: unknown[][] = [];
    let truncated = false;
    for (const row of stmt.raw().iterate() as IterableIterator<unknown[]>) {
      if (rows.length >= maxRows) {
        truncated = true;
        break;
      }
      rows.push(row.map((v) => (typeof v === 'bigint' ? v.toString() : v instanceof Buffer ? `<${v.length} bytes>` : v)));
      if (performance.now() - started > limitMs) throw refused(`The query ran longer than ${limitMs} ms and was stopped`);
    }
    return { columns, rows, truncated, elapsedMs: Math.round(performance.now() - started) };
  } finally {
    db.close();
  }
}
