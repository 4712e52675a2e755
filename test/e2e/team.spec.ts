import { expect, test, type Browser, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, type PostgresServer } from '../support/postgres';
import { waitForReady } from './fixtures';
import { CLI, cli, startTeamServerProcess, type TeamServerProcess } from './team-server';

/**
 * The team server in Debian Chromium (issue 14 §7): two instances of the real server on one real
 * PostgreSQL and one data folder; an editor signed in on one and an approver on the other. The
 * editor adds a production delete grant, it appears live on the approver's open page (no reload),
 * the approver approves it, a stale edit of the editor is refused with the approver's name, and a
 * viewer sees no control to change anything and gets 403.
 */
const PASSWORD = { admin: 'admin password 1234', ed: 'editor password 1234', pat: 'approver password 123', vic: 'viewer password 1234' };

let pgs: PostgresServer | null = null;
let skipped = '';
let url = '';
let dataDir = '';
const servers: TeamServerProcess[] = [];

test.beforeAll(async () => {
  const started = await startPostgres();
  if (!started.ok) {
    skipped = started.reason;
    return;
  }
  pgs = started;
  url = await pgs.createDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'ar-team-e2e-'));
});

test.afterAll(async () => {
  for (const s of servers.splice(0)) await s.stop();
  if (pgs) await pgs.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function signIn(browser: Browser, origin: string, email: string, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (e) => console.error('[pageerror]', e.message));
  await page.goto(origin);
  await waitForReady(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await waitForReady(page);
  await page.getByRole('button', { name: 'Ops', exact: true }).click();
  return page;
}

/** From the workspace picker (after a reload: a team server reopens nothing) or the shell, to an agent's page. */
async function openAgent(page: Page, name: string, fromPicker = true): Promise<void> {
  if (fromPicker) await page.getByRole('button', { name: 'Ops', exact: true }).click();
  await page.getByRole('link', { name: 'Inventory' }).click();
  await page.getByRole('table', { name: 'Agents' }).getByRole('row').filter({ hasText: name }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
}

test('an editor and an approver on two instances: grant added, seen live and approved, a stale edit refused with the other name, a viewer changes nothing', async ({
  browser,
}) => {
  test.skip(pgs === null, `postgres: SKIPPED (${skipped})`);
  test.setTimeout(120_000); // four people, two servers, scrypt at full cost: about 35 s on two busy cores
  const env = { AGENT_READINESS_DATABASE_URL: url };
  const made = cli(['team', 'admin', 'create', '--email', 'ada@example.org', '--name', 'Ada Admin', '--workspace', 'Ops'], {
    ...env,
    AGENT_READINESS_ADMIN_PASSWORD: PASSWORD.admin,
  });
  expect(made).toMatch(/^workspace ops-[0-9a-f]{6} \(Ops\)$/m);
  const a = await startTeamServerProcess(url, dataDir);
  const b = await startTeamServerProcess(url, dataDir);
  servers.push(a, b);
  expect((await (await fetch(`${b.origin}/readyz`)).json()).ok).toBe(true);

  // The admin invites three people; the editor accepts in the browser, the others over the JSON endpoint.
  const invite = (email: string, role: string) =>
    cli(['team', 'invite', '--by', 'ada@example.org', '--email', email, '--role', role, '--public-origin', a.origin], env).split('\n')[0]!;
  const edLink = invite('ed@example.org', 'editor');
  expect(edLink).toMatch(new RegExp(`^${a.origin}/\\?invitation=[A-Za-z0-9_-]{40,}$`));
  for (const [link, name, password] of [
    [invite('pat@example.org', 'approver,editor'), 'Pat Approver', PASSWORD.pat],
    [invite('vic@example.org', 'viewer'), 'Vic Viewer', PASSWORD.vic],
  ] as const) {
    const token = new URL(link).searchParams.get('invitation');
    const r = await fetch(`${b.origin}/team/accept-invitation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, name, password }),
    });
    expect(r.status).toBe(200);
  }
  const join = await (await browser.newContext()).newPage();
  await join.goto(edLink);
  await waitForReady(join);
  await join.getByLabel('Your name').fill('Ed Editor');
  await join.getByLabel(/Choose a password/).fill(PASSWORD.ed);
  await join.getByRole('button', { name: 'Create account' }).click();
  await expect(join.getByRole('status')).toContainText('Your account is ready');

  // A wrong password is answered beside the field.
  await join.getByLabel('Email').fill('ed@example.org');
  await join.getByLabel('Password').fill('not my password');
  await join.getByRole('button', { name: 'Sign in' }).click();
  await expect(join.locator('#sign-in-password-error')).toHaveText('Wrong email or password.');
  await join.context().close();

  // The editor, on instance A, builds an agent with a production delete behind a single approver.
  const ed = await signIn(browser, a.origin, 'ed@example.org', PASSWORD.ed);
  await expect(ed.getByTestId('signed-in-as')).toContainText('Ed Editor');
  const dialog = ed.getByRole('dialog');
  await ed.getByRole('link', { name: 'Inventory' }).click();
  await ed.getByRole('tab', { name: /Systems/ }).click();
  await ed.getByRole('button', { name: 'New system' }).click();
  await dialog.getByLabel('Name').fill('Orders DB');
  await dialog.getByRole('button', { name: 'Create system' }).click();
  await expect(ed.getByRole('cell', { name: 'Orders DB', exact: true })).toBeVisible();
  await ed.getByRole('tab', { name: /Agents/ }).click();
  await ed.getByRole('button', { name: 'New agent' }).click();
  await dialog.getByLabel('Name').fill('Cleanup Bot');
  await dialog.getByRole('button', { name: 'Create agent' }).click();
  await expect(ed.getByRole('heading', { level: 1 })).toHaveText('Cleanup Bot');

  // The approver, on instance B, has the agent open while the editor, on A, adds the grant: it
  // appears on the approver's page without a reload (live stream on B, NOTIFY/LISTEN from A).
  const pat = await signIn(browser, b.origin, 'pat@example.org', PASSWORD.pat);
  await openAgent(pat, 'Cleanup Bot', false);
  await expect(pat.locator('html')).toHaveAttribute('data-live', 'open');
  await expect(pat.getByRole('button', { name: /^Approve grant/ })).toHaveCount(0);
  await ed.getByRole('button', { name: 'Add grant' }).click();
  await dialog.getByLabel('Environment').selectOption({ label: 'Production (production)' });
  await dialog.getByLabel('delete').check();
  await dialog.getByLabel('Approval gate').selectOption({ label: 'Single approver' });
  await dialog.getByRole('button', { name: 'Add grant' }).click();
  await expect(ed.getByRole('heading', { name: 'Permissions (1)' })).toBeVisible();
  await expect(ed.getByRole('cell', { name: /Not approved/ })).toBeVisible();
  await expect(ed.getByRole('button', { name: /^Approve grant/ })).toHaveCount(0); // an editor does not approve
  await expect(pat.getByRole('heading', { name: 'Permissions (1)' })).toBeVisible();
  await pat.getByRole('button', { name: 'Approve grant on Orders DB in Production' }).click();
  await pat.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
  await expect(pat.getByRole('cell', { name: /Approved by Pat Approver until/ })).toBeVisible();

  // The editor opens the agent to edit it; meanwhile the approver renames its owner; the editor's save is refused, naming them.
  await ed.reload();
  await waitForReady(ed);
  await openAgent(ed, 'Cleanup Bot');
  await expect(ed.getByRole('cell', { name: /Approved by Pat Approver/ })).toBeVisible();
  await ed.getByRole('button', { name: 'Edit agent' }).click();
  await dialog.getByLabel('Purpose').fill('Deletes expired orders (mine)');
  await pat.getByRole('button', { name: 'Edit agent' }).click();
  await pat.getByRole('dialog').getByLabel('Purpose').fill('Deletes old orders (theirs)');
  await pat.getByRole('dialog').getByRole('button', { name: 'Save changes' }).click();
  await expect(pat.getByRole('dialog')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  const stale = dialog.getByTestId('stale-save');
  await expect(stale).toContainText(/Changed by Pat Approver at /);
  await expect(stale.getByRole('row', { name: /Purpose/ })).toContainText('Deletes old orders (theirs)');
  await expect(stale.getByRole('row', { name: /Purpose/ })).toContainText('Deletes expired orders (mine)');

  // The viewer sees the agent but no control that changes it, and the server refuses a change anyway.
  const vic = await signIn(browser, a.origin, 'vic@example.org', PASSWORD.vic);
  await openAgent(vic, 'Cleanup Bot', false);
  await expect(vic.getByRole('heading', { name: 'Cleanup Bot' })).toBeVisible();
  await expect(vic.getByRole('heading', { name: 'Permissions (1)' })).toBeVisible();
  for (const name of ['Add grant', 'Edit agent', 'Delete agent', /^Approve grant/, /^Edit grant/, /^Delete grant/])
    await expect(vic.getByRole('button', { name })).toHaveCount(0);
  const refused = await vic.evaluate(async () => {
    const me = (await (await fetch('/team/me')).json()) as { csrf: string; account: { workspaces: string[] } };
    const r = await fetch('/api/system:create', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf },
      body: JSON.stringify({ workspaceId: me.account.workspaces[0], system: { name: 'Sneaky' } }),
    });
    return { status: r.status, body: (await r.json()) as { error: { code: string } } };
  });
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe('FORBIDDEN');

  // Sign out everywhere, from the shell: the session ends on both instances.
  await pat.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(pat.getByRole('heading', { name: 'Sign in to Agent Readiness' })).toBeVisible();

  // Repeated wrong passwords lock the account; the sign-in screen says so even with the right one.
  for (let i = 0; i < 5; i++)
    await fetch(`${b.origin}/team/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'vic@example.org', password: `wrong guess ${i}` }),
    });
  await pat.getByLabel('Email').fill('vic@example.org');
  await pat.getByLabel('Password').fill(PASSWORD.vic);
  await pat.getByRole('button', { name: 'Sign in' }).click();
  await expect(pat.getByRole('alert')).toContainText(/locked/);

  // No password, token or database URL in either instance's log.
  const logs = a.log() + b.log();
  expect(logs).toContain('"event":"request"');
  for (const secret of [...Object.values(PASSWORD), url, new URL(url).password, new URL(edLink).searchParams.get('invitation')!])
    expect(logs).not.toContain(secret);
});

test('a team server that cannot reach its database says so without printing the URL, and the CLI refuses bad options', () => {
  const secretUrl = 'postgres://ar:Sup3rSecretPw@127.0.0.1:1/ar';
  const r = spawnSync(process.execPath, [CLI, 'serve', '--team', '--listen', '127.0.0.1:0', '--data', tmpdir()], {
    env: { ...process.env, AGENT_READINESS_DATABASE_URL: secretUrl },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(r.status).toBe(70);
  expect(r.stderr).toMatch(/ECONNREFUSED|connect/);
  expect(r.stdout + r.stderr).not.toContain('Sup3rSecretPw');
  const usage = spawnSync(process.execPath, [CLI, 'serve', '--team', '--database', secretUrl], { encoding: 'utf8' });
  expect(usage.status).toBe(2);
  expect(usage.stderr).toContain('--listen HOST:PORT is required');
  expect(usage.stdout + usage.stderr).not.toContain('Sup3rSecretPw');
});
