import { test, expect } from './fixtures';
import { startServer } from './server';
import { waitForReady } from './fixtures';

/**
 * Issue 11 in the UI: the profile asked on first use, a gate change shown in the grant's history
 * as "Approval gate: before -> after" by that person, and the history indicator.
 */
test('first-run profile, then a gate change appears in the grant history with its author', async ({ page }) => {
  const server = await startServer(undefined, { profile: false });
  try {
    await page.goto(server.url);
    await waitForReady(page);
    await page.getByLabel('Workspace name').fill('History checks');
    await page.getByRole('button', { name: 'Create empty workspace' }).click();

    // Asked once, with the OS user name filled in.
    const first = page.getByRole('dialog', { name: 'Who is using Agent Readiness?' });
    await expect(first).toBeVisible();
    await expect(first.getByLabel('Your name')).not.toHaveValue('');
    await first.getByLabel('Your name').fill('Ada Auditor');
    await first.getByLabel('Role').fill('Auditor');
    await first.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('button', { name: 'Acting as Ada Auditor' })).toBeVisible();

    const dialog = page.getByRole('dialog');
    await page.getByRole('link', { name: 'Inventory' }).click();
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
    await page.getByRole('button', { name: 'Add grant' }).click();
    await dialog.getByLabel('Environment').selectOption({ label: 'Production (production)' });
    await dialog.getByLabel('delete').check();
    await dialog.getByRole('button', { name: 'Add grant' }).click();
    await expect(page.getByRole('heading', { name: 'Permissions (1)' })).toBeVisible();

    await page.getByRole('button', { name: /^Edit grant on Orders DB/ }).click();
    await dialog.getByLabel('Approval gate').selectOption('two-person');
    await dialog.getByRole('button', { name: /Save/ }).click();
    await expect(dialog).toHaveCount(0);

    // The agent's own panel lists its creation by the profile.
    await expect(page.getByTestId('history-panel')).toContainText('Ada Auditor');

    await page.getByRole('button', { name: /^History of grant on Orders DB/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'History' })).toBeVisible();
    const gateChange = page.getByTestId('history-panel').getByTestId('history-entry').filter({ hasText: 'changed grant' });
    await expect(gateChange.first()).toContainText('Ada Auditor');
    await expect(gateChange.first()).toContainText(/Approval gate: .+ → two-person/);
    await expect(page.getByTestId('history-verification')).toContainText(/history intact: \d+ entries, head [0-9a-f]{64}/);
    await expect(page.getByTestId('history-indicator')).toHaveText(/History intact: \d+ entries/);
  } finally {
    await server.stop();
  }
});
