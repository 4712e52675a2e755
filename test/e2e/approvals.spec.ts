import { test, expect } from './fixtures';

test('a user adds a destructive production grant, sees it is not approved, and is refused approving their own request', async ({
  page,
}) => {
  await page.getByLabel('Workspace name').fill('Approvals');
  await page.getByRole('button', { name: 'Create empty workspace' }).click();
  await page.getByRole('link', { name: 'Inventory' }).click();
  await page.getByRole('tab', { name: /Systems/ }).click();
  await page.getByRole('button', { name: 'New system' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('Orders DB');
  await dialog.getByRole('button', { name: 'Create system' }).click();
  await page.getByRole('tab', { name: /Agents/ }).click();
  await page.getByRole('button', { name: 'New agent' }).click();
  await dialog.getByLabel('Name').fill('Cleanup Bot');
  await dialog.getByRole('button', { name: 'Create agent' }).click();

  await page.getByRole('button', { name: 'Add grant' }).click();
  await dialog.getByLabel('Environment').selectOption({ label: 'Production (production)' });
  await dialog.getByLabel('delete').check();
  await dialog.getByRole('button', { name: 'Add grant' }).click();
  await expect(page.getByRole('heading', { name: 'Permissions (1)' })).toBeVisible();
  await expect(page.locator('.grant-approval')).toContainText('Not approved');

  // The person who added the grant is its requester: approving it is refused, with the reason, and nothing changes.
  await page.getByRole('button', { name: 'Approve grant on Orders DB in Production' }).click();
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await expect(dialog.getByRole('alert')).toContainText('requested this grant');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('.grant-approval')).toContainText('Not approved');
});
