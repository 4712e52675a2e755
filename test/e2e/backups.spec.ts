import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

// Issue 11, section 8: a removed evidence file the change history cites is kept and shown, never
// silently; a person releases it with a reason, which the history records.

/** Opens the example workspace, then adds an evidence file and removes it, through the same API the screens use. */
async function removeEvidenceFile(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Open example workspace' }).click();
  await expect(page.getByTestId('readiness-headline')).toBeVisible();
  await page.evaluate(async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page has no contract types; the server validates
    const call = async (channel: string, input: unknown): Promise<any> => {
      const r = (await (
        await fetch(`/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })
      ).json()) as { ok: boolean; value: unknown; error?: { message: string } };
      if (!r.ok) throw new Error(`${channel}: ${r.error?.message}`);
      return r.value;
    };
    const workspaceId = (await call('app:info', {})).lastWorkspaceId as string;
    const agent = ((await call('inventory:overview', { workspaceId })).agents as { id: string }[])[0]!;
    const cl = (await call('checklist:get', { workspaceId })).checklist as { id: string; version: string };
    const added = (await call('evidence:add', {
      workspaceId,
      agentId: agent.id,
      controlId: 'LOG-1',
      checklistId: cl.id,
      checklistVersion: cl.version,
      evidence: {
        kind: 'file',
        fileName: 'audit-log.txt',
        fileBase64: btoa('line 1\nline 2\n'),
        evidenceDate: '2026-05-30',
        recordedBy: 'Priya',
      },
    })) as { id: string };
    await call('evidence:remove', { workspaceId, id: added.id });
  });
}

test('Backups shows a removed evidence file kept for the change history, and releases it with a reason', async ({ page }) => {
  await removeEvidenceFile(page);
  await page.getByRole('link', { name: 'Backups' }).click();
  const kept = page.getByTestId('retained-file');
  await expect(kept).toHaveCount(1);
  await expect(kept).toContainText('audit-log.txt');
  await expect(kept).toContainText(/cited by the change history: entry #\d+/);
  await expect(page.getByTestId('retained-space')).toContainText('1 file');

  await page.getByRole('button', { name: 'Release audit-log.txt' }).click();
  const dialog = page.getByRole('dialog');
  // No reason: refused, with the message next to the field, and the file still listed.
  await dialog.getByRole('button', { name: 'Release and delete' }).click();
  await expect(dialog.getByText('Say why the file may go (it is recorded in the history)')).toBeVisible();
  await dialog.getByLabel('Why may this file go?').fill('Superseded by the June export');
  await dialog.getByRole('button', { name: 'Release and delete' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Released' })).toHaveText(
    /Released audit-log\.txt \(1 KB\): recorded as history entry #\d+\./,
  );
  await expect(page.getByTestId('retained-space')).toHaveText('No removed evidence files are being kept.');
  await expect(page.getByTestId('retained-file')).toHaveCount(0);
});

// "A backup holds every evidence file": the removed file kept for the history travels in the backup,
// its copy there does not block a release, and restoring that backup brings the file back, listed again.
test('a backup carries the removed file kept for the history; after a release, restoring that backup brings it back', async ({ page }) => {
  await removeEvidenceFile(page);
  await page.getByRole('link', { name: 'Backups' }).click();
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Backup made' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: 'Made by hand' });
  await expect(row.getByRole('cell').nth(2)).toHaveText('1');

  await page.getByRole('button', { name: 'Release audit-log.txt' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Why may this file go?').fill('Retention period over');
  await dialog.getByRole('button', { name: 'Release and delete' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('retained-space')).toHaveText('No removed evidence files are being kept.');

  await row.getByRole('button', { name: 'Restore…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Restored the backup' })).toBeVisible();
  const kept = page.getByTestId('retained-file');
  await expect(kept).toHaveCount(1);
  await expect(kept).toContainText('audit-log.txt');
  await expect(kept).toContainText(/cited by the change history: entry #\d+/);
  await expect(page.getByTestId('retained-space')).toContainText('1 file');
});
