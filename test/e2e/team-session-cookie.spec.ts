import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkCsrf, CSRF_HEADER, csrfTokenFor, readSessionCookie, sessionCookie } from '../../electron/serve/team-session-policy';

/**
 * The team server's cookie and CSRF rules (electron/serve/team-session-policy.ts) in a real
 * Chromium, on a minimal server made of those functions only (the team server itself is not built
 * yet): page scripts cannot read the session cookie, a change without the CSRF token is refused,
 * and another site's form post does not carry the cookie (SameSite=Strict).
 */
type Seen = { path: string; session: string | null };

function teamLikeServer(): Promise<{ server: Server; origin: string; seen: Seen[]; next: (path: string) => Promise<Seen> }> {
  const seen: Seen[] = [];
  const waiting: { path: string; resolve: (s: Seen) => void }[] = [];
  const record = (req: IncomingMessage, path: string) => {
    const s = { path, session: readSessionCookie(req.headers.cookie, { secure: false }) };
    seen.push(s);
    for (const w of waiting.splice(0))
      if (w.path === path) w.resolve(s);
      else waiting.push(w);
    return s;
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const s = record(req, path);
    if (path === '/sign-in' && req.method === 'POST') {
      const token = randomBytes(32).toString('base64url');
      res.writeHead(200, { 'set-cookie': sessionCookie(token, { secure: false, maxAgeSeconds: 600 }), 'content-type': 'application/json' });
      return res.end(JSON.stringify({ csrf: csrfTokenFor(token) }));
    }
    if (path === '/change') {
      const header = req.headers[CSRF_HEADER];
      const csrf = checkCsrf({
        method: req.method ?? 'GET',
        sessionToken: s.session,
        headerToken: typeof header === 'string' ? header : undefined,
      });
      res.writeHead(!s.session ? 401 : csrf.ok ? 200 : 403, { 'content-type': 'text/plain' });
      return res.end(csrf.ok ? (s.session ? 'changed' : 'sign in first') : csrf.reason);
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>team</title><p id="ready">ready</p>');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({ server, origin, seen, next: (path) => new Promise((r) => waiting.push({ path, resolve: r })) });
    }),
  );
}

test('the session cookie is hidden from page scripts, changes need the CSRF token, links and forms of other sites do not carry it', async ({
  page,
}) => {
  const { server, origin, next } = await teamLikeServer();
  try {
    await page.goto(`${origin}/`);
    await expect(page.locator('#ready')).toBeVisible();
    const result = await page.evaluate(async (csrfHeader) => {
      const { csrf } = (await (await fetch('/sign-in', { method: 'POST' })).json()) as { csrf: string };
      const without = await fetch('/change', { method: 'POST' });
      const wrong = await fetch('/change', { method: 'POST', headers: { [csrfHeader]: 'x'.repeat(43) } });
      const right = await fetch('/change', { method: 'POST', headers: { [csrfHeader]: csrf } });
      return { cookieVisible: document.cookie, statuses: [without.status, wrong.status, right.status], body: await right.text() };
    }, CSRF_HEADER);
    expect(result.cookieVisible).toBe(''); // HttpOnly: no script reads the session
    expect(result.statuses).toEqual([403, 403, 200]);
    expect(result.body).toBe('changed');

    // Another site (localhost is a different site from 127.0.0.1) links or posts to the server: the cookie stays home.
    // A link is the strict test: SameSite=Lax would still send the cookie on that top-level GET; Strict does not.
    const port = new URL(origin).port;
    const back = next('/');
    await page.goto(`${origin}/`);
    expect((await back).session).not.toBeNull(); // same site: the browser does send it
    for (const how of ['link', 'form']) {
      const arrived = next('/change');
      await page.goto(`http://localhost:${port}/`);
      await page.setContent(
        how === 'link'
          ? `<a id="go" href="${origin}/change">go</a>`
          : `<form method="post" action="${origin}/change"><button id="go">go</button></form>`,
      );
      await page.click('#go');
      expect([how, (await arrived).session]).toEqual([how, null]);
    }
  } finally {
    await new Promise((r) => server.close(r));
  }
});
