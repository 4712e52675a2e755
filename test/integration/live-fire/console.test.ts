/**
 * The monitoring a team has during a live-fire drill: the read-only query console (in its own process,
 * killed at the time limit), the rogue's statement log, and the row counts customers see.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LiveFireDrill, liveChildren, type ChildScripts } from '../../../electron/services/live-fire/index';
import { buildChildScripts, makeParentDir, removeDir, roguePids } from './helpers';

let scripts: ChildScripts & { dist: string };
let parentDir = '';
let drill: LiveFireDrill;

beforeAll(async () => {
  scripts = await buildChildScripts();
  parentDir = makeParentDir();
  drill = await LiveFireDrill.start({
    scripts,
    parentDir,
    timeScale: 1000,
    heartbeatTimeoutMs: 5000,
    sandbox: {
      seed: {
        seed: 5,
        tables: [
          { name: 'customers', rows: 1000 },
          { name: 'orders', rows: 2000 },
        ],
      },
      before: { backup: 'take' },
      rogue: {
        // 2 s after the start at this scale: the first console query comes before the damage.
        maxSeconds: 3600,
        timeline: [
          { at: 2000, action: 'corrupt-column', table: 'orders', column: 'total_cents', percent: 10 },
          { at: 2001, action: 'junk-rows', table: 'customers', count: 300 },
        ],
      },
    },
  });
});

afterAll(async () => {
  await drill.end();
  removeDir(parentDir);
  expect(liveChildren()).toBe(0);
  expect(roguePids(scripts.dist)).toEqual([]);
  removeDir(scripts.dist);
});

it('the console answers before the damage, and its query is on record as before the damage', async () => {
  const r = await drill.query('SELECT COUNT(*) AS n FROM customers');
  expect(r).toMatchObject({ columns: ['n'], rows: [[1000]], truncated: false });
  expect(drill.events.filter((e) => e.type === 'console-query').at(-1)).toMatchObject({ afterDamage: false });
});

it('after the rogue acts: row counts, the statement log and the console all show the damage', async () => {
  await drill.timelineDone();
  expect(drill.rowCounts()).toEqual([
    { table: 'customers', visible: 1300 },
    { table: 'orders', visible: 2000 },
  ]);
  const log = drill.statementLog();
  expect(log.map((e) => [e.action, e.outcome, e.rowsChanged])).toEqual([
    ['corrupt-column', 'ok', 200],
    ['junk-rows', 'ok', 300],
  ]);
  expect(log[0]!.statement).toBe('UPDATE orders SET total_cents = total_cents / 100 WHERE id % 100 < 10');
  const invented = await drill.query("SELECT COUNT(*) FROM customers WHERE email LIKE '%@example.invalid'");
  expect(invented.rows).toEqual([[300]]);
  expect(drill.events.filter((e) => e.type === 'console-query').at(-1)).toMatchObject({ afterDamage: true, rows: 1 });
  // The quiet corruption: nothing is missing, yet a share of totals are a hundredth of what they were.
  const v = drill.sandbox.verify(drill.preIncident, new Date());
  expect(v.tables.find((t) => t.table === 'orders')).toMatchObject({ matches: false, rowsLost: 0, rowsChanged: 200, actualRows: 2000 });
});

it('a row limit cuts the result and says so', async () => {
  const r = await drill.query('SELECT id, name FROM customers ORDER BY id', { maxRows: 25 });
  expect(r.rows).toHaveLength(25);
  expect(r.truncated).toBe(true);
  expect(r.columns).toEqual(['id', 'name']);
});

it('anything that writes is refused and changes nothing', async () => {
  const before = drill.sandbox.snapshot(new Date());
  await expect(drill.query('DELETE FROM customers')).rejects.toThrow(/read-only/);
  await expect(drill.query('WITH x AS (SELECT 1) UPDATE customers SET name = 1')).rejects.toThrow(/UPDATE is not allowed/);
  await expect(drill.query("SELECT 1; ATTACH '/tmp/x' AS x")).rejects.toThrow(/one statement/);
  expect(drill.sandbox.snapshot(new Date()).tables.map((t) => t.sha256)).toEqual(before.tables.map((t) => t.sha256));
});

it('a query that runs too long is stopped at the time limit, even inside one SQLite step', async () => {
  const started = performance.now();
  await expect(
    drill.query('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n', { timeLimitMs: 300 }),
  ).rejects.toThrow(/longer than 300 ms/);
  expect(performance.now() - started).toBeLessThan(5000);
  expect(roguePids(scripts.dist, 'console')).toEqual([]); // the console process was killed
});

it('the console still reads after containment made the file read-only', async () => {
  expect((await drill.contain()).verified).toBe(true);
  expect((await drill.query('SELECT COUNT(*) FROM orders')).rows).toEqual([[2000]]);
});
