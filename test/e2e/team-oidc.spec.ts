import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestProvider, TEST_CLIENT_ID, TEST_CLIENT_SECRET, type TestProvider } from '../support/oidc-provider';
import { startPostgres, type PostgresServer } from '../support/postgres';
import { waitForReady } from './fixtures';
import { CLI, cli, startTeamServerProcess, type TeamServerProcess } from './team-server';

/**
 * OIDC sign-in in Debian Chromium (issue 14 §3): the real team server (built CLI, flags and the
 * secret in the environment) and a real `oidc-provider` on loopback. An invited person uses the
 * "Sign in with" button by keyboard, logs in on the provider's own pages and lands in the app
 * signed in with the invited role; someone not invited gets the refusal page and no session.
 */
let pgs: PostgresServer | null = null;
let skipped = '';
let dataDir = '';
let provider: TestProvider | null = null;
let server: TeamServerProcess | null = null;

test.beforeAll(async () => {
  const started = await startPostgres();
  if (!started.ok) {
    skipped = started.reason;
    return;
  }
  pgs = started;
  const url = await pgs.createDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'ar-team-oidc-e2e-'));
  provider = await openTestProvider({
    ann: { email: 'ann@example.org', email_verified: true, name: 'Ann Oidc' },
    zed: { email: 'zed@elsewhere.org', email_verified: true, name: 'Zed Uninvited' },
  });
  const env = { AGENT_READINESS_DATABASE_URL: url };
  cli(['team', 'admin', 'create', '--email', 'ada@example.org', '--name', 'Ada Admin', '--workspace', 'Ops'], {
    ...env,
    AGENT_READINESS_ADMIN_PASSWORD: 'admin password 1234',
  });
  cli(['team', 'invite', '--by', 'ada@example.org', '--email', 'ann@example.org', '--role', 'editor'], env);
  server = await startTeamServerProcess(url, dataDir, {
    args: ['--oidc-issuer', provider.issuer, '--oidc-client-id', TEST_CLIENT_ID, '--oidc-name', 'Test SSO'],
    env: { AGENT_READINESS_OIDC_CLIENT_SECRET: TEST_CLIENT_SECRET },
  });
  provider.start([`${server.origin}/team/oidc/callback`]);
});

test.afterAll(async () => {
  await server?.stop();
  await provider?.stop();
  if (pgs) await pgs.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('an invited person signs in with the provider by keyboard and lands in the app; an uninvited one is refused', async ({ browser }) => {
  test.skip(pgs === null, `postgres: SKIPPED (${skipped})`);
  const origin = server!.origin;
  const page = await (await browser.newContext()).newPage();
  await page.goto(origin);
  await waitForReady(page);
  const sso = page.getByRole('link', { name: 'Sign in with Test SSO' });
  await sso.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.origin === provider!.issuer);
  await page.locator('input[name="login"]').fill('ann');
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(`${origin}/`);
  await waitForReady(page);
  await expect(page.getByTestId('signed-in-as')).toContainText('Ann Oidc');
  await expect(page.getByTestId('signed-in-as')).toContainText('editor');
  await expect(page.getByRole('button', { name: 'Ops', exact: true })).toBeVisible();
  await page.context().close();

  const other = await (await browser.newContext()).newPage();
  await other.goto(origin);
  await waitForReady(other);
  await other.getByRole('link', { name: 'Sign in with Test SSO' }).click();
  await other.locator('input[name="login"]').fill('zed');
  await other.locator('input[name="password"]').fill('any password');
  await other.getByRole('button', { name: 'Sign-in' }).click();
  await other.getByRole('button', { name: 'Continue' }).click();
  await expect(other.getByRole('alert')).toContainText('no account or open invitation');
  expect((await other.context().cookies(origin)).map((c) => c.name)).not.toContain('ar_session');
  await other.getByRole('link', { name: 'Back to sign-in' }).click();
  await waitForReady(other);
  await expect(other.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  // The server's log names the refusal and carries no secret.
  expect(server!.log()).toContain('oidc.refused');
  expect(server!.log()).not.toContain(TEST_CLIENT_SECRET);
});

test('the OIDC flags are checked before the server starts, and the secret has no flag', () => {
  const serve = (args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [CLI, 'serve', '--team', '--listen', '127.0.0.1:0', ...args], {
      env: { ...process.env, AGENT_READINESS_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { status: r.status, stderr: r.stderr };
  };
  const id = ['--oidc-client-id', 'agent-readiness'];
  const secret = { AGENT_READINESS_OIDC_CLIENT_SECRET: 'a secret' };
  for (const [args, env, why] of [
    [['--oidc-issuer', 'http://login.example.org', ...id], secret, 'must be an https:// URL'],
    [['--oidc-issuer', 'https://login.example.org', ...id], {}, '$AGENT_READINESS_OIDC_CLIENT_SECRET'],
    [['--oidc-issuer', 'https://login.example.org'], secret, 'go together'],
  ] as const) {
    const r = serve([...args], env);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(why);
  }
  const onCommandLine = serve(['--oidc-issuer', 'https://login.example.org', ...id, '--oidc-client-secret', 'hunter2']);
  expect(onCommandLine.status).toBe(2);
  expect(onCommandLine.stderr).toContain("Unknown option '--oidc-client-secret'");
});
