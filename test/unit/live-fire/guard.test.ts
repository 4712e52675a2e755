import { describe, expect, it } from 'vitest';
import { checkConsoleQuery, checkRogueStatement, checkSandboxPath, stripSqlLiterals } from '../../../core/drills/live-fire-guard';

const ROOT = '/tmp/ar-live-fire-abc123';

describe('sandbox paths: only the drill folder', () => {
  it.each([`${ROOT}`, `${ROOT}/volume/sandbox.sqlite`, `${ROOT}/vault/backup-1.sqlite`, `${ROOT}//log/statements.jsonl`])(
    'accepts %s',
    (p) => {
      expect(checkSandboxPath(ROOT, p)).toEqual({ ok: true });
    },
  );

  it.each([
    ['/etc/passwd', /outside/],
    ['/tmp/ar-live-fire-abc1234/volume/x', /outside/], // a sibling whose name starts the same
    ['/tmp', /outside/],
    [`${ROOT}/../ar-live-fire-other/volume/sandbox.sqlite`, /"\." or "\.\."/],
    [`${ROOT}/volume/./sandbox.sqlite`, /"\." or "\.\."/],
    ['volume/sandbox.sqlite', /absolute/],
    [`${ROOT}/volume/a\0b`, /NUL/],
    ['', /No path/],
    ['C:\\Users\\me\\workspace.sqlite', /outside/],
  ])('refuses %s', (p, why) => {
    const r = checkSandboxPath(ROOT, p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(why);
  });

  it('refuses a relative sandbox root', () => {
    expect(checkSandboxPath('tmp/x', 'tmp/x/y').ok).toBe(false);
  });

  it('compares Windows drive paths without case', () => {
    expect(checkSandboxPath('C:\\Temp\\ar-live-fire-1', 'c:\\temp\\ar-live-fire-1\\volume\\db').ok).toBe(true);
    expect(checkSandboxPath('C:\\Temp\\ar-live-fire-1', 'C:\\Temp\\ar-live-fire-1\\..\\x').ok).toBe(false);
  });
});

describe('rogue statements: one write on the sandbox database, nothing that reaches beyond it', () => {
  it.each([
    'DELETE FROM customers',
    'DELETE FROM orders WHERE id % 100 < 90',
    'DROP TABLE invoices',
    'UPDATE customers SET country = ?',
    "INSERT INTO customers (name) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT 'x' FROM n;",
  ])('accepts %s', (sql) => {
    expect(checkRogueStatement(sql)).toEqual({ ok: true });
  });

  it.each([
    ["ATTACH DATABASE '/home/me/work.sqlite' AS w", /ATTACH/],
    ["attach '/tmp/x' as y", /ATTACH/],
    ["VACUUM INTO '/tmp/copy.sqlite'", /VACUUM/],
    ["SELECT load_extension('/tmp/evil.so')", /load_extension/],
    ["INSERT INTO customers (name) SELECT load_extension('/tmp/evil.so')", /load_extension/],
    ['PRAGMA writable_schema = ON', /PRAGMA/],
    ['DELETE FROM customers; DELETE FROM orders', /one statement/],
    ['DELETE FROM customers /* ; */; ATTACH x', /one statement|ATTACH/],
    ["UPDATE customers SET name = readfile('/etc/passwd')", /file/],
    ['DELETE FROM sqlite_master', /schema/],
    ['SELECT * FROM customers', /only run INSERT, UPDATE, DELETE or DROP TABLE/],
    ['CREATE TABLE x (a)', /only run/],
    ['', /empty/],
  ])('refuses %s', (sql, why) => {
    const r = checkRogueStatement(sql);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(why);
  });

  it('a keyword inside a string value or a quoted name is data, not a statement', () => {
    expect(checkRogueStatement("UPDATE customers SET name = 'ATTACH; VACUUM'")).toEqual({ ok: true });
    expect(stripSqlLiterals("a 'it''s' \"x\" [y] `z` -- c\nb /* d */ e")).toBe("a '' _q_ _q_ _q_  \nb   e");
  });
});

describe('console queries: read-only, one statement', () => {
  it.each(['SELECT COUNT(*) FROM customers', 'with t as (select 1) select * from t', "SELECT replace(email, '@', ' at ') FROM customers"])(
    'accepts %s',
    (sql) => expect(checkConsoleQuery(sql)).toEqual({ ok: true }),
  );

  it.each([
    ['DELETE FROM customers', /read-only/],
    ['WITH x AS (SELECT 1) DELETE FROM customers', /DELETE/],
    ['SELECT 1; DROP TABLE customers', /one statement/],
    ["SELECT * FROM customers WHERE 1 = 1 AND load_extension('x')", /load_extension/],
    ["ATTACH '/etc/x' AS x", /ATTACH/],
    ['PRAGMA table_info(customers)', /PRAGMA/],
    ['   ', /Type a SELECT/],
    ['SELECT ' + 'x'.repeat(5000), /At most/],
  ])('refuses %s', (sql, why) => {
    const r = checkConsoleQuery(sql);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(why);
  });
});
