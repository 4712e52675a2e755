import { test, expect } from './fixtures';
import { startServer } from './server';

test('runs a drill at 60x: injects, log, three checkpoints, crash resume, AAR, then history with measures', async ({ page, app }) => {
  test.setTimeout(240_000);
  await page.getByRole('button', { name: 'Open example workspace' }).click();
  await page.getByRole('link', { name: 'Drills', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Incident drills' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Scenarios' }).getByRole('listitem')).toHaveCount(7);

  // Setup: scenario, target agent, participants, time scale.
  await page.getByRole('button', { name: /Set up a drill: The agent wipes a shared drive/ }).click();
  await page.getByLabel('Code Assistant').check();
  await expect(page.getByRole('heading', { name: /Preview: Code Assistant wipes a shared drive/ })).toBeVisible();
  await page.locator('#p-name-0').fill('Ana Facilitator');
  await page.locator('#p-name-1').fill('Ben Commander');
  await page.getByLabel('Time scale').selectOption('60');
  await page.getByRole('button', { name: 'Create drill' }).click();

  // Runner: start; the T+0 inject is released on schedule.
  await page.getByRole('button', { name: 'Start drill (T0)' }).click();
  const released = page.getByRole('list', { name: 'Released injects' });
  await expect(released.getByText('The shared drive is empty')).toBeVisible();
  await expect(page.getByTestId('drill-status')).toHaveText('running');

  // Facilitator controls: hold one inject, release another now.
  await page.getByRole('button', { name: 'Hold: The transcript shows quiet recursive deletes' }).click();
  await expect(page.getByRole('button', { name: 'Lift hold: The transcript shows quiet recursive deletes' })).toBeVisible();
  await page.getByRole('button', { name: 'Release now: Snapshots are 24 hours old' }).click();
  await expect(released.getByText('Snapshots are 24 hours old')).toBeVisible();
  await page.getByRole('button', { name: 'Lift hold: The transcript shows quiet recursive deletes' }).click();
  await expect(released.getByText('The transcript shows quiet recursive deletes')).toBeVisible();

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

  // Declared; a decision meeting an expected one.
  await page.getByRole('button', { name: 'Declared', exact: true }).click();
  await expect(page.getByText(/Declared at T\+/)).toBeVisible();
  await page.getByLabel('Kind').selectOption('decision');
  await page.getByLabel('Meets expected decision').selectOption('stop-and-unmount');
  await page.getByLabel(/Log entry/).fill('Stop the agent and unmount the drive');
  await page.getByLabel(/Log entry/).press('Enter');
  await expect(page.getByRole('log', { name: 'Drill log' }).getByText(/Stop the agent and unmount the drive \(meets/)).toBeVisible();

  // Contained needs both confirmations.
  const contained = page.getByRole('button', { name: 'Contained', exact: true });
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
  await page.getByRole('button', { name: 'Recovered', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('verified against the system of record');
  await page.getByLabel('Verified against the system of record').check();
  await page.getByLabel(/Data lost, minutes/).fill('45');
  await page.getByRole('button', { name: 'Recovered', exact: true }).click();
  await expect(page.getByText(/Recovered at T\+/)).toBeVisible();

  // Pause and resume, then complete.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('drill-status')).toHaveText('paused');
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(page.getByTestId('drill-status')).toHaveText('running');
  await page.getByRole('button', { name: 'Complete drill' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Complete drill' }).click();
  await expect(page.getByTestId('drill-status')).toHaveText('completed');

  // After-action review.
  await page.getByRole('button', { name: 'After-action review' }).click();
  await expect(page.getByTestId('ttr')).not.toHaveText('—');
  await expect(page.getByRole('cell', { name: 'missed' }).first()).toBeVisible();
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
  await expect(row.getByRole('cell').nth(6)).toContainText('min');
  await expect(page.getByRole('heading', { name: 'Trends per scenario' })).toBeVisible();
  await expect(page.getByRole('img', { name: /^TTD, TTC and TTR for The agent wipes a shared drive/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /^TTD, TTC and TTR for Code Assistant\. \d{4}-\d\d-\d\d: TTD [\d.]+, TTC [\d.]+, TTR [\d.]+ min/ })).toBeVisible();
  await page.getByLabel('Agent', { exact: true }).selectOption({ label: 'Billing Reconciler' });
  await expect(page.getByText('No drills yet')).toBeVisible();
});

test('the runner stays responsive with 2,000 log entries (virtualised log)', async ({ page }) => {
  test.setTimeout(240_000);
  await page.getByRole('button', { name: 'Open example workspace' }).click();
  await page.getByRole('link', { name: 'Drills', exact: true }).click();
  await page.getByRole('button', { name: /Set up a drill: The agent wipes a shared drive/ }).click();
  await page.getByLabel('Code Assistant').check();
  await page.locator('#p-name-0').fill('Ana Facilitator');
  await page.getByRole('button', { name: 'Create drill' }).click();
  await page.getByRole('button', { name: 'Start drill (T0)' }).click();
  await expect(page.getByTestId('drill-status')).toHaveText('running');
  const drillId = new URL(page.url().replace('#/', '')).searchParams.get('id');
  // Another client (a scribe's laptop) logs 2,000 entries through the same API.
  await page.evaluate(async (id) => {
    const call = async (channel: string, input: unknown) =>
      (await (await fetch(`/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })).json()) as { ok: boolean; value: { lastWorkspaceId: string } };
    const ws = (await call('app:info', {})).value.lastWorkspaceId;
    for (let i = 0; i < 2000; i++) await call('drills:append', { workspaceId: ws, drillId: id, event: { type: 'note', payload: { text: `scribe entry ${i}` } } });
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
