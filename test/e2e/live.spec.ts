/**
 * Live collaboration in browser mode (issue 14 §5): two browser contexts (two people, two
 * cookies) on one served workspace stay in step through the change stream, without a reload.
 */
import type { Browser, Page } from '@playwright/test';
import { test, expect, waitForReady } from './fixtures';

/** A second person: their own browser context, signed in through the printed link, on the same last workspace. */
async function secondWindow(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('[pageerror B]', e.message));
  await page.goto(url);
  await waitForReady(page);
  return page;
}

/** The page's live stream is open (the renderer marks <html data-live="open"> when the server's first frame arrived). */
const liveOpen = (page: Page) => expect(page.locator('html[data-live="open"]')).toBeAttached();

test('an agent added in one window appears in the other without a reload', async ({ page, app, browser }) => {
  await page.getByLabel('Workspace name').fill('Shared ops');
  await page.getByRole('button', { name: 'Create empty workspace' }).click();
  await page.getByRole('link', { name: 'Inventory' }).click();
  await expect(page.getByRole('button', { name: 'New agent' })).toBeVisible();

  const b = await secondWindow(browser, app.url);
  await expect(b.locator('.workspace-name')).toHaveText('Shared ops');
  await b.getByRole('link', { name: 'Inventory' }).click();
  await Promise.all([liveOpen(page), liveOpen(b)]);

  await b.getByRole('button', { name: 'New agent' }).click();
  const dialog = b.getByRole('dialog');
  await dialog.getByLabel('Name').fill('Shared Bot');
  const started = Date.now();
  await dialog.getByRole('button', { name: 'Create agent' }).click();
  await expect(page.getByRole('cell', { name: 'Shared Bot', exact: true })).toBeVisible({ timeout: 3000 });
  console.log(`[live e2e] agent created in window B visible in window A after ${Date.now() - started} ms (click to visible)`);

  await b.close();
});

test('a second window pauses a running drill and logs an entry; the first shows both while paused', async ({ page, app, browser }) => {
  test.setTimeout(120_000);
  await page.getByRole('button', { name: 'Open example workspace' }).click();
  await page.getByRole('link', { name: 'Drills', exact: true }).click();
  await page.getByRole('button', { name: /Set up a drill: The agent wipes a shared drive/ }).click();
  await page.getByLabel('Code Assistant').check();
  await page.locator('#p-name-0').fill('Ana Facilitator');
  await page.getByRole('button', { name: 'Create drill' }).click();
  await page.getByRole('button', { name: 'Start drill (T0)' }).click();
  await expect(page.getByTestId('drill-status')).toHaveText('running');
  const runner = new URL(page.url()).hash;

  const b = await secondWindow(browser, app.url);
  await b.goto(`${app.server.origin}/${runner}`);
  await waitForReady(b);
  await expect(b.getByTestId('drill-status')).toHaveText('running');
  await Promise.all([liveOpen(page), liveOpen(b)]);

  let t0 = Date.now();
  await b.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByTestId('drill-status')).toHaveText('paused', { timeout: 3000 });
  const pauseMs = Date.now() - t0;
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toBeVisible();

  // The scribe logs while the drill is paused; the facilitator's log shows it, still paused.
  t0 = Date.now();
  await b.getByLabel(/Log entry/).fill('Scribe: legal is on the bridge');
  await b.getByLabel(/Log entry/).press('Enter');
  const log = page.getByRole('log', { name: 'Drill log' });
  await expect(log.getByText('Scribe: legal is on the bridge')).toBeVisible({ timeout: 3000 });
  const logMs = Date.now() - t0;
  await expect(log.locator('.log-row[data-kind="pause"]')).toBeVisible();
  await expect(page.getByTestId('drill-status')).toHaveText('paused');
  console.log(`[live e2e] pause in window B shown in window A after ${pauseMs} ms; log entry after ${logMs} ms (action to visible)`);

  // The facilitator resumes; the second window follows.
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(b.getByTestId('drill-status')).toHaveText('running', { timeout: 3000 });
  await b.close();
});
