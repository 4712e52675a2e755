import { test, expect } from './fixtures';

test('a new user builds an inventory, sees an ungated production delete flagged, and finds it all after a restart', async ({
  page,
  app,
}) => {
  // First run: create an empty workspace.
  await page.getByLabel('Workspace name').fill('Acme Ops');
  await page.getByRole('button', { name: 'Create empty workspace' }).click();
  await expect(page.getByRole('heading', { name: 'Inventory summary' })).toBeVisible();

  // A workflow.
  await page.getByRole('link', { name: 'Inventory' }).click();
  await page.getByRole('tab', { name: /Workflows/ }).click();
  await page.getByRole('button', { name: 'New workflow' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('Nightly clean-up');
  await dialog.getByLabel('Owner').fill('Marcus Chen');
  await dialog.getByRole('button', { name: 'Create workflow' }).click();
  await expect(page.getByRole('cell', { name: 'Nightly clean-up', exact: true })).toBeVisible();

  // A system.
  await page.getByRole('tab', { name: /Systems/ }).click();
  await page.getByRole('button', { name: 'New system' }).click();
  await dialog.getByLabel('Name').fill('Orders DB');
  await dialog.getByLabel('Criticality').selectOption('critical');
  await dialog.getByRole('button', { name: 'Create system' }).click();
  await expect(page.getByRole('cell', { name: 'Orders DB', exact: true })).toBeVisible();

  // An agent; an empty name is refused next to the field and creates nothing.
  await page.getByRole('tab', { name: /Agents/ }).click();
  await page.getByRole('button', { name: 'New agent' }).click();
  await dialog.getByRole('button', { name: 'Create agent' }).click();
  await expect(dialog.locator('#field-name-error')).toHaveText('Required');
  await dialog.getByLabel('Name').fill('<img src=x onerror=alert(1)> Cleanup Bot');
  await dialog.getByLabel('Accountable owner').fill('Marcus Chen');
  await dialog.getByLabel('Lifecycle status').selectOption('production');
  await dialog.getByLabel('Nightly clean-up').check();
  await dialog.getByRole('button', { name: 'Create agent' }).click();

  // Agent page: the hostile-looking name is shown literally.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('<img src=x onerror=alert(1)> Cleanup Bot');
  await expect(page.locator('img')).toHaveCount(0);

  // A production delete with no approval gate.
  await page.getByRole('button', { name: 'Add grant' }).click();
  await dialog.getByLabel('Environment').selectOption({ label: 'Production (production)' });
  await dialog.getByLabel('delete').check();
  await dialog.getByLabel('Credential identity').fill('svc-cleanup');
  await dialog.getByRole('button', { name: 'Add grant' }).click();
  await expect(page.getByRole('heading', { name: 'Permissions (1)' })).toBeVisible();
  await expect(page.locator('.data-table .risk-critical')).toHaveText('Critical');

  // The matrix flags it.
  await page.getByRole('link', { name: 'Permission matrix' }).click();
  await expect(page.getByRole('status').filter({ hasText: '1 critical' })).toBeVisible();
  const cell = page.locator('td.cell[data-level="critical"]');
  await expect(cell).toContainText('delete');
  await expect(cell).toContainText('no gate');

  // Restart the server: everything is still there.
  await app.restart();
  await page.getByRole('link', { name: 'Permission matrix' }).click();
  await expect(page.locator('td.cell[data-level="critical"]')).toContainText('delete');
  await page.getByRole('link', { name: 'Inventory' }).click();
  await expect(page.getByRole('cell', { name: '<img src=x onerror=alert(1)> Cleanup Bot', exact: true })).toBeVisible();
});

test('duplicate names are refused with a message next to the field', async ({ page }) => {
  await page.getByRole('button', { name: 'Open example workspace' }).click();
  await page.getByRole('link', { name: 'Inventory' }).click();
  await page.getByRole('button', { name: 'New agent' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('code assistant');
  await dialog.getByRole('button', { name: 'Create agent' }).click();
  await expect(dialog.locator('#field-name-error')).toContainText('already exists');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('8 agents')).toBeVisible();
});

test('deleting asks for confirmation and states what else goes', async ({ page }) => {
  await page.getByRole('button', { name: 'Open example workspace' }).click();
  await page.getByRole('link', { name: 'Inventory' }).click();
  await page.getByRole('tab', { name: /Systems/ }).click();
  await page.getByRole('button', { name: 'Delete Team shared drive' }).click();
  const confirm = page.getByRole('dialog');
  await expect(confirm).toContainText('also removes 1 permission grant');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('cell', { name: 'Team shared drive', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Delete Team shared drive' }).click();
  await confirm.getByRole('button', { name: 'Delete system' }).click();
  await expect(page.getByRole('cell', { name: 'Team shared drive', exact: true })).toHaveCount(0);
});
