import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, waitForReady } from './fixtures';
import { pickAgent } from './pick-agent';

/**
 * Accessibility (issue 6): axe-core over every main screen, in the light and the dark theme.
 * Passes only with 0 serious or critical violations; the failure lists each one with its nodes.
 */
type Found = { screen: string; rule: string; impact: string; help: string; nodes: string[] };

async function scan(page: Page, screen: string, found: Found[]): Promise<void> {
  // The report preview is a sandboxed iframe where no script may run, so axe cannot enter it (it can
  // hang trying); the report document itself is scanned on its own page (see the reports step).
  const r = await new AxeBuilder({ page }).exclude('iframe[sandbox]').analyze();
  for (const v of r.violations) {
    if (v.impact !== 'serious' && v.impact !== 'critical') continue;
    found.push({
      screen,
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`),
    });
  }
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();

for (const theme of ['light', 'dark'] as const) {
  test(`every main screen has no serious or critical axe violations (${theme} theme)`, async ({ page }) => {
    test.setTimeout(300_000);
    const found: Found[] = [];
    await page.evaluate((t) => localStorage.setItem('ar.theme', t), theme);
    await page.reload();
    await waitForReady(page);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);

    // Workspace picker (first run).
    await expect(page.getByRole('heading', { name: 'Agent Readiness', level: 1 })).toBeVisible();
    await scan(page, 'workspace picker', found);

    // Dashboard.
    await page.getByRole('button', { name: 'Open example workspace' }).click();
    await expect(page.getByTestId('readiness-headline')).toBeVisible();
    // The top bar's toggle switches the theme both ways; the scan runs in the theme under test.
    const toggle = page.getByRole('banner').getByRole('button', { name: /theme$/ });
    await toggle.click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme === 'light' ? 'dark' : 'light');
    await toggle.click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await scan(page, 'dashboard', found);

    // Agent readiness (assessment of one agent), from the dashboard.
    await page.getByRole('list', { name: 'Agents not ready' }).getByRole('button').first().click();
    await expect(page.getByTestId('agent-score')).toBeVisible();
    await scan(page, 'agent readiness', found);
    // Controls are grouped by area and collapsed: open one so its control cards are scanned too.
    await page.getByTestId('area-APR').locator('summary').click();
    await expect(page.getByTestId('control-APR-2')).toBeVisible();
    await scan(page, 'agent readiness, an area open', found);

    // Inventory and agent detail.
    await nav(page, 'Inventory');
    await expect(page.getByRole('table', { name: 'Agents' }).getByRole('row').nth(1)).toBeVisible();
    await scan(page, 'inventory', found);
    await page.getByRole('button', { name: 'New agent' }).click();
    await expect(page.getByRole('dialog', { name: 'New agent' })).toBeVisible();
    await scan(page, 'new agent dialog', found);
    await page.keyboard.press('Escape');
    for (const tab of ['Workflows', 'Systems', 'Environments']) {
      await page.getByRole('tab', { name: new RegExp(tab) }).click();
      await expect(page.getByRole('tab', { name: new RegExp(tab) })).toHaveAttribute('aria-selected', 'true');
      await scan(page, `inventory ${tab.toLowerCase()}`, found);
    }
    await page.getByRole('tab', { name: /Agents/ }).click();
    await page.getByRole('table', { name: 'Agents' }).getByRole('row').nth(1).click();
    await expect(page.getByRole('heading', { name: /^Permissions \(\d+\)$/ })).toBeVisible();
    await scan(page, 'agent detail', found);
    await page.getByRole('button', { name: 'Add grant' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await scan(page, 'add grant dialog', found);
    await page.keyboard.press('Escape');

    // Permission matrix.
    await nav(page, 'Permission matrix');
    await expect(page.locator('td.cell').first()).toBeVisible();
    await scan(page, 'permission matrix', found);

    // Assessments.
    await nav(page, 'Assessments');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    await scan(page, 'assessments', found);

    // Drills: library, setup, runner, history.
    await nav(page, 'Drills');
    await expect(page.getByRole('list', { name: 'Scenarios' }).getByRole('listitem').first()).toBeVisible();
    await scan(page, 'drill library', found);
    await page.getByRole('button', { name: /Set up a drill: The agent wipes a shared drive/ }).click();
    await pickAgent(page, 'Agents to drill', 'Code Assistant');
    await expect(page.getByRole('heading', { name: /Preview: Code Assistant wipes a shared drive/ })).toBeVisible();
    await page.locator('#p-name-0').fill('Ana Facilitator');
    await page.locator('#p-name-1').fill('Ben Commander');
    await scan(page, 'drill setup', found);
    await page.getByRole('button', { name: 'Create drill' }).click();
    await page.getByRole('button', { name: 'Start drill (T0)' }).click();
    await expect(page.getByTestId('drill-status')).toHaveText('running');
    await page.getByLabel(/Log entry/).fill('Paging the drive owner');
    await page.getByLabel(/Log entry/).press('Enter');
    await expect(page.getByRole('log', { name: 'Drill log' }).getByText('Paging the drive owner')).toBeVisible();
    await scan(page, 'drill runner', found);
    await nav(page, 'Drill history');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await scan(page, 'drill history', found);

    // Reports (with the generated preview), import, backups.
    await nav(page, 'Reports');
    await page.getByRole('button', { name: 'Generate report' }).click();
    await expect(page.getByTestId('report-status')).toHaveText('Report ready. Preview below.');
    await scan(page, 'reports', found);
    const reportHtml = await page.locator('iframe[title^="Report preview"]').getAttribute('srcdoc');
    const reportPage = await page.context().newPage();
    await reportPage.setContent(reportHtml ?? '');
    await scan(reportPage, 'executive report document', found);
    await reportPage.close();
    await nav(page, 'Import');
    await expect(page.getByLabel('Inventory file')).toBeVisible();
    await scan(page, 'import', found);
    await nav(page, 'Backups');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await scan(page, 'backups', found);

    // The keyboard help panel.
    await page.keyboard.press('F1');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    await scan(page, 'help panel', found);
    // The getting-started guide, one link away from the shortcuts.
    await page.getByRole('dialog').getByRole('button', { name: 'Getting-started guide' }).click();
    await expect(page.getByRole('dialog', { name: 'Getting started' })).toBeVisible();
    await scan(page, 'getting-started guide', found);

    expect(found, JSON.stringify(found, null, 2)).toEqual([]);
  });
}
