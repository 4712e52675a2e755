import { test, expect } from './fixtures';

/**
 * Two windows on one workspace (two people, or one person's desktop and browser): the one who saves
 * second, against the version they opened, sees who changed the record and both values, and chooses.
 */
test('a stale save is refused with who changed it and both values; the user keeps theirs or saves over them', async ({
  page,
  app,
  context,
}) => {
  await page.getByRole('button', { name: 'Open example workspace' }).click();
  await page.getByRole('link', { name: 'Inventory' }).click();
  await page.getByRole('tab', { name: /Systems/ }).click();
  await page.getByRole('button', { name: 'Edit Team shared drive' }).click();
  const mine = page.getByRole('dialog');
  await mine.getByLabel('Name').fill('Shared drive (mine)');

  // Meanwhile, in another window, the same system is renamed and saved.
  const other = await context.newPage();
  await app.open(other);
  await other.getByRole('link', { name: 'Inventory' }).click();
  await other.getByRole('tab', { name: /Systems/ }).click();
  await other.getByRole('button', { name: 'Edit Team shared drive' }).click();
  await other.getByRole('dialog').getByLabel('Name').fill('Team drive (theirs)');
  await other.getByRole('dialog').getByRole('button', { name: 'Save changes' }).click();
  await expect(other.getByRole('cell', { name: 'Team drive (theirs)', exact: true })).toBeVisible();

  // Back in the first window: the save is refused, nothing is overwritten, and both values are shown.
  await mine.getByRole('button', { name: 'Save changes' }).click();
  const stale = mine.getByTestId('stale-save');
  await expect(stale).toContainText(/Changed by .+ at /);
  await expect(stale.getByRole('row', { name: /Name/ })).toContainText('Team drive (theirs)');
  await expect(stale.getByRole('row', { name: /Name/ })).toContainText('Shared drive (mine)');
  // their name twice: in the comparison and in the list behind the dialog, which now shows their change
  await expect(page.getByRole('cell', { name: 'Team drive (theirs)', exact: true })).toHaveCount(2);
  await expect(stale.getByRole('button', { name: 'Use their values' })).toBeFocused();

  // The user decides to keep their own name, knowingly.
  await stale.getByRole('button', { name: 'Save mine over theirs' }).click();
  await expect(mine).toHaveCount(0);
  await expect(page.getByRole('cell', { name: 'Shared drive (mine)', exact: true })).toBeVisible();
  await other.reload();
  await other.getByRole('tab', { name: /Systems/ }).click();
  await expect(other.getByRole('cell', { name: 'Shared drive (mine)', exact: true })).toBeVisible();
});
