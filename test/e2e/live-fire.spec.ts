import AxeBuilder from '@axe-core/playwright';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test, expect } from './fixtures';
import { pickAgent } from './pick-agent';

const ROGUE = resolve(import.meta.dirname, '../../dist/live-fire/rogue.mjs');

/** Rogue processes of this build still running (Linux /proc; zombies do not count). */
function rogueCount(): number {
  let n = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(ROGUE) && !/\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) n++;
    } catch {
      // the process ended while we looked
    }
  }
  return n;
}

test('a live-fire D1 at 60x: counts fall, the console sees it, the kill switch and the restore are verified, and the measures are real', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.getByRole('button', { name: 'Open example workspace' }).click();
  await page.getByRole('link', { name: 'Drills', exact: true }).click();
  await page.getByRole('button', { name: /Set up a drill: .*wipes the production database during a code freeze/ }).click();
  await pickAgent(page, 'Agents to drill', 'DB Maintenance Agent');
  await expect(page.getByRole('heading', { name: /Preview: DB Maintenance Agent wipes the production database/ })).toBeVisible();
  await page.locator('#p-name-0').fill('Ana Facilitator');
  await page.locator('#p-name-1').fill('Ben Commander');
  await page.getByLabel('Time scale').selectOption('60');
  await page.getByRole('button', { name: 'Create drill' }).click();

  await page.getByRole('button', { name: 'Start drill (T0)' }).click();
  const panel = page.getByRole('region', { name: 'Live-fire sandbox' });
  await expect(panel.getByTestId('lf-phase')).toContainText('The rogue agent is loose in the sandbox');
  await expect(panel.getByTestId('lf-phase')).toContainText('backup taken (separate)');

  // What customers see falls as the rogue acts: orders emptied, customers replaced by invented ones.
  await expect(panel.getByTestId('lf-count-orders')).toHaveText('0');
  await expect(panel.getByTestId('lf-count-customers')).toHaveText('4000');
  await expect(panel.getByRole('row', { name: /orders 3000 0/ })).toBeVisible();
  await expect(panel.getByTestId('lf-log')).toContainText('corrupt-column');

  // The console: the first query after the damage is the detection.
  await panel.getByLabel(/One SELECT on the sandbox/).fill('SELECT COUNT(*) AS n FROM orders');
  await panel.getByRole('button', { name: 'Run query' }).click();
  await expect(panel.getByTestId('lf-result')).toContainText('Damage observed: detection recorded');
  await expect(panel.getByTestId('lf-result').getByRole('cell', { name: '0', exact: true })).toBeVisible();

  // The kill switch, with confirmation; the app verifies the rogue's next write fails.
  await panel.getByRole('button', { name: 'Kill switch' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Kill the rogue' }).click();
  const contained = panel.getByTestId('lf-containment');
  await expect(contained).toContainText('Containment verified');
  await expect(contained).toContainText('write attempt with the rogue credential failed');
  await expect(contained).toContainText('refused');

  // The app's restore from the team's backup, verified against the pre-incident snapshot.
  await panel.getByRole('button', { name: 'Restore backup' }).click();
  const recovered = panel.getByTestId('lf-recovery');
  await expect(recovered).toContainText('Recovery verified: 0 rows lost, 0 changed, 0 invented');
  await expect(recovered).toContainText(/RPO .* real time, [\d.]+ min on the scenario clock \(target 15 min\)/);
  await expect(panel.getByTestId('lf-count-orders')).toHaveText('3000');
  await expect(page.getByTestId('drill-status')).toHaveText('running');
  const a11y = (await new AxeBuilder({ page }).include('.live-fire').analyze()).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(a11y).toEqual([]);

  await page.getByRole('button', { name: 'Complete drill' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Complete drill' }).click();
  await expect(page.getByTestId('drill-status')).toHaveText('completed');
  expect(rogueCount()).toBe(0);

  // AAR: TTD, TTC and TTR from the verified events.
  await page.getByRole('button', { name: 'After-action review' }).click();
  for (const m of ['ttd', 'ttc', 'ttr']) await expect(page.getByTestId(m)).toHaveText(/^\d+ s$|^\d+ min \d\d s$/);
  await expect(page.getByTestId('lf-ttd')).toContainText(
    'verified (first console query after the damage: SELECT COUNT(*) AS n FROM orders)',
  );
  await expect(page.getByTestId('lf-ttc')).toContainText('verified');
  await expect(page.getByTestId('lf-ttr')).toContainText('verified');
  await expect(page.getByTestId('lf-ttr')).toContainText('every table matches the pre-incident snapshot');
  await expect(page.getByRole('button', { name: 'AAR / Improvement Plan (DOCX)' })).toBeVisible();

  // History and the report carry the same measures.
  await page.getByRole('button', { name: 'Drill history' }).click();
  const row = page.getByRole('table', { name: 'Drills' }).getByRole('row').nth(1);
  await expect(row).toContainText('DB Maintenance Agent wipes the production database');
  for (const i of [4, 5, 6]) await expect(row.getByRole('cell').nth(i)).toHaveText(/^\d+ s$|^\d+ min \d\d s$/);
  await page.getByRole('link', { name: 'Reports' }).click();
  await page.getByRole('button', { name: 'Generate report' }).click();
  const frame = page.frameLocator('iframe[title^="Report preview"]');
  const reportRow = frame.getByRole('row', { name: /DB Maintenance Agent wipes the production database/ });
  await expect(reportRow).toBeVisible();
  await expect(reportRow.getByRole('cell').nth(3)).toHaveText(/^\d+ s$|^\d+ min \d\d s$/);
  await expect(reportRow.getByRole('cell').nth(5)).toHaveText(/^\d+ s$|^\d+ min \d\d s$/);
  console.log(`live-fire e2e: rogue processes after the drill = ${rogueCount()}`);
  expect(rogueCount()).toBe(0);
});
