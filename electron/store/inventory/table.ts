import type { Database, Statement } from 'better-sqlite3';
import { AppError, fieldError } from '../../../core/common/errors';
import type { FieldDef } from '../../../core/inventory/field-registry';
import { nameKey, newId } from '../ids';
import { refuseStale } from './stale';

const camelCache = new Map<string, string>();
/** Column name -> field name, memoised: list() maps every column of every row (100k grants at scale). */
const toCamel = (s: string): string => {
  let c = camelCache.get(s);
  if (c === undefined) camelCache.set(s, (c = s.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase())));
  return c;
};

type Row = Record<string, unknown>;

export type TableSpec<I extends object> = {
  table: string;
  /** Human label used in messages, e.g. "An agent". */
  label: string;
  /** The entity's field registry (core/inventory/fields.ts): which columns to write, and which hold JSON. */
  registry: { readonly [K in keyof I]: FieldDef };
  /** True when the table has a unique `name_key` column. */
  uniqueName: boolean;
  /** Decoders for columns that are not registry fields (e.g. environments.builtin). */
  decode?: Record<string, (v: unknown) => unknown>;
};

type Column = { key: string; column: string; json: boolean };

/**
 * A small row mapper for the inventory tables: camelCase records in, snake_case columns out.
 * Statements are prepared once per connection and reused (hot paths such as import call them per row).
 */
export class Table<I extends object, R extends { id: string }> {
  private readonly statements = new WeakMap<Database, Map<string, Statement<unknown[]>>>();
  /** Registry fields stored in this table (fields with a null column live in link tables). */
  private readonly columns: readonly Column[];
  /** The written columns, in the order `values()` returns them. */
  private readonly columnNames: readonly string[];
  private readonly decoders: Record<string, (v: unknown) => unknown>;
  constructor(readonly spec: TableSpec<I>) {
    this.columns = Object.entries<FieldDef>(spec.registry)
      .filter(([, f]) => f.column !== null)
      .map(([key, f]) => ({ key, column: f.column!, json: f.json === true }));
    this.columnNames = [...this.columns.map((c) => c.column), ...(spec.uniqueName ? ['name_key'] : [])];
    this.decoders = { ...spec.decode };
    for (const c of this.columns) if (c.json) this.decoders[c.column] = (v) => JSON.parse(String(v)) as unknown;
  }

  private stmt(db: Database, key: string, sql: () => string) {
    let cache = this.statements.get(db);
    if (!cache) this.statements.set(db, (cache = new Map()));
    let s = cache.get(key);
    if (!s) cache.set(key, (s = db.prepare<unknown[]>(sql())));
    return s;
  }

  fromRow(row: Row): R {
    const out: Row = {};
    const decoders = this.decoders;
    for (const col in row) {
      if (col === 'name_key') continue;
      const decode = decoders[col];
      out[toCamel(col)] = decode ? decode(row[col]) : row[col];
    }
    return out as R;
  }

  list(db: Database, orderBy = 'name COLLATE NOCASE'): R[] {
    return (this.stmt(db, `list:${orderBy}`, () => `SELECT * FROM ${this.spec.table} ORDER BY ${orderBy}`).all() as Row[]).map((r) =>
      this.fromRow(r),
    );
  }

  /** Rows whose `column` equals `value` (column: a trusted name from this folder, never input). */
  listWhere(db: Database, column: string, value: unknown, orderBy: string): R[] {
    return (
      this.stmt(db, `where:${column}:${orderBy}`, () => `SELECT * FROM ${this.spec.table} WHERE ${column} = ? ORDER BY ${orderBy}`).all(
        value,
      ) as Row[]
    ).map((r) => this.fromRow(r));
  }

  find(db: Database, id: string): R | undefined {
    const row = this.stmt(db, 'find', () => `SELECT * FROM ${this.spec.table} WHERE id = ?`).get(id) as Row | undefined;
    return row ? this.fromRow(row) : undefined;
  }

  get(db: Database, id: string): R {
    const found = this.find(db, id);
    if (!found) throw new AppError('NOT_FOUND', `${this.spec.label} with this id no longer exists.`);
    return found;
  }

  insert(db: Database, input: I, now: Date, id: string = newId(), extra: Row = {}): string {
    const extraCols = Object.keys(extra);
    // The common case (no extra columns) has a fixed key: no string building per row on a 100k-row import.
    const stmt = this.stmt(db, extraCols.length ? `insert:${extraCols.join(',')}` : 'insert', () => {
      const cols = [...this.columnNames, ...extraCols, 'id', 'created_at', 'updated_at'];
      return `INSERT INTO ${this.spec.table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`;
    });
    const stamp = now.toISOString();
    this.guardUnique(input, () => stmt.run(...this.values(input), ...Object.values(extra), id, stamp, stamp));
    return id;
  }

  /**
   * Writes the record and raises its version. With `expectedVersion` (the version the editor read),
   * a record changed since is refused with who changed it and its current values: no last writer
   * silently wins. The check and the write run in the caller's IMMEDIATE transaction, so no other
   * writer can slip in between them.
   */
  update(db: Database, id: string, input: I, now: Date, expectedVersion?: number): void {
    if (expectedVersion === undefined) this.get(db, id);
    else this.checkVersion(db, id, expectedVersion);
    const stmt = this.stmt(
      db,
      'update',
      () =>
        `UPDATE ${this.spec.table} SET ${[...this.columnNames, 'updated_at'].map((c) => `${c} = ?`).join(', ')}, version = version + 1 WHERE id = ?`,
    );
    this.guardUnique(input, () => stmt.run(...this.values(input), now.toISOString(), id));
  }

  /** Refuses (CONFLICT, with who and when) when the record is no longer at `expectedVersion`. */
  checkVersion(db: Database, id: string, expectedVersion: number): void {
    refuseStale(db, this.spec, this.get(db, id) as unknown as Row, expectedVersion);
  }

  remove(db: Database, id: string): void {
    this.get(db, id);
    this.stmt(db, 'delete', () => `DELETE FROM ${this.spec.table} WHERE id = ?`).run(id);
  }

  /** Values in `columnNames` order. */
  private values(input: I): unknown[] {
    const out: unknown[] = [];
    for (const c of this.columns) {
      const v = (input as Row)[c.key];
      out.push(c.json ? JSON.stringify(v) : v);
    }
    if (this.spec.uniqueName) out.push(nameKey(String((input as Row).name)));
    return out;
  }

  private guardUnique(input: I, run: () => void): void {
    try {
      run();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'SQLITE_CONSTRAINT_UNIQUE' && this.spec.uniqueName) {
        throw fieldError('name', `${this.spec.label} named "${String((input as Row).name)}" already exists in this workspace.`);
      }
      if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw new AppError('VALIDATION', 'It refers to a record that does not exist (it may have been deleted).');
      }
      throw err;
    }
  }
}
