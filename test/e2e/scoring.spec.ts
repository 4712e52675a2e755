import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { BUILTIN_CHECKLIST_YAML } from '../../core/checklist/builtin';
import { test, expect } from './fixtures';

// Read from the built-in checklist itself, so adding a control or bumping its version does not break these specs.
const BUILTIN_VERSION = /^version: "([^"]+)"/m.exec(BUILTIN_CHECKLIST_YAML)![1]!;
const BUILTIN_CONTROLS = (BUILTIN_CHECKLIST_YAML.match(/^ {2}- id: [A-Z]+-\d+/gm) ?? []).length;
const APR_CONTROLS = (BUILTIN_CHECKLIST_YAML.match(/^ {2}- id: APR-\d+/gm) ?? []).length;
const NEXT_VERSION = BUILTIN_VERSION.replace(/\d+$/, (n) => String(Number(n) + 1)); // 1.0.0 -> 1.0.1

/** Serious or critical accessibility violations on the scoring screens (charts included). */
async function axeViolations(page: Page) {
  const r = await new AxeBuilder({ page }).include('#main').analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

test('the example workspace flags an ungated production delete; adding the gate clears it and raises the score; a finalised assessment appears in history', async ({
  page,
}) => {
  await page.getByRole('button', { name: 'Open example workspace' }).click();

  // Dashboard: how ready are we, and who is not.
  await expect(page.getByRole('heading', { name: 'Readiness', level: 1, exact: true })).toBeVisible();
  await expect(page.getByTestId('readiness-headline')).toContainText('not ready');
  const notReady = page.getByRole('list', { name: 'Agents not ready' });
  await expect(notReady.getByRole('button', { name: 'Account Cleanup Agent' })).toBeVisible();
  // The top risk is the ungated production delete on customer accounts.
  const risks = page.getByRole('table', { name: /Top risks/ });
  await expect(
    risks.getByRole('row').filter({ hasText: 'Account Cleanup Agent' }).filter({ hasText: 'Customer accounts DB' }),
  ).toContainText('can delete with no approval gate');

  expect(await axeViolations(page)).toEqual([]);

  // The average explains itself: each agent's share, lowest first.
  await page.getByTestId('average-score').click();
  const avg = page.getByRole('dialog');
  await expect(avg.getByRole('heading', { name: /^Why the average is \d+$/ })).toBeVisible();
  await expect(avg.getByRole('row')).toHaveCount(9);
  await avg.getByRole('button', { name: 'Close', exact: true }).last().click();

  // Agent screen: Not ready, because of the delete without a gate.
  await notReady.getByRole('button', { name: 'Account Cleanup Agent' }).click();
  await expect(page.getByRole('heading', { name: 'Readiness: Account Cleanup Agent' })).toBeVisible();
  await expect(page.locator('.verdict').first()).toHaveText('Not ready');
  await expect(page.getByTestId('cap-reasons')).toContainText('APR-2 Human approval for destructive actions in production: 1 open finding');
  // Controls are grouped by area, collapsed, each with its progress; open the approval gates.
  const aprArea = page.getByTestId('area-APR');
  await expect(aprArea.locator('summary')).toContainText(new RegExp(`\\d+ / ${APR_CONTROLS} answered`));
  await expect(page.getByTestId('control-APR-2')).toHaveCount(0);
  await aprArea.locator('summary').click();
  const apr2 = page.getByTestId('control-APR-2');
  await expect(apr2.getByTestId('finding')).toContainText('Customer accounts DB in Production: can delete with no approval gate.');
  await expect(apr2.getByTestId('counted-APR-2')).toContainText('Counted as No');
  const before = Number((await page.getByTestId('agent-score').innerText()).match(/\d+/)![0]);
  expect(await axeViolations(page)).toEqual([]);

  // A self-attested "yes" does not clear it.
  await page.getByLabel('Recording as').fill('Priya Raman');
  await apr2.getByRole('radio', { name: 'Yes' }).check();
  await apr2.getByRole('button', { name: 'Save answer' }).click();
  await expect(apr2.getByText('cannot override a finding')).toBeVisible();
  await expect(apr2.getByTestId('counted-APR-2')).toContainText('Counted as No');

  // The score explains itself: APR-2 cost points.
  await page.getByTestId('agent-score').click();
  const explain = page.getByRole('dialog');
  await expect(explain.getByTestId('explain-APR-2')).toContainText('−');
  await explain.getByRole('button', { name: 'Close', exact: true }).first().click();

  // Add the gate from the finding.
  await apr2.getByRole('button', { name: 'Add approval gate…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Approval gate').selectOption('single');
  await dialog.getByRole('button', { name: 'Save gate' }).click();
  await expect(dialog).toBeHidden();

  // The finding clears and the score rises.
  await expect(apr2.getByTestId('finding')).toHaveCount(0);
  await expect(apr2.getByTestId('counted-APR-2')).toContainText('Counted as Yes');
  await expect(page.getByTestId('cap-reasons')).not.toContainText('APR-2');
  await expect.poll(async () => Number((await page.getByTestId('agent-score').innerText()).match(/\d+/)![0])).toBeGreaterThan(before);

  // n/a needs a reason: the error appears next to the field and nothing is saved.
  // The "Unanswered" filter lists only what is left to answer, with its areas open.
  await page.getByRole('button', { name: /^Unanswered \(\d+\)$/ }).click();
  const log2 = page.getByTestId('control-LOG-2');
  await expect(log2).toBeVisible();
  await expect(page.getByTestId('control-APR-2')).toHaveCount(0);
  await log2.getByRole('radio', { name: 'n/a' }).check();
  await log2.getByRole('button', { name: 'Save answer' }).click();
  await expect(log2.getByLabel('Why does this not apply? (required)')).toHaveAttribute('aria-invalid', 'true');
  await expect(log2.getByText('Say why this control does not apply')).toBeVisible();
  await expect(log2.getByTestId('counted-LOG-2')).toContainText('(not answered)');

  // Finalise an assessment and see it in history.
  await page.getByRole('link', { name: 'Assessments' }).click();
  await page.getByLabel('Title').fill('After gating the cleanup agent');
  await page.getByRole('button', { name: 'Finalise assessment' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Finalise', exact: true }).click();
  await expect(page.getByText('Finalised “After gating the cleanup agent”')).toBeVisible();
  const history = page.getByTestId('assessment-history');
  await expect(history.getByRole('button', { name: 'After gating the cleanup agent' })).toBeVisible();
  await expect(history).toContainText('Priya Raman');
  await expect(history).toContainText(`Agent readiness (default) v${BUILTIN_VERSION}`);

  await expect(page.getByRole('heading', { name: 'Average score over time' })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  // The agent screen now says what changed since that assessment (nothing yet).
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await page
    .getByRole('table', { name: /Agent readiness scores/ })
    .getByRole('row')
    .filter({ hasText: 'Account Cleanup Agent' })
    .click();
  await expect(page.getByRole('heading', { name: 'Since “After gating the cleanup agent”', exact: false })).toBeVisible();
  await expect(page.getByText('No change for this agent.')).toBeVisible();
  await page.getByRole('link', { name: 'Assessments' }).click();

  // Its snapshot opens read-only.
  await history.getByRole('button', { name: 'After gating the cleanup agent' }).click();
  await expect(page.getByRole('heading', { name: 'After gating the cleanup agent' })).toBeVisible();
  await expect(page.getByText('This snapshot is read-only.')).toBeVisible();
});

test('an invalid checklist file is refused with line and field; a new version is loaded and pinned', async ({ page }) => {
  await page.getByRole('button', { name: 'Open example workspace' }).click();
  await expect(page.getByTestId('readiness-headline')).toBeVisible();
  await page.getByRole('link', { name: 'Assessments' }).click();
  const file = page.getByLabel('Load a checklist file (YAML)');
  await file.setInputFiles({
    name: 'bad.yaml',
    mimeType: 'text/yaml',
    buffer: Buffer.from('id: mine\nversion: "1.0.0"\ntitle: Mine\nareas: []\ncontrols:\n  - id: ENV-1\n    weight: 9\n'),
  });
  await expect(file).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Line 7, controls.0.weight: Use 1, 2 or 3')).toBeVisible();
  await expect(page.getByText('in use')).toHaveCount(1);

  // Finalise with the built-in version, then load a newer one: the old assessment stays pinned to the first.
  await page.getByLabel('Finalised by').fill('Ops Lead');
  await page.getByLabel('Title').fill('On the built-in version');
  await page.getByRole('button', { name: 'Finalise assessment' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Finalise', exact: true }).click();
  await expect(page.getByText('It can no longer change.')).toBeVisible();
  await file.setInputFiles({
    name: 'v11.yaml',
    mimeType: 'text/yaml',
    buffer: Buffer.from(BUILTIN_CHECKLIST_YAML.replace(`version: "${BUILTIN_VERSION}"`, `version: "${NEXT_VERSION}"`)),
  });
  await expect(page.getByText(`Loaded Agent readiness (default) v${NEXT_VERSION} (${BUILTIN_CONTROLS} controls)`)).toBeVisible();
  await expect(file).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('listitem').filter({ hasText: `v${NEXT_VERSION}` })).toContainText('in use');
  const history = page.getByTestId('assessment-history');
  await expect(history.getByRole('row').filter({ hasText: 'On the built-in version' })).toContainText(
    `Agent readiness (default) v${BUILTIN_VERSION}`,
  );
});

test('a user finds an agent in the all-agents table by typing; the table pages through hundreds of agents as it scrolls', async ({
  page,
}) => {
  await page.getByRole('button', { name: 'Open example workspace' }).click();
  await expect(page.getByTestId('readiness-headline')).toBeVisible();
  // Another 300 agents through the same API, so the table needs more than one page.
  await page.evaluate(async () => {
    const call = async (channel: string, input: unknown) =>
      (await (
        await fetch(`/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })
      ).json()) as { ok: boolean; value: { lastWorkspaceId: string } };
    const ws = (await call('app:info', {})).value.lastWorkspaceId;
    for (let i = 0; i < 300; i++)
      await call('agent:create', { workspaceId: ws, agent: { name: `Fleet agent ${String(i).padStart(3, '0')}` } });
  });
  await page.reload();
  await expect(page.getByTestId('readiness-headline')).toContainText('of 308');

  const table = page.getByRole('table', { name: /Agent readiness scores/ });
  const status = page.getByTestId('agents-status');
  await expect(status).toHaveText('308 agents');
  await expect(page.getByRole('heading', { name: 'All agents (308)' })).toBeVisible();
  // Only a screenful of rows is in the page, however many agents there are.
  expect(await table.locator('tbody tr[aria-rowindex]').count()).toBeLessThan(60);

  // Type to find one agent; the count says how many match.
  const search = page.getByLabel('Filter by name');
  await search.pressSequentially('clean');
  await expect(status).toHaveText('1 of 308 agents');
  await expect(table.locator('tbody tr[aria-rowindex]')).toHaveCount(1);
  await expect(table.getByRole('row').filter({ hasText: 'Account Cleanup Agent' })).toContainText('Not ready');
  await search.fill('no such agent');
  await expect(status).toHaveText('No agent matches “no such agent”.');
  await expect(table).toHaveCount(0);
  await search.fill('fleet agent 29');
  await expect(status).toHaveText('10 of 308 agents');

  // Sort by name, descending: the last fleet agent comes first.
  await table.getByRole('button', { name: 'Agent' }).click();
  await expect(table.getByRole('columnheader', { name: 'Agent' })).toHaveAttribute('aria-sort', 'ascending');
  await table.getByRole('button', { name: 'Agent' }).click();
  await expect(table.getByRole('columnheader', { name: 'Agent' })).toHaveAttribute('aria-sort', 'descending');
  await expect(table.locator('tbody tr[aria-rowindex="2"]')).toContainText('Fleet agent 299');

  // Clear the search: scrolling to the end loads the last page (still sorted by name, descending).
  await search.fill('');
  await expect(status).toHaveText('308 agents');
  await page.locator('.table-scroll:has(#all-agents-table)').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(table.locator('tbody tr[aria-rowindex="309"]')).toContainText('Account Cleanup Agent');

  // Verdict filter (every agent here is not ready), then open an agent from the keyboard.
  await page.getByLabel('Verdict').selectOption('ready');
  await expect(status).toHaveText('No agent matches among ready agents.');
  await expect(table).toHaveCount(0);
  await page.getByLabel('Verdict').selectOption('not-ready');
  await expect(status).toHaveText('308 agents');
  const firstRow = table.locator('tbody tr[aria-rowindex="2"]');
  await expect(firstRow).toContainText('Not ready');
  await firstRow.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: /^Readiness: / })).toBeVisible();
});
