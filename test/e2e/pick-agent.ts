import { expect, type Page } from '@playwright/test';

/**
 * Chooses an agent in an AgentPicker the way a keyboard user does: type its name, wait for the
 * server's match to be listed, Down to it if needed and Enter. Then waits until it is shown as chosen.
 */
export async function pickAgent(page: Page, label: string, name: string): Promise<void> {
  const box = page.getByRole('combobox', { name: label, exact: true });
  await box.fill(name);
  const option = page.getByRole('listbox', { name: label, exact: true }).getByRole('option', { name, exact: true });
  await expect(option).toBeVisible();
  await option.click();
  await expect(page.getByRole('list', { name: `Chosen: ${label}` }).getByText(name, { exact: true })).toBeVisible();
}
