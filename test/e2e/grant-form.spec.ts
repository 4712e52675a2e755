import { test, expect } from './fixtures';

test('"Add grant" needs a chosen environment and action, refuses a copy with a way to the original, and reports the score change', async ({
  page,
}) => {
  await page.getByLabel('Workspace name').fill('Grant checks');
  await page.getByRole('button', { name: 'Create empty workspace' }).click();
  await page.getByRole('link', { name: 'Inventory' }).click();
  const dialog = page.getByRole('dialog');
  await page.getByRole('tab', { name: /Systems/ }).click();
  await page.getByRole('button', { name: 'New system' }).click();
  await dialog.getByLabel('Name').fill('Orders DB');
  await dialog.getByRole('button', { name: 'Create system' }).click();
  await expect(page.getByRole('cell', { name: 'Orders DB', exact: true })).toBeVisible();
  await page.getByRole('tab', { name: /Agents/ }).click();
  await page.getByRole('button', { name: 'New agent' }).click();
  await dialog.getByLabel('Name').fill('Cleanup Bot');
  await dialog.getByRole('button', { name: 'Create agent' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cleanup Bot');

  // Submitted untouched: refused, with each message next to its field, and nothing created.
  await page.getByRole('button', { name: 'Add grant' }).click();
  await dialog.getByRole('button', { name: 'Add grant' }).click();
  await expect(dialog.locator('#field-environmentId-error')).toHaveText('Choose an environment');
  await expect(dialog.locator('#field-actions-error')).toHaveText('Choose at least one action');

  await dialog.getByLabel('Environment').selectOption({ label: 'Production (production)' });
  await dialog.getByLabel('delete').check();
  await dialog.getByRole('button', { name: 'Add grant' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: /Grant added\. Cleanup Bot's readiness score: \d+ → \d+ \([+-]\d+\)\./ }),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Permissions (1)' })).toBeVisible();

  // The same grant again: refused, and the message opens the existing one.
  await page.getByRole('button', { name: 'Add grant' }).click();
  await dialog.getByLabel('Environment').selectOption({ label: 'Production (production)' });
  await dialog.getByLabel('delete').check();
  await dialog.getByRole('button', { name: 'Add grant' }).click();
  await expect(dialog.locator('.form-error')).toContainText('already has exactly this grant');
  await dialog.getByRole('button', { name: 'Open the existing grant' }).click();
  await expect(dialog.getByRole('heading', { name: 'Edit grant' })).toBeVisible();
  await expect(dialog.getByLabel('delete')).toBeChecked();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', { name: 'Permissions (1)' })).toBeVisible();
});
