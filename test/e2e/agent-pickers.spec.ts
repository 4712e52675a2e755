import { test, expect } from './fixtures';
import { fleetAgent, seedFleet } from './seed-fleet';

/**
 * Issue 16: the agent pickers search the server, so an agent past the overview's first 1,000 can be
 * chosen by typing its name, from the keyboard, in the Actions screen and in drill setup (and the
 * drill history filter), and the chosen agent is named after a reload of the record.
 */
test('agent 1,150 of 1,200 is picked by typing its name in actions, drill setup and drill history', async ({ page }) => {
  test.setTimeout(120_000);
  await page.getByRole('button', { name: 'Open example workspace' }).click();
  await expect(page.getByRole('heading', { name: 'Inventory summary' })).toBeVisible();
  await seedFleet(page);
  const target = fleetAgent(1150);

  // Corrective actions: add one for the agent, chosen with the keyboard only.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Corrective actions', exact: true }).click();
  await page.getByRole('button', { name: 'Add action' }).click();
  const form = page.getByRole('dialog');
  await form.getByLabel(/What must be done/).fill('Take delete off the fleet agent');
  await form.getByLabel(/Owner/).fill('Marcus');
  await form.getByLabel(/Due date/).fill('2030-01-15');
  const box = form.getByRole('combobox', { name: 'Agents' });
  await box.fill('Fleet agent');
  // 1,200 match: the first page is listed and the rest are counted, not sent.
  await expect(form.getByText('1,180 more, refine the search')).toBeVisible();
  await box.fill(target);
  await expect(form.getByRole('listbox', { name: 'Agents' }).getByRole('option')).toHaveText([target]);
  await expect(box).toHaveAttribute('aria-activedescendant', /.+/);
  await box.press('Enter');
  await expect(form.getByRole('list', { name: 'Chosen: Agents' })).toContainText(target);
  // Escape closes the list first; the dialog stays open.
  await box.press('Escape');
  await expect(box).toHaveAttribute('aria-expanded', 'false');
  await expect(form).toBeVisible();
  await form.getByRole('button', { name: 'Add action' }).click();
  await expect(form).toBeHidden();

  // The saved action names its agent again when edited (inventory:agentNames, not the overview's page).
  const detail = page.getByRole('region', { name: 'Take delete off the fleet agent' });
  await detail.getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByRole('dialog').getByRole('list', { name: 'Chosen: Agents' })).toContainText(target);
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

  // Drill setup: the same picker; the preview names the agent past the first 1,000.
  await page.getByRole('link', { name: 'Drills', exact: true }).click();
  await page.getByRole('button', { name: /Set up a drill: The agent wipes a shared drive/ }).click();
  const drillBox = page.getByRole('combobox', { name: 'Agents to drill' });
  await drillBox.fill(target);
  await expect(page.getByRole('listbox', { name: 'Agents to drill' }).getByRole('option')).toHaveText([target]);
  await drillBox.press('Enter');
  await expect(page.getByRole('heading', { name: `Preview: ${target} wipes a shared drive` })).toBeVisible();
  await page.locator('#p-name-0').fill('Ana Facilitator');
  await page.locator('#p-name-1').fill('Ben Commander');
  await page.getByRole('button', { name: 'Create drill' }).click();
  await expect(page.getByRole('button', { name: 'Start drill (T0)' })).toBeVisible();

  // Drill history: filter by that agent.
  await page.getByRole('link', { name: 'Drills', exact: true }).click();
  await page.getByRole('button', { name: 'Drill history' }).click();
  const filter = page.getByRole('combobox', { name: 'Agent', exact: true });
  await filter.fill(target);
  await expect(page.getByRole('listbox', { name: 'Agent', exact: true }).getByRole('option')).toHaveText([target]);
  await filter.press('Enter');
  await expect(page.getByRole('list', { name: 'Chosen: Agent' })).toContainText(target);
  await expect(page.getByRole('table', { name: 'Drills' }).getByRole('row')).toHaveCount(2);
  await expect(page.getByRole('table', { name: 'Drills' })).toContainText(target);
});
