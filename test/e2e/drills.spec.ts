import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { pickAgent } from './pick-agent';
import { startServer } from './server';

/** Serious or critical axe violations on the current screen, as readable lines. */
async function axe(page: Page, screen: string): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${screen}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('authoring a scenario: a bad file is refused with line and field, a good one joins the library', async ({ page }) => {
  test.setTimeout(120_000);
  await page.getByRole('button', { name: 'Open example workspace' }).click();
  await page.getByRole('link', { name: 'Drills', exact: true }).click();
  await page.getByText('Import or author a scenario (YAML)').click();
  await page.getByLabel('Start from a copy of').selectOption({ label: 'The agent wipes a shared drive while "cleaning the cache"' });
  const text = page.getByLabel('Scenario YAML');
  await expect(text).toHaveValue(/id: d7-coding-agent-wipes-shared-drive-copy/);
  const yaml = await text.inputValue();
  await text.fill(yaml.replace(/\n    at: 3\n/, '\n    at: -3\n').replace('source: https://', 'source: http://'));
  await page.getByRole('button', { name: 'Import scenario' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(/line \d+, basedOn\.source: Use an https:\/\/ link to the source/);
  await expect(alert).toContainText(/line \d+, injects\.1\.at: Must be 0 or more/);
  await text.fill(yaml);
  await page.getByRole('button', { name: 'Import scenario' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Scenarios' }).getByRole('listitem')).toHaveCount(14);
  await expect(page.getByRole('heading', { name: /\(our version\)/ })).toBeVisible();
  await page.getByRole('button', { name: /^Remove imported scenario:/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove scenario' }).click();
  await expect(page.getByRole('list', { name: 'Scenarios' }).getByRole('listitem')).toHaveCount(13);
});

test('runs a drill at 10x: injects, log, three checkpoints, crash resume, AAR, then history with measures', async ({ page, app }) => {
  test.setTimeout(300_000);
  await page.getByRole('button', { name: 'Open example workspace' }).click();
  await page.getByRole('link', { name: 'Drills', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Incident drills' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Scenarios' }).getByRole('listitem')).toHaveCount(13);

  // Setup: scenario, target agent, participants, time scale.
  await page.getByRole('button', { name: /Set up a drill: The agent wipes a shared drive/ }).click();
  await pickAgent(page, 'Agents to drill', 'Code Assistant');
  await expect(page.getByRole('heading', { name: /Preview: Code Assistant wipes a shared drive/ })).toBeVisible();
  await page.locator('#p-name-0').fill('Ana Facilitator');
  await page.locator('#p-name-1').fill('Ben Commander');
  await page.getByLabel('Time scale').selectOption('10');
  await page.getByRole('button', { name: 'Create drill' }).click();

  // Runner: start; the T+0 inject is released on schedule.
  await page.getByRole('button', { name: 'Start drill (T0)' }).click();
  const released = page.getByRole('list', { name: 'Released injects' });
  await expect(released.getByText('The shared drive is empty')).toBeVisible();
  await expect(page.getByTestId('drill-status')).toHaveText('running');
  const a11y: string[] = [];

  // Facilitator controls on the T+10 inject (due 60 s after T0 at 10x): hold, lift the hold, hold again, release now.
  const t10 = 'Snapshots are 24 hours old';
  await page.getByRole('button', { name: `Hold: ${t10}` }).click();
  await page.getByRole('button', { name: `Lift hold: ${t10}` }).click();
  await page.getByRole('button', { name: `Hold: ${t10}` }).click();
  await page.getByRole('button', { name: `Release now: ${t10}` }).click();
  await expect(released.getByText(t10)).toBeVisible();
  await expect(released.getByText('released by hand')).toBeVisible();
  a11y.push(...(await axe(page, 'runner with released injects')));

  // Keyboard-first log.
  const log = page.getByRole('log', { name: 'Drill log' });
  await page.getByLabel(/Log entry/).fill('Paging the drive owner');
  await page.getByLabel(/Log entry/).press('Enter');
  await expect(log.getByText('Paging the drive owner')).toBeVisible();

  // The server is killed mid-drill (SIGKILL): on reopening, the drill is offered for resumption with everything kept.
  const dataDir = app.server.dataDir;
  const dead = new Promise((done) => app.server.process.once('exit', done));
  app.server.process.kill('SIGKILL');
  await dead;
  app.server = await startServer(dataDir);
  await app.open(page);
  // Reopening the app offers to resume it, whatever screen opens first.
  await expect(page.getByRole('region', { name: 'Unfinished drill' })).toBeVisible();
  await page.getByRole('region', { name: 'Unfinished drill' }).getByRole('button', { name: 'Resume drill' }).click();
  await expect(page.getByTestId('drill-status')).toHaveText('running');
  await expect(page.getByRole('region', { name: 'Unfinished drill' })).toHaveCount(0);
  await expect(page.getByRole('log', { name: 'Drill log' }).getByText('Paging the drive owner')).toBeVisible();
  await expect(page.getByRole('log', { name: 'Drill log' }).getByText(/The app was not running/)).toBeVisible();

  // Timed question: how long to answer "what did the agent do?" from the logs (LOG-3).
  await page.getByRole('button', { name: /^Start timer: Log query: what did Code Assistant change/ }).click();
  await page.getByRole('button', { name: /^Stop timer: Log query/ }).click();
  await expect(page.getByText(/answered in (\d+ min \d\d s|\d+ s)/)).toBeVisible();

  // Detected (the click that stops Time to detect); a decision meeting an expected one.
  await page.getByRole('button', { name: 'Detected (stops Time to detect)', exact: true }).click();
  await expect(page.getByText(/Detected at T\+/)).toBeVisible();
  await page.getByLabel('Kind').selectOption('decision');
  await page.getByLabel('Meets expected decision').selectOption('stop-and-unmount');
  await page.getByLabel(/Log entry/).fill('Stop the agent and unmount the drive');
  await page.getByLabel(/Log entry/).press('Enter');
  await expect(page.getByRole('log', { name: 'Drill log' }).getByText(/Stop the agent and unmount the drive \(meets/)).toBeVisible();

  // Contained needs both confirmations.
  const contained = page.getByRole('button', { name: 'Contained (stops Time to contain)', exact: true });
  await expect(contained).toBeDisabled();
  await page.getByLabel('Agent halted').click();
  await expect(page.getByLabel('Agent halted')).toBeChecked();
  await expect(contained).toBeDisabled();
  await page.getByLabel('Credentials revoked').click();
  await expect(page.getByLabel('Credentials revoked')).toBeChecked();
  await expect(contained).toBeEnabled();
  await contained.click();
  await expect(page.getByText(/Contained at T\+/)).toBeVisible();

  // Recovered is refused without verification, then accepted.
  await page.getByLabel('What was checked').fill('folder listing vs. the file server');
  await page.getByRole('button', { name: 'Recovered (stops Time to recover)', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('verified against the system of record');
  await page.getByLabel('Verified against the system of record').check();
  await page.getByLabel(/Data lost, minutes/).fill('45');
  await page.getByRole('button', { name: 'Recovered (stops Time to recover)', exact: true }).click();
  await expect(page.getByText(/Recovered at T\+/)).toBeVisible();

  // The T+3 inject arrived on schedule (18 s after T0 at 10x, plus the time the server was down).
  await expect(released.getByText('The transcript shows quiet recursive deletes')).toBeVisible({ timeout: 60_000 });

  // Pause and resume, then complete.
  await page.getByRole('heading', { name: 'Checkpoints' }).click();
  await page.keyboard.press('p'); // facilitator key
  await expect(page.getByTestId('drill-status')).toHaveText('paused');
  await page.keyboard.press('l');
  await expect(page.getByLabel(/Log entry/)).toBeFocused();
  await page.keyboard.type('Paused for a side discussion');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('log', { name: 'Drill log' }).getByText('Paused for a side discussion')).toBeVisible();
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(page.getByTestId('drill-status')).toHaveText('running');
  await page.getByRole('button', { name: 'Complete drill' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Complete drill' }).click();
  await expect(page.getByTestId('drill-status')).toHaveText('completed');

  // After-action review.
  await page.getByRole('button', { name: 'After-action review' }).click();
  await expect(page.getByTestId('ttr')).not.toHaveText('—');
  await expect(page.getByRole('cell', { name: 'missed' }).first()).toBeVisible();
  a11y.push(...(await axe(page, 'after-action review')));
  await page.getByLabel('Strengths 1', { exact: true }).fill('Containment in under ten minutes');
  await page.getByLabel('Areas for improvement 1', { exact: true }).fill('Nobody knew where the snapshots were');
  await page.getByRole('button', { name: 'Add corrective action' }).click();
  await page.locator('#ca-title-0').fill('Restrict the agent to its workspace folder');
  await page.locator('#ca-owner-0').fill('Hannah Lee');
  await page.locator('#ca-due-0').fill('2026-12-31');
  await page.locator('#ca-controls-0').fill('PRM-2');
  await page.getByRole('button', { name: 'Save review' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'After-action review saved.' })).toBeVisible();
  await page.getByLabel('Signed off by').fill('Ana Facilitator');
  await page.getByRole('button', { name: 'Sign off the review' }).click();
  await expect(page.getByText(/Signed off by Ana Facilitator/)).toBeVisible();

  // History with measures and trends.
  await page.getByRole('button', { name: 'Drill history' }).click();
  const row = page.getByRole('table', { name: 'Drills' }).getByRole('row').nth(1);
  await expect(row).toContainText('Code Assistant wipes a shared drive');
  await expect(row).toContainText('completed');
  await expect(row).toContainText('signed off');
  await expect(row).toContainText('45 min');
  // Time to recover, in the one duration format the report uses too ("45 s", "1 min 20 s").
  await expect(row.getByRole('cell').nth(6)).toHaveText(/^\d+ s$|^\d+ min \d\d s$|^\d+ h \d\d min$/);
  await expect(page.getByRole('heading', { name: 'Trends per scenario' })).toBeVisible();
  a11y.push(...(await axe(page, 'history')));
  expect(a11y).toEqual([]);
  await expect(page.getByRole('img', { name: /^TTD, TTC and TTR for The agent wipes a shared drive/ })).toBeVisible();
  await expect(
    page.getByRole('img', { name: /^TTD, TTC and TTR for Code Assistant\. \d{4}-\d\d-\d\d: TTD [\d.]+, TTC [\d.]+, TTR [\d.]+ min/ }),
  ).toBeVisible();
  await pickAgent(page, 'Agent', 'Billing Reconciler');
  await expect(page.getByText('No drills yet')).toBeVisible();
});

test('the runner stays responsive with 2,000 log entries (virtualised log)', async ({ page }) => {
  test.setTimeout(240_000);
  await page.getByRole('button', { name: 'Open example workspace' }).click();
  await page.getByRole('link', { name: 'Drills', exact: true }).click();
  await page.getByRole('button', { name: /Set up a drill: The agent wipes a shared drive/ }).click();
  await pickAgent(page, 'Agents to drill', 'Code Assistant');
  await page.locator('#p-name-0').fill('Ana Facilitator');
  await page.getByRole('button', { name: 'Create drill' }).click();
  await page.getByRole('button', { name: 'Start drill (T0)' }).click();
  await expect(page.getByTestId('drill-status')).toHaveText('running');
  const drillId = new URL(page.url().replace('#/', '')).searchParams.get('id');
  // Another client (a scribe's laptop) logs 2,000 entries through the same API.
  await page.evaluate(async (id) => {
    const call = async (channel: string, input: unknown) =>
      (await (
        await fetch(`/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })
      ).json()) as { ok: boolean; value: { lastWorkspaceId: string } };
    const ws = (await call('app:info', {})).value.lastWorkspaceId;
    for (let i = 0; i < 2000; i++)
      await call('drills:append', { workspaceId: ws, drillId: id, event: { type: 'note', payload: { text: `scribe entry ${i}` } } });
  }, drillId);
  const log = page.getByRole('log', { name: 'Drill log' });
  await expect(log.getByText(/Note: scribe entry 1999$/)).toBeVisible();
  expect(await page.locator('.log-row').count()).toBeLessThan(80);
  const started = Date.now();
  await page.getByLabel(/Log entry/).fill('Still fast after two thousand entries');
  await page.getByLabel(/Log entry/).press('Enter');
  await expect(log.getByText('Still fast after two thousand entries')).toBeVisible({ timeout: 5000 });
  console.log(`[drills e2e] log entry visible ${Date.now() - started} ms after Enter with 2,000+ entries`);
});
