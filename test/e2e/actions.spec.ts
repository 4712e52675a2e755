import { test, expect } from './fixtures';

test('corrective actions: add one by hand, see it overdue, verify it by someone other than the owner', async ({ page }) => {
  await page.getByRole('button', { name: 'Open example workspace' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Corrective actions', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Corrective actions', level: 1 })).toBeVisible();

  await page.getByRole('button', { name: 'Add action' }).click();
  const form = page.getByRole('dialog');
  await form.getByLabel(/What must be done/).fill('Gate bulk deletes on the shared drive');
  await form.getByLabel(/Owner/).fill('Marcus');
  await form.getByLabel(/Due date/).fill('2020-01-15');
  await form.getByLabel(/Controls/).fill('APR-2');
  await form.getByRole('button', { name: 'Add action' }).click();

  const table = page.getByRole('table', { name: 'Corrective actions' });
  const row = table.getByRole('row', { name: /Gate bulk deletes/ });
  await expect(row).toContainText('Overdue');
  await expect(page.getByRole('status').filter({ hasText: 'overdue action' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('actions-overdue.png'), fullPage: true });

  const detail = page.getByRole('region', { name: 'Gate bulk deletes on the shared drive' });
  await detail.getByRole('button', { name: 'Mark done' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
  await detail.getByRole('button', { name: 'Verify…' }).click();
  await page
    .getByRole('dialog')
    .getByLabel(/Verified by/)
    .fill('Marcus');
  await page.getByRole('dialog').getByRole('button', { name: 'Verified' }).click();
  await expect(page.getByRole('dialog')).toContainText('someone else must verify it');
  await page
    .getByRole('dialog')
    .getByLabel(/Verified by/)
    .fill('Dana');
  await page.getByRole('dialog').getByRole('button', { name: 'Verified' }).click();
  await expect(detail).toContainText('Verified');
  await expect(row).not.toContainText('Overdue');

  // The action's own history: created, then each status move (done, verified; the refused verification left none), newest first, under the actor's name.
  const history = detail.getByRole('region', { name: 'History of this action' });
  await expect(history.getByTestId('history-entry')).toHaveCount(3);
  await expect(history.getByTestId('history-entry').first()).toContainText('changed corrective action');
  await expect(history.getByTestId('history-entry').last()).toContainText('created corrective action');
  await expect(history).toContainText('verified');
});
