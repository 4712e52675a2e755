import { describe, expect, it } from 'vitest';
import { LiveFireDrill } from '../../../electron/services/live-fire/index';
import { buildChildScripts, makeParentDir } from './helpers';

describe('smoke', () => {
  it('runs', async () => {
    const scripts = await buildChildScripts();
    const d = await LiveFireDrill.start({
      scripts,
      timeScale: 100,
      parentDir: makeParentDir(),
      sandbox: {
        seed: { seed: 7, tables: [{ name: 'customers', rows: 1500 }, { name: 'orders', rows: 3000 }, { name: 'invoices', rows: 2000 }] },
        before: { backup: 'take', location: 'separate', writesAfterBackup: 10 },
        rogue: { timeline: [{ at: 1, action: 'mass-delete', table: 'customers', percent: 90 }, { at: 2, action: 'junk-rows', table: 'customers', count: 400 }, { at: 3, action: 'corrupt-column', table: 'orders', column: 'total_cents' }, { at: 4, action: 'drop-table', table: 'invoices' }, { at: 5, action: 'delete-backup' }] },
      },
    });
    console.log(d.rowCounts());
    console.log(await d.timelineDone());
    console.log(d.rowCounts(), d.statementLog());
    console.log(await d.query('SELECT count(*) AS n FROM customers'));
    const c = await d.contain();
    console.log(JSON.stringify(c, null, 1));
    await d.restore();
    console.log(JSON.stringify(d.verifyRecovery(), null, 1));
    await d.end();
    expect(1).toBe(1);
  });
});
