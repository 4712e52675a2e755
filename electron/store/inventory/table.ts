import type { Database, Statement } from 'better-sqlite3';
import { AppError, fieldError } from '../../../core/common/errors';
import { nameKey, newId } from '../ids';

const toSnake = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
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
  /** Input fields stored in same-named snake_case columns. */
  fields: readonly (keyof I & string)[];
  /** True when the table has a unique `name_key` column. */
  uniqueName: boolean;
  encode?: Partial<Record<keyof I & string, (v: unknown) => unknown>>;
  decode?: Record<string, (v: unknown) => unknown>;
};

/**
 * A small row mapper for the inventory tables: camelCase records in, snake_case columns out.
 * Statements are prepared once per connection and reused (hot paths such as import call them per row).
 */
export class Table<I extends object, R extends { id: string }> {
  private readonly statements = new WeakMap<Database, Map<string, Statement<unknown[]>>>();
  constructor(readonly spec: TableSpec<I>) {}

  private stmt(db: Database, key: string, sql: () => string) {
    let cache = this.statements.get(db);
    if (!cache) this.statements.set(db, (cache = new Map()));
    let s = cache.get(key);
    if (!s) cache.set(key, (s = db.prepare<unknown[]>(sql())));
    return s;
  }

  fromRow(row: Row): R {
    const out: Row = {};
    const decoders = this.spec.decode;
    for (const col in row) {
      if (col === 'name_key') continue;
      const decode = decoders?.[col];
      out[toCamel(col)] = decode ? decode(row[col]) : row[col];
    }
    return out as R;
  }

  list(db: Database, orderBy = 'name COLLATE NOCASE'): R[] {
    return (this.stmt(db, `list:${orderBy}`, () => `SELECT * FROM ${this.spec.table} ORDER BY ${orderBy}`).all() as Row[]).map((r) =>
      this.fromRow(r),
    );
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
    const values = this.values(input);
    const cols = [...Object.keys(values), ...Object.keys(extra), 'id', 'created_at', 'updated_at'];
    const stamp = now.toISOString();
    const stmt = this.stmt(
      db,
      `insert:${cols.join(',')}`,
      () => `INSERT INTO ${this.spec.table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
    );
    this.guardUnique(input, () => stmt.run(...Object.values(values), ...Object.values(extra), id, stamp, stamp));
    return id;
  }

  update(db: Database, id: string, input: I, now: Date): void {
    this.get(db, id);
    const values = this.values(input);
    const sets = [...Object.keys(values).map((c) => `${c} = ?`), 'updated_at = ?'];
    const stmt = this.stmt(db, `update:${sets.join(',')}`, () => `UPDATE ${this.spec.table} SET ${sets.join(', ')} WHERE id = ?`);
    this.guardUnique(input, () => stmt.run(...Object.values(values), now.toISOString(), id));
  }

  remove(db: Database, id: string): void {
    this.get(db, id);
    this.stmt(db, 'delete', () => `DELETE FROM ${this.spec.table} WHERE id = ?`).run(id);
  }

  private values(input: I): Row {
    const out: Row = {};
    for (const f of this.spec.fields) {
      const encode = this.spec.encode?.[f];
      const v = (input as Row)[f];
      out[toSnake(f)] = encode ? encode(v) : v;
    }
    if (this.spec.uniqueName) out.name_key = nameKey(String((input as Row).name));
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
