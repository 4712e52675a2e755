import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';

const CSV =
  'Agent name,Owner,Lifecycle,Purpose\r\nBilling Assistant,Dana Smith,production,Sends and deletes invoices\r\n<script>window.__xss=1</script> Bot,Eve,pilot,=HYPERLINK("http://evil")\r\n';

const hasPdftotext = (): boolean => {
  try {
    execFileSync('which', ['pdftotext'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

test('a new user imports agents from CSV through the preview, generates the executive report and downloads the PDF', async ({ page }) => {
  test.setTimeout(180_000); // the PDF is printed by a second headless Chromium; slow on a busy shared machine
  await page.getByLabel('Workspace name').fill('Board pack');
  await page.getByRole('button', { name: 'Create empty workspace' }).click();

  // Import: choose the file, check the mapping and the preview, then apply.
  await page.getByRole('link', { name: 'Import' }).click();
  await page.getByLabel('Inventory file').setInputFiles({ name: 'agents.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  await expect(page.getByLabel('Each row is')).toHaveValue('agents');
  await expect(page.getByLabel('Name (required)')).toHaveValue('Agent name');
  await expect(page.getByLabel('Accountable owner')).toHaveValue('Owner');
  await expect(page.getByTestId('import-summary')).toContainText('2 records read. No problems found.');
  await expect(page.getByRole('table', { name: 'Records to create or update' })).toContainText('<script>window.__xss=1</script> Bot');
  await page.getByRole('button', { name: 'Import 2 changes' }).click();
  await expect(page.getByTestId('import-status')).toHaveText('Imported. agents: 2 created, 0 updated.');

  // Re-importing the same file changes nothing.
  await page.getByLabel('Inventory file').setInputFiles({ name: 'agents.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  await expect(page.getByRole('button', { name: 'Nothing to import' })).toBeDisabled();

  // Report: generate and preview (sandboxed iframe), then download the PDF.
  await page.getByRole('link', { name: 'Reports' }).click();
  await page.getByRole('button', { name: 'Generate report' }).click();
  await expect(page.getByTestId('report-status')).toHaveText('Report ready. Preview below.');
  const frame = page.frameLocator('iframe[title^="Report preview"]');
  await expect(frame.getByRole('heading', { name: 'Agent readiness report' })).toBeVisible();
  await expect(frame.getByText('Billing Assistant').first()).toBeVisible();
  await expect(frame.getByText('<script>window.__xss=1</script> Bot').first()).toBeVisible();
  await expect(page.locator('iframe[title^="Report preview"]')).toHaveAttribute('sandbox', '');

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download PDF' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^Board pack readiness report \d{4}-\d{2}-\d{2} DRAFT\.pdf$/);
  const path = await download.path();
  const pdf = readFileSync(path);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  if (hasPdftotext()) {
    const text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' });
    expect(text).toContain('Agent readiness report');
    expect(text).toContain('Billing Assistant');
    expect(text.replace(/\s+/g, ' ')).toContain('<script>window.__xss=1</script> Bot');
  }
  await expect(page.getByTestId('report-status')).toHaveText(/Saved .*\.pdf/);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});

test('a workspace that no longer opens is offered its newest verified backup in the picker', async ({ page, app }) => {
  await page.getByLabel('Workspace name').fill('Fragile ops');
  await page.getByRole('button', { name: 'Create empty workspace' }).click();
  await page.getByRole('link', { name: 'Backups' }).click();
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Backup made' })).toBeVisible();

  // The app stops; the workspace file is damaged on disk (first 24 bytes overwritten).
  await app.server.stop();
  const dir = join(app.server.dataDir, 'workspaces');
  const file = join(
    dir,
    readdirSync(dir).find((f) => f.endsWith('.sqlite'))!,
  );
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(24, 0x41), 0, 24, 0);
  closeSync(fd);
  await app.restart();

  const offer = page.getByTestId('restore-offer');
  await expect(offer).toContainText('A verified backup from');
  await offer.getByRole('button', { name: 'Restore this backup' }).click();
  await page.getByRole('button', { name: 'Fragile ops' }).click();
  await expect(page.getByRole('link', { name: 'Backups' })).toBeVisible();
  expect(readdirSync(dir).some((f) => f.includes('.corrupt-'))).toBe(true);
});

test('the Reports screen shows the signing key and downloads a signed evidence pack; Backups shows the space retained evidence uses', async ({
  page,
}) => {
  test.setTimeout(180_000); // the pack's PDF is printed by a second headless Chromium
  await page.getByLabel('Workspace name').fill('Audit pack');
  await page.getByRole('button', { name: 'Create empty workspace' }).click();
  await page.getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByTestId('signing-key')).toContainText(/Signing key \(Ed25519\): sha256:[0-9a-f]{64}/);
  const fingerprint = /sha256:[0-9a-f]{64}/.exec((await page.getByTestId('signing-key').textContent()) ?? '')![0];

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download evidence pack (ZIP)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^Audit pack evidence pack \d{4}-\d{2}-\d{2} DRAFT\.zip$/);
  const zip = readFileSync(await download.path());
  expect(zip.readUInt32LE(0)).toBe(0x04034b50);
  const text = zip.toString('latin1');
  for (const part of ['/manifest.json', '/signature.json', '/oscal/assessment-results.json', '/oscal/poam.json', '/report/report.pdf'])
    expect(text).toContain(part);
  expect(text).toContain(fingerprint); // the manifest and signature name the key the screen shows
  await expect(page.getByTestId('pack-status')).toHaveText(/Saved .*\.zip/);

  await page.getByRole('link', { name: 'Backups' }).click();
  await expect(page.getByTestId('retained-space')).toHaveText('No removed evidence files are being kept.');
});
