import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';

/**
 * Keyboard only (issue 6): a core flow done without the mouse: open a workspace, create an agent,
 * give it a production grant, then find it through the shortcuts documented in the help panel.
 * Every step is a key press; nothing is clicked.
 */
const isFocused = (l: Locator) => l.evaluate((el) => el === document.activeElement);

/** Presses Tab (or Shift+Tab) until the target has focus, as a keyboard user would. */
async function tabTo(page: Page, target: Locator, opts: { back?: boolean; max?: number } = {}): Promise<void> {
  await expect(target).toBeVisible();
  for (let i = 0; i < (opts.max ?? 80); i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/** Moves a focused native <select> with the arrow keys until the wanted option is chosen. */
async function arrowSelect(page: Page, select: Locator, label: string | RegExp): Promise<void> {
  await expect(select).toBeFocused();
  const chosen = () => select.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.label ?? '');
  for (let i = 0; i < 30; i++) {
    const now = await chosen();
    if (typeof label === 'string' ? now === label : label.test(now)) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`No option ${String(label)}`);
}

test('create an agent and a production grant with the keyboard only; shortcuts are documented in the help panel', async ({ page }) => {
  // Workspace picker: Tab to the example workspace and open it with Enter.
  await tabTo(page, page.getByRole('button', { name: 'Open example workspace' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('readiness-headline')).toBeVisible();

  // The help panel lists the shortcuts; Escape closes it.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('row', { name: /Alt\+2.*Go to Inventory/ })).toBeVisible();
  await expect(help.getByRole('row', { name: /Esc/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  // Alt+2: the inventory. "/" jumps to its search box.
  await page.keyboard.press('Alt+2');
  await expect(page.getByRole('heading', { name: 'Inventory', level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Agents' })).toBeVisible();
  await page.keyboard.press('/');
  await expect(page.getByLabel('Search agents')).toBeFocused();

  // New agent: the dialog takes focus; fields are filled in order with Tab; Enter submits.
  await tabTo(page, page.getByRole('button', { name: 'New agent' }));
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'New agent' });
  await expect(dialog.getByLabel('Name')).toBeFocused();
  await page.keyboard.type('Keyboard Bot');
  await tabTo(page, dialog.getByLabel('Accountable owner'));
  await page.keyboard.type('Kim Keys');
  await tabTo(page, dialog.getByLabel('Lifecycle status'));
  await arrowSelect(page, dialog.getByLabel('Lifecycle status'), 'production');
  // Focus stays inside the dialog: Tab wraps around instead of escaping to the page behind it.
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await tabTo(page, dialog.getByRole('button', { name: 'Create agent' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Keyboard Bot', level: 1 })).toBeVisible();

  // Add a grant: production, delete, no gate (the riskiest kind), submitted with Enter in a text field.
  await tabTo(page, page.getByRole('button', { name: 'Add grant' }));
  await page.keyboard.press('Enter');
  const grant = page.getByRole('dialog', { name: /grant/i });
  await tabTo(page, grant.getByLabel('Environment'));
  await arrowSelect(page, grant.getByLabel('Environment'), 'Production (production)');
  await tabTo(page, grant.getByLabel('delete'));
  await page.keyboard.press('Space');
  await expect(grant.getByLabel('delete')).toBeChecked();
  await tabTo(page, grant.getByLabel('Credential identity'));
  await page.keyboard.type('svc-keyboard');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Permissions (1)' })).toBeVisible();
  await expect(page.locator('.data-table .risk-critical')).toHaveText('Critical');

  // Back in the inventory, the new agent is a row that opens with Enter.
  await page.keyboard.press('Alt+2');
  await page.keyboard.press('/');
  await page.keyboard.type('Keyboard Bot');
  const row = page.getByRole('row', { name: /Keyboard Bot/ });
  await expect(row).toBeVisible();
  await tabTo(page, row);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Keyboard Bot', level: 1 })).toBeVisible();

  // Alt+3: the permission matrix shows the new critical cell.
  await page.keyboard.press('Alt+3');
  await expect(page.getByRole('heading', { name: /Permission matrix/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /Keyboard Bot/ }).locator('td.cell[data-level="critical"]')).toContainText('delete');
});
