import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, type PostgresServer } from '../support/postgres';
import { waitForReady } from './fixtures';
import { cli, startTeamServerProcess, type TeamServerProcess } from './team-server';

/**
 * The Team screen and the role-aware UI in Debian Chromium (issue 14 §3), on the real team server
 * and a real PostgreSQL: the admin invites an editor from the Team screen and copies the one-time
 * link; a second browser opens it, sets a password, signs in and edits; a viewer sees no edit
 * control and no Team entry; the admin makes the editor a viewer, and after a reload the former
 * editor's UI has no edit controls either. A reset link from the screen sets a new password; the
 * last admin cannot demote herself; sign out everywhere ends the former editor's session.
 */
const PASSWORD = { admin: 'admin password 1234', ed: 'editor password 1234', vic: 'viewer password 1234' };

let pgs: PostgresServer | null = null;
let skipped = '';
let url = '';
let dataDir = '';
let server: TeamServerProcess | null = null;

test.beforeAll(async () => {
  const started = await startPostgres();
  if (!started.ok) {
    skipped = started.reason;
    return;
  }
  pgs = started;
  url = await pgs.createDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'ar-team-admin-e2e-'));
});

test.afterAll(async () => {
  if (server) await server.stop();
  if (pgs) await pgs.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function newPage(browser: Browser, origin: string): Promise<Page> {
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('[pageerror]', e.message));
  return page;
}

async function signIn(page: Page, origin: string, email: string, password: string): Promise<void> {
  await page.goto(origin);
  await waitForReady(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await waitForReady(page);
  await page.getByRole('button', { name: 'Ops', exact: true }).click();
}

/** After a reload a team server reopens nothing: pick the workspace again. */
async function reopen(page: Page): Promise<void> {
  await page.reload();
  await waitForReady(page);
  await page.getByRole('button', { name: 'Ops', exact: true }).click();
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

/** axe-core's serious and critical findings on the page as it is (issue 6's bar for every screen). */
async function axeProblems(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`);
}

test('an admin invites an editor from the Team screen; roles shape the UI; a change of role shows after a reload', async ({ browser }) => {
  test.skip(pgs === null, `postgres: SKIPPED (${skipped})`);
  test.setTimeout(120_000); // three people, scrypt at full cost, on two busy cores
  const env = { AGENT_READINESS_DATABASE_URL: url };
  cli(['team', 'admin', 'create', '--email', 'ada@example.org', '--name', 'Ada Admin', '--workspace', 'Ops'], {
    ...env,
    AGENT_READINESS_ADMIN_PASSWORD: PASSWORD.admin,
  });
  server = await startTeamServerProcess(url, dataDir);
  const origin = server.origin;

  const ada = await newPage(browser, origin);
  await signIn(ada, origin, 'ada@example.org', PASSWORD.admin);
  await expect(nav(ada).getByRole('link', { name: 'Backups' })).toBeVisible();
  await nav(ada).getByRole('link', { name: 'Team' }).click();
  await expect(ada.getByRole('heading', { level: 1, name: 'Team' })).toBeVisible();
  const members = ada.getByRole('table', { name: 'Members' });
  await expect(members.getByRole('row', { name: /Ada Admin \(you\)/ })).toContainText('admin');
  await expect(ada.getByRole('heading', { name: 'No open invitations' })).toBeVisible();

  // The invite form: errors next to the fields, from the form and from the server.
  const invite = ada.getByRole('form', { name: 'Invite someone' });
  await invite.getByRole('button', { name: 'Create invitation link' }).click();
  await expect(invite.locator('#invite-email-error')).toHaveText('Enter the email address of the person to invite');
  await invite.getByLabel('Email').fill('not an email');
  await invite.getByRole('button', { name: 'Create invitation link' }).click();
  await expect(invite.locator('#invite-email-error')).toHaveText('Enter an email address');
  await invite.getByLabel('Email').fill('ed@example.org');
  await invite.getByRole('checkbox', { name: /^viewer/ }).uncheck();
  await invite.getByRole('checkbox', { name: /^editor/ }).check();
  await invite.getByRole('button', { name: 'Create invitation link' }).click();

  // The link, once, with its expiry and a copy button.
  const panel = ada.getByRole('region', { name: 'Invitation for ed@example.org link' });
  await expect(panel).toContainText('works once, until');
  const link = await panel.getByTestId('one-time-link').inputValue();
  expect(link).toMatch(new RegExp(`^${origin}/\\?invitation=[A-Za-z0-9_-]{40,}$`));
  await panel.getByRole('button', { name: 'Copy link' }).click();
  await expect(panel.getByRole('status')).toHaveText('Copied to the clipboard.');
  expect(await ada.evaluate(() => navigator.clipboard.readText())).toBe(link);
  expect(await axeProblems(ada)).toEqual([]);
  await panel.getByRole('button', { name: 'Done' }).click();
  await expect(panel).toHaveCount(0);
  await expect(ada.getByRole('table', { name: 'Open invitations' }).getByRole('row', { name: /ed@example\.org/ })).toContainText('editor');

  // A second browser opens the link, sets a password, signs in, and edits the inventory.
  const ed = await newPage(browser, origin);
  await ed.goto(link);
  await waitForReady(ed);
  await ed.getByLabel('Your name').fill('Ed Editor');
  await ed.getByLabel(/Choose a password/).fill(PASSWORD.ed);
  await ed.getByRole('button', { name: 'Create account' }).click();
  await expect(ed.getByRole('status')).toContainText('Your account is ready');
  await ed.getByLabel('Email').fill('ed@example.org');
  await ed.getByLabel('Password').fill(PASSWORD.ed);
  await ed.getByRole('button', { name: 'Sign in' }).click();
  await waitForReady(ed);
  await ed.getByRole('button', { name: 'Ops', exact: true }).click();
  await expect(nav(ed).getByRole('link', { name: 'Inventory' })).toBeVisible();
  await expect(nav(ed).getByRole('link', { name: 'Team' })).toHaveCount(0);
  await nav(ed).getByRole('link', { name: 'Inventory' }).click();
  await ed.getByRole('button', { name: 'New agent' }).click();
  await ed.getByRole('dialog').getByLabel('Name').fill('Ledger Bot');
  await ed.getByRole('dialog').getByRole('button', { name: 'Create agent' }).click();
  await expect(ed.getByRole('heading', { level: 1 })).toHaveText('Ledger Bot');
  await expect(ed.getByRole('button', { name: 'Edit agent' })).toBeVisible();
  // Not a facilitator: drill set-up is shown unusable, saying which role it needs.
  await nav(ed).getByRole('link', { name: 'Drills', exact: true }).click();
  const setUp = ed.getByRole('button', { name: /^Set up a drill/ }).first();
  await expect(setUp).toHaveAttribute('aria-disabled', 'true');
  await expect(setUp).toHaveAttribute('title', 'Needs the facilitator role.');
  await expect(setUp).toHaveAccessibleDescription('Needs the facilitator role.');
  // It stays focusable (aria-disabled, not disabled) so keyboard users reach the reason; Enter does nothing.
  await setUp.focus();
  await expect(setUp).toBeFocused();
  await ed.keyboard.press('Enter');
  await expect(ed.getByRole('heading', { level: 1, name: 'Incident drills' })).toBeVisible();

  // The invitation is used: the admin's list is empty again; Ed is a member, signed in.
  await reopen(ada);
  await nav(ada).getByRole('link', { name: 'Team' }).click();
  await expect(ada.getByRole('heading', { name: 'No open invitations' })).toBeVisible();
  const edRow = members.getByRole('row', { name: /Ed Editor/ });
  await expect(edRow.getByTestId('member-roles')).toHaveText('editor');
  await expect(edRow).not.toContainText('Never');

  // A viewer: no Team entry, no control that changes anything, no drill controls.
  const vicLink = cli(['team', 'invite', '--by', 'ada@example.org', '--email', 'vic@example.org', '--role', 'viewer'], env).split('\n')[0]!;
  const accepted = await fetch(`${origin}/team/accept-invitation`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: new URL(vicLink).searchParams.get('invitation'), name: 'Vic Viewer', password: PASSWORD.vic }),
  });
  expect(accepted.status).toBe(200);
  const vic = await newPage(browser, origin);
  await signIn(vic, origin, 'vic@example.org', PASSWORD.vic);
  await expect(nav(vic).getByRole('link', { name: 'Inventory' })).toBeVisible();
  await expect(nav(vic).getByRole('link', { name: 'Team' })).toHaveCount(0);
  for (const adminOnly of ['Import', 'Backups']) await expect(nav(vic).getByRole('link', { name: adminOnly })).toHaveCount(0);
  await nav(vic).getByRole('link', { name: 'Inventory' }).click();
  await expect(vic.getByRole('table', { name: 'Agents' }).getByRole('row', { name: /Ledger Bot/ })).toBeVisible();
  await expect(vic.getByRole('button', { name: 'New agent' })).toHaveCount(0);
  await vic
    .getByRole('table', { name: 'Agents' })
    .getByRole('row', { name: /Ledger Bot/ })
    .click();
  await expect(vic.getByRole('heading', { level: 1 })).toHaveText('Ledger Bot');
  for (const name of ['Edit agent', 'Delete agent', 'Add grant']) await expect(vic.getByRole('button', { name })).toHaveCount(0);
  await nav(vic).getByRole('link', { name: 'Drills', exact: true }).click();
  await expect(vic.getByRole('heading', { name: 'Incident drills', level: 1 })).toBeVisible();
  await expect(vic.getByText(/min · \d+ injects/).first()).toBeVisible();
  await expect(vic.getByRole('button', { name: /^Set up a drill/ })).toHaveCount(0);

  // A password reset link from the Team screen: Vic sets a new password with it, and the old one stops working.
  await reopen(ada);
  await nav(ada).getByRole('link', { name: 'Team' }).click();
  await ada.getByRole('button', { name: 'Reset password of Vic Viewer' }).click();
  await ada.getByRole('dialog').getByRole('button', { name: 'Make reset link' }).click();
  const resetPanel = ada.getByRole('region', { name: 'Password reset for Vic Viewer link' });
  const resetLink = await resetPanel.getByTestId('one-time-link').inputValue();
  expect(resetLink).toMatch(new RegExp(`^${origin}/\\?reset=[A-Za-z0-9_-]{40,}$`));
  await resetPanel.getByRole('button', { name: 'Done' }).click();
  const reset = await newPage(browser, origin);
  await reset.goto(resetLink);
  await waitForReady(reset);
  await reset.getByLabel(/New password/).fill('short');
  await reset.getByRole('button', { name: 'Set password' }).click();
  await expect(reset.locator('#reset-password-error')).toHaveText('At least 12 characters');
  await reset.getByLabel(/New password/).fill('viewer new password 1');
  await reset.getByRole('button', { name: 'Set password' }).click();
  await expect(reset.getByRole('status')).toContainText('Your password was changed');
  await reset.getByLabel('Email').fill('vic@example.org');
  await reset.getByLabel('Password').fill(PASSWORD.vic);
  await reset.getByRole('button', { name: 'Sign in' }).click();
  await expect(reset.locator('#sign-in-password-error')).toHaveText('Wrong email or password.');
  await reset.getByLabel('Password').fill('viewer new password 1');
  await reset.getByRole('button', { name: 'Sign in' }).click();
  await expect(reset.getByRole('button', { name: 'Ops', exact: true })).toBeVisible();
  await reset.context().close();

  // The last admin cannot demote herself: the dialog says why and nothing changes.
  await ada.getByRole('button', { name: 'Change roles of Ada Admin' }).click();
  const dialog = ada.getByRole('dialog');
  await dialog.getByRole('checkbox', { name: /^admin/ }).uncheck();
  await dialog.getByRole('checkbox', { name: /^viewer/ }).check();
  await dialog.getByRole('button', { name: 'Save roles' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(/Ada Admin is the last admin of this workspace/);
  expect(await axeProblems(ada)).toEqual([]);
  await ada.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // The admin makes Ed a viewer (keyboard only); after a reload Ed's UI has no edit controls.
  await ada.getByRole('button', { name: 'Change roles of Ed Editor' }).focus();
  await ada.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('checkbox', { name: /^editor/ }).uncheck();
  await dialog.getByRole('checkbox', { name: /^viewer/ }).check();
  await dialog.getByRole('button', { name: 'Save roles' }).press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(ada.getByRole('status').filter({ hasText: 'Ed Editor now has the roles: viewer.' })).toBeVisible();
  await expect(edRow.getByTestId('member-roles')).toHaveText('viewer');

  await reopen(ed);
  await expect(ed.getByTestId('signed-in-as')).toContainText('(viewer)');
  await nav(ed).getByRole('link', { name: 'Inventory' }).click();
  await expect(ed.getByRole('table', { name: 'Agents' }).getByRole('row', { name: /Ledger Bot/ })).toBeVisible();
  await expect(ed.getByRole('button', { name: 'New agent' })).toHaveCount(0);
  await ed
    .getByRole('table', { name: 'Agents' })
    .getByRole('row', { name: /Ledger Bot/ })
    .click();
  await expect(ed.getByRole('heading', { level: 1 })).toHaveText('Ledger Bot');
  await expect(ed.getByRole('button', { name: 'Edit agent' })).toHaveCount(0);

  // Sign Ed out everywhere, after a confirmation: Ed's next page load is the sign-in screen.
  await ada.getByRole('button', { name: 'Sign out everywhere: Ed Editor' }).click();
  await expect(dialog).toContainText('Every session of Ed Editor');
  await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(ada.getByRole('status').filter({ hasText: 'Ed Editor was signed out of 1 session.' })).toBeVisible();
  await ed.reload();
  await waitForReady(ed);
  await expect(ed.getByRole('heading', { name: 'Sign in to Agent Readiness' })).toBeVisible();
});
