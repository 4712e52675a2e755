import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';

const EXAMPLE = join(import.meta.dirname, '../fixtures/activity-example');
const TRAIL = '444455556666_CloudTrail_eu-west-1_20260521T0200Z_dbmaint.json';
const CLAUDE = 'claude-code-dbmaint.jsonl';
const file = (name: string, mimeType: string) => ({ name, mimeType, buffer: readFileSync(join(EXAMPLE, name)) });

test('a new user imports a CloudTrail file and a Claude Code log and sees the DB Maintenance Agent deleting in production without approval, then the finding on its readiness page and in the report', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.getByRole('button', { name: 'Open example workspace' }).click();
  await page.getByRole('link', { name: 'Activity' }).click();
  await expect(page.getByRole('heading', { name: 'Activity', level: 1 })).toBeVisible();
  await expect(page.getByText('No activity imported yet')).toBeVisible();

  await page.getByLabel('Choose files').setInputFiles([file(TRAIL, 'application/json'), file(CLAUDE, 'application/x-ndjson')]);
  const result = page.getByTestId('activity-import-result');
  await expect(result).toContainText('Imported 6 events from 2 file(s)');
  await expect(result).toContainText(`${TRAIL}: cloudtrail, 3 events`);
  await expect(result).toContainText(`${CLAUDE}: claude-code-telemetry, 3 events`);

  // Per agent: three destructive production actions, none approved, one denied by the platform.
  const row = page.getByTestId('activity-summary').getByRole('row').filter({ hasText: 'DB Maintenance Agent' });
  await expect(row.getByRole('cell').nth(2)).toHaveText('3');
  await expect(row.getByRole('cell').nth(3)).toHaveText('0');
  await expect(row.getByRole('cell').nth(4)).toHaveText('1');

  // Open the events: two deletes succeeded without an approval (CloudTrail and Claude Code), one was denied.
  await row.getByRole('button', { name: '3' }).click();
  const dialog = page.getByRole('dialog');
  const events = dialog.getByTestId('activity-events').getByRole('listitem');
  await expect(events).toHaveCount(3);
  await expect(events.filter({ hasText: '· success' })).toHaveCount(2);
  await expect(events.filter({ hasText: '· denied' })).toHaveCount(1);
  await expect(events.filter({ hasText: 'approval: none recorded' })).toHaveCount(2);
  await expect(dialog).toContainText('DeleteDBSnapshot');
  await expect(dialog).toContainText('rm -rf /srv/orders-prod/archive/2026-03');
  await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();

  // The timeline lists destructive production actions first.
  const first = page.getByTestId('timeline-row').first();
  await expect(first).toHaveClass(/row-danger/);
  await expect(page.getByTestId('timeline-status')).toHaveText('6 events');
  await page.getByLabel('Outcome').selectOption('denied');
  await expect(page.getByTestId('timeline-status')).toHaveText('1 events');

  // The agent's readiness: the declared delete has no gate. Adding one clears that finding, and the logs then show
  // two production deletes that went through without the approval the gate now requires.
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await page.locator('#all-agents-table').getByRole('row').filter({ hasText: 'DB Maintenance Agent' }).click();
  await expect(page.getByRole('heading', { name: 'Readiness: DB Maintenance Agent' })).toBeVisible();
  await page.getByTestId('area-APR').locator('summary').click();
  const apr2 = page.getByTestId('control-APR-2');
  await apr2.getByRole('button', { name: 'Add approval gate…' }).first().click();
  const gate = page.getByRole('dialog');
  await gate.getByLabel('Approval gate').selectOption('single');
  await gate.getByRole('button', { name: 'Save gate' }).click();
  await expect(gate).toBeHidden();
  await expect(apr2.getByTestId('finding')).toContainText(
    'From the activity logs: DB Maintenance Agent: 2 destructive production action(s) without a recorded approval',
  );
  await expect(apr2.getByTestId('counted-APR-2')).toContainText('Counted as No');

  // And in the report.
  await page.getByRole('link', { name: 'Reports' }).click();
  await page.getByRole('button', { name: 'Generate report' }).click();
  await expect(page.getByTestId('report-status')).toHaveText('Report ready. Preview below.');
  const frame = page.frameLocator('iframe[title^="Report preview"]');
  await expect(frame.getByText(/From the activity logs: DB Maintenance Agent: 2 destructive production action/).first()).toBeVisible();

  // A person approved the snapshot delete outside the logged tools: recorded in the app, it is matched by time and target.
  await page.getByRole('link', { name: 'Activity' }).click();
  await row.getByRole('button', { name: '3' }).click();
  const snapshot = page.getByRole('dialog').getByTestId('activity-events').getByRole('listitem').filter({ hasText: 'DeleteDBSnapshot' });
  await snapshot.getByRole('button', { name: 'Record an approval…' }).click();
  await snapshot.getByLabel('Approved by').fill('Priya Raman');
  await snapshot.getByLabel('Note (change ticket, reason)').fill('CHG-1042');
  await snapshot.getByRole('button', { name: 'Save approval' }).click();
  await expect(snapshot).toContainText('approval: approved by human (approved by Priya Raman');
  await page.getByRole('dialog').getByRole('button', { name: 'Close', exact: true }).last().click();
  await expect(row.getByRole('cell').nth(3)).toHaveText('1');
  await expect(page.getByTestId('activity-findings')).toContainText(
    'DB Maintenance Agent: 1 destructive production action(s) without a recorded approval',
  );
});
