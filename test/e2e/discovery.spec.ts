import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/discovery/e2e');
const claude = readFileSync(join(FIXTURES, 'claude_desktop_config.json'), 'utf8');
const cursor = readFileSync(join(FIXTURES, '.cursor/mcp.json'), 'utf8');

/** Drops files on the window the way a browser does: a drop event whose DataTransfer holds them. */
async function drop(page: Page, files: { name: string; text: string }[]) {
  const dt = await page.evaluateHandle((fs) => {
    const d = new DataTransfer();
    for (const f of fs) d.items.add(new File([f.text], f.name, { type: 'application/json' }));
    return d;
  }, files);
  await page.dispatchEvent('main, body', 'drop', { dataTransfer: dt });
}

test('a new user drops a Claude Desktop and a Cursor config, sees two agents that can write a production database with no approval, accepts them, and a re-run proposes nothing', async ({
  page,
}) => {
  await page.getByLabel('Workspace name').fill('Discovery Co');
  await page.getByRole('button', { name: 'Create empty workspace' }).click();
  await page.getByRole('link', { name: 'Discover' }).click();
  await expect(page.getByRole('heading', { name: 'No discovery run yet' })).toBeVisible();

  await drop(page, [
    { name: 'claude_desktop_config.json', text: claude },
    { name: 'mcp.json', text: cursor },
  ]);
  const list = page.getByRole('list', { name: 'Files to read' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  // A browser gives only the base name: the user says which client "mcp.json" belongs to.
  await expect(list.getByRole('listitem').nth(1)).toContainText('mcp.json (1 KB)');
  await list.getByRole('listitem').nth(1).getByRole('combobox').selectOption('cursor');
  await page.getByRole('button', { name: 'Read 2 file(s)' }).click();

  const sources = page.getByTestId('discovery-source');
  await expect(sources).toHaveCount(2);
  await expect(sources.filter({ hasText: 'read as claude-desktop' })).toHaveCount(1);
  await expect(sources.filter({ hasText: 'read as cursor' })).toHaveCount(1);

  const items = page.getByTestId('discovery-item');
  const claudeGrant = items.filter({ hasText: 'Claude Desktop → orders-db in Production' });
  const cursorGrant = items.filter({ hasText: 'Cursor → billing-db in Production' });
  for (const [g, host] of [
    [claudeGrant, 'orders.prod.internal'],
    [cursorGrant, 'billing.prod.internal'],
  ] as const) {
    await expect(g).toContainText('write');
    await expect(g).toContainText('Gate: none');
    await expect(g).toContainText(`Production: connection string ${host}`);
    await expect(g).toContainText('autoApprove lists every tool');
  }
  await expect(page.getByText('E2e-Planted-Pass')).toHaveCount(0);
  await expect(page.getByTestId('drift-finding').filter({ hasText: 'undeclared-destructive' })).toHaveCount(2);

  await page.getByRole('button', { name: /^Accept all/ }).click();
  await expect(page.getByTestId('discovery-status')).toContainText('2 agent(s)');
  await expect(page.getByTestId('discovery-nothing-new')).toBeVisible();

  // The matrix and the dashboard show the ungated production delete.
  await page.getByRole('link', { name: 'Permission matrix' }).click();
  await expect(page.getByRole('status').filter({ hasText: '2 critical' })).toBeVisible();
  await expect(page.locator('td.cell[data-level="critical"]').first()).toContainText('no gate');
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByText('Claude Desktop').first()).toBeVisible();
  await expect(page.getByText('Cursor').first()).toBeVisible();

  // The inventory marks them discovered, with the date.
  await page.getByRole('link', { name: 'Inventory' }).click();
  await page.getByRole('tab', { name: /Agents/ }).click();
  await expect(page.getByText(/discovered · seen \d{4}-\d{2}-\d{2}/)).toHaveCount(2);

  // Re-run with the unchanged file: nothing new.
  await page.getByRole('link', { name: 'Discover' }).click();
  await drop(page, [{ name: 'claude_desktop_config.json', text: claude }]);
  await page.getByRole('button', { name: 'Read 1 file(s)' }).click();
  await expect(page.getByTestId('discovery-status')).toContainText('Nothing new');
  await expect(page.getByTestId('discovery-item')).toHaveCount(0);
  // Every run is kept: drift over time.
  await expect(page.getByRole('table', { name: 'Discovery runs' }).getByRole('row')).toHaveCount(3);

  // The example policy judges the accepted agents: each violation names the rule it breaks.
  await page.getByRole('button', { name: 'Check the workspace against this policy' }).click();
  const violations = page.getByTestId('policy-violation');
  await expect(violations.filter({ hasText: 'No agent without an accountable owner' })).toHaveCount(2);
  await expect(violations.filter({ hasText: 'No auto-approving client for an agent with production write' })).toHaveCount(2);
});
