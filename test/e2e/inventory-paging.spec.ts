import { test, expect } from './fixtures';
import { seedFleet } from './seed-fleet';

/**
 * Issue 16 §2: the inventory's agents and the matrix come from the server a page at a time. With
 * 1,200 agents more the list renders a screenful, fetches further pages as it scrolls, and searches
 * on the server; the matrix shows one page of agents with Previous/Next reachable from the keyboard.
 */
test('the agents list and the matrix page through 1,200 imported agents', async ({ page }) => {
  await page.getByRole('button', { name: 'Open example workspace' }).click();
  await expect(page.getByRole('heading', { name: 'Inventory summary' })).toBeVisible();
  await seedFleet(page);

  await page.getByRole('link', { name: 'Inventory' }).click();
  await expect(page.getByText('1208 agents')).toBeVisible();
  const table = page.getByRole('table', { name: 'Agents' });
  await expect(table.getByRole('row', { name: /Account Cleanup Agent/ })).toBeVisible();
  // A screenful of rows in the page, not 1,208.
  expect(await table.locator('tbody tr[aria-rowindex]').count()).toBeLessThan(60);
  // Scrolling to the end fetches the last page.
  await page.locator('.table-scroll:has(table)').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(table.getByRole('row', { name: /Fleet agent 1199/ })).toBeVisible();

  // Search and filters run on the server; the count says how many match.
  await page.getByLabel('Search agents').fill('agent 119');
  await expect(page.getByText('10 of 1208 agents')).toBeVisible();
  await page.getByLabel('Search agents').fill('');
  await page.getByLabel('Workflow').selectOption({ label: 'Fleet upkeep' });
  await expect(page.getByText('600 of 1208 agents')).toBeVisible();

  // The matrix: the first page of production's agents, the totals of all of them, keyboard paging.
  await page.getByRole('link', { name: 'Permission matrix' }).click();
  await expect(page.getByTestId('matrix-page')).toHaveText(/^Agents 1–100 of \d+$/);
  const total = Number((await page.getByTestId('matrix-page').textContent())!.split(' of ')[1]);
  expect(total).toBeGreaterThanOrEqual(1200);
  await expect(page.getByRole('status').filter({ hasText: /^1\d\d critical/ })).toBeVisible();
  expect(await page.locator('table.matrix tbody tr').count()).toBe(100);
  await page.getByRole('button', { name: 'Next agents' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('matrix-page')).toHaveText(`Agents 101–200 of ${total}`);
  await page.getByLabel('Agent name').fill('Fleet agent 0990');
  await expect(page.locator('table.matrix tbody tr')).toHaveCount(1);
  await expect(page.locator('td.cell[data-level="critical"]')).toContainText('delete');
});
