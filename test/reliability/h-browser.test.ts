/**
 * Family H: browser mode (R36-R40). The real built server (dist/serve/serve.mjs, started by the e2e
 * helper) is attacked with raw node:http requests, because fetch rewrites the Host header. Every
 * route is tried: the static files and every API channel of the contract.
 */
import { request } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../core/contract/index';
import { startBridge, MAX_BODY_BYTES } from '../../electron/serve/http-bridge';
import { createServiceContext } from '../../electron/services/context';
import { startServer, type ServerHandle } from '../e2e/server';
import { removeDir } from '../integration/helpers';
import { ROOT } from './lib/bundle';
import { report, skip } from './lib/report';

type Res = { status: number; headers: Record<string, string | string[] | undefined>; body: string };
type Req = { method: string; path: string; headers?: Record<string, string>; body?: string | Buffer; setHost?: boolean };

let server: ServerHandle;
let previousToken = '';
let port = 0;
let stderr = '';
const allResponses: Res[] = [];

function send(r: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: r.method, path: r.path, headers: r.headers ?? {}, setHost: r.setHost ?? false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body.length < 4096 ? (body += c) : undefined));
        res.on('end', () => {
          const out = { status: res.statusCode ?? 0, headers: res.headers, body };
          allResponses.push(out);
          resolve(out);
        });
      },
    );
    req.on('error', reject);
    if (r.body) req.end(r.body);
    else req.end();
  });
}

const ROUTES: { method: string; path: string; api: boolean }[] = [];

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/serve/serve.mjs'))) return;
  const first = await startServer();
  previousToken = first.token;
  await first.stop();
  server = await startServer(first.dataDir); // the next launch on the same folder: a new token
  server.process.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  port = Number(new URL(server.origin).port);
  const assets = readdirSync(join(ROOT, 'dist/renderer/assets'))
    .filter((f) => !f.endsWith('.map'))
    .slice(0, 4);
  for (const p of [
    '/',
    '/index.html',
    ...assets.map((a) => `/assets/${a}`),
    '/favicon.ico',
    '/inventory/agents',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/api',
    '/events/changes', // the live change stream (server-sent events)
  ])
    ROUTES.push({ method: 'GET', path: p, api: false });
  for (const c of [...CHANNELS, 'no:such-channel']) ROUTES.push({ method: 'POST', path: `/api/${c}`, api: true });
}, 60_000);

afterAll(async () => {
  if (!server) return;
  await server.stop();
  removeDir(server.dataDir);
});

const host = () => `127.0.0.1:${port}`;
const origin = () => `http://127.0.0.1:${port}`;
const jsonHeaders = { 'content-type': 'application/json' };
const swapCase = (s: string) => [...s].map((ch) => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase())).join('');
const needServer = (id: string): boolean => {
  if (server) return true;
  skip(id, 'dist/serve/serve.mjs missing: run npm run build first');
  return false;
};

describe('H. browser mode', () => {
  it('R36 binds loopback only', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ar-rel-bind-'));
    const ctx = createServiceContext({ dataDir, mode: 'browser' });
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && !i.internal && i.family === 'IPv4')?.address;
    const refused: string[] = [];
    for (const h of ['0.0.0.0', '::', '', '0', lan ?? '10.0.0.1', '192.168.1.10', '127.0.0.1.nip.io', 'localhost.evil']) {
      try {
        const b = await startBridge({ ctx, staticDir: join(ROOT, 'dist/renderer'), host: h });
        await b.close();
      } catch {
        refused.push(h);
      }
    }
    const b = await startBridge({ ctx, staticDir: join(ROOT, 'dist/renderer') });
    const addr = (b.server.address() as { address: string }).address;
    let lanConnect = 'no LAN interface';
    if (lan) {
      lanConnect = await new Promise<string>((res) => {
        const s = connect({ host: lan, port: b.port });
        s.on('connect', () => (s.destroy(), res('ACCEPTED')));
        s.on('error', (e: NodeJS.ErrnoException) => res(`refused (${e.code})`));
      });
    }
    await b.close();
    ctx.workspaces.closeAll();
    removeDir(dataDir);
    const servedAddr = server ? new URL(server.origin).hostname : '127.0.0.1';
    const pass = addr === '127.0.0.1' && servedAddr === '127.0.0.1' && refused.length === 8 && lanConnect !== 'ACCEPTED';
    expect(
      report(
        'R36',
        pass,
        `bound addr=${addr} (npm run serve: ${servedAddr}); non-loopback bind requests refused=${refused.length}/8 (0.0.0.0, ::, '', 0, LAN ${lan ?? '10.0.0.1'}, 192.168.1.10, DNS names); connect to LAN address ${lan ?? '-'}:${b.port}=${lanConnect}`,
      ),
    ).toBe(true);
  });

  it('R37 missing, wrong, previous-launch, re-cased, truncated and query-only tokens get 401 on every route', async () => {
    if (!needServer('R37')) return;
    const t = server.token;
    const cases: [string, Record<string, string>, string][] = [
      ['missing', {}, ''],
      ['wrong', { authorization: `Bearer ${randomBytes(32).toString('base64url')}` }, ''],
      ['previous launch', { authorization: `Bearer ${previousToken}` }, ''],
      ['re-cased', { cookie: `ar_token=${swapCase(t)}` }, ''],
      ['truncated', { cookie: `ar_token=${t.slice(0, -1)}` }, ''],
      ['empty bearer', { authorization: 'Bearer ' }, ''],
      ['query only on API/static', {}, `?token=${t}`],
    ];
    let refused = 0;
    let total = 0;
    const leaks: string[] = [];
    for (const r of ROUTES) {
      for (const [name, headers, query] of cases) {
        if (name.startsWith('query') && !r.api) continue; // a GET with the right ?token= is the login link (tested below)
        total++;
        const res = await send({
          method: r.method,
          path: r.path + query,
          headers: { host: host(), ...(r.api ? jsonHeaders : {}), ...headers },
          ...(r.api ? { body: '{}' } : {}),
        });
        if (res.status === 401) refused++;
        else leaks.push(`${name} ${r.method} ${r.path} -> ${res.status}`);
      }
    }
    // GET with a wrong ?token= is also refused; the right one is exchanged for an HttpOnly SameSite=Strict cookie and dropped from the URL
    const wrongLink = await send({ method: 'GET', path: `/?token=${swapCase(t)}`, headers: { host: host() } });
    const login = await send({ method: 'GET', path: `/inventory?token=${t}`, headers: { host: host() } });
    const cookie = String(login.headers['set-cookie'] ?? '');
    const cookieOk =
      login.status === 302 &&
      /HttpOnly/.test(cookie) &&
      /SameSite=Strict/.test(cookie) &&
      !String(login.headers.location).includes('token');
    const ok = await send({
      method: 'POST',
      path: '/api/workspace:list',
      headers: { host: host(), ...jsonHeaders, cookie: cookie.split(';')[0]! },
      body: '{}',
    });
    const tokenBits = Buffer.from(t, 'base64url').length * 8;
    const inLogs = stderr.includes(t) ? 1 : 0;
    const referrer = allResponses.every((x) => x.headers['referrer-policy'] === 'no-referrer');
    const pass =
      refused === total &&
      wrongLink.status === 401 &&
      cookieOk &&
      ok.status === 200 &&
      tokenBits >= 128 &&
      inLogs === 0 &&
      referrer &&
      t !== previousToken;
    expect(
      report(
        'R37',
        pass,
        `routes=${ROUTES.length} (static=${ROUTES.filter((r) => !r.api).length}, api channels=${ROUTES.filter((r) => r.api).length}) x cases=${cases.length} -> 401 count=${refused}/${total}${leaks.length ? ` LEAKS: ${leaks.slice(0, 3).join('; ')}` : ''}; wrong ?token= link -> ${wrongLink.status}; right link -> ${login.status} HttpOnly SameSite=Strict cookie, token stripped=${cookieOk}; token bits=${tokenBits}, new each launch=${t !== previousToken}; token in server logs=${inLogs}; Referrer-Policy no-referrer on all=${referrer}`,
      ),
    ).toBe(true);
  });

  it('R38 DNS rebinding: a valid token with a foreign Host header is refused on every route', async () => {
    if (!needServer('R38')) return;
    const bad = [
      `evil.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `localhost.evil:${port}`,
      `127.0.0.1:${port + 1}`,
      '127.0.0.1',
      `localhost.:${port}`,
      `[::ffff:127.0.0.1]:${port}`,
      `0.0.0.0:${port}`,
      `127.1:${port}`,
      `2130706433:${port}`,
      '',
    ];
    let refused = 0;
    let total = 0;
    const leaks: string[] = [];
    for (const r of ROUTES) {
      for (const h of [...bad, null]) {
        total++;
        const headers: Record<string, string> = { authorization: `Bearer ${server.token}`, ...(r.api ? jsonHeaders : {}) };
        if (h !== null) headers.host = h;
        const res = await send({ method: r.method, path: r.path, headers, ...(r.api ? { body: '{}' } : {}) }).catch(
          () => ({ status: 400 }) as Res,
        );
        if (res.status === 403 || res.status === 421 || res.status === 400) refused++;
        else leaks.push(`${h} ${r.path} -> ${res.status}`);
      }
    }
    const good = await Promise.all(
      [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].map((h) =>
        send({ method: 'GET', path: '/', headers: { host: h, authorization: `Bearer ${server.token}` } }),
      ),
    );
    const pass = refused === total && good.every((g) => g.status === 200);
    expect(
      report(
        'R38',
        pass,
        `bad-Host cases=${bad.length + 1} (incl. missing) x routes=${ROUTES.length} = ${total}, rejected=${refused}${leaks.length ? ` LEAKS: ${leaks.slice(0, 3).join('; ')}` : ''}; accepted only 127.0.0.1/localhost/[::1] on our port=${good.map((g) => g.status).join('/')}`,
      ),
    ).toBe(true);
  });

  it('R39 CSRF: foreign or null Origin, cross-site fetch metadata and non-JSON bodies are refused; no CORS headers anywhere', async () => {
    if (!needServer('R39')) return;
    const bad = [
      'https://evil.example',
      'null',
      `http://127.0.0.1:${port + 1}`,
      `http://localhost.evil:${port}`,
      `http://127.0.0.1:${port}.evil.example`,
      `https://127.0.0.1:${port}`,
      `http://evil.example:${port}`,
    ];
    let refused = 0;
    let total = 0;
    const leaks: string[] = [];
    for (const r of ROUTES) {
      for (const o of bad) {
        total++;
        const res = await send({
          method: r.method,
          path: r.path,
          headers: { host: host(), origin: o, authorization: `Bearer ${server.token}`, ...(r.api ? jsonHeaders : {}) },
          ...(r.api ? { body: '{}' } : {}),
        });
        if (res.status === 403) refused++;
        else leaks.push(`${o} ${r.path} -> ${res.status}`);
      }
      total++;
      const site = await send({
        method: r.method,
        path: r.path,
        headers: { host: host(), 'sec-fetch-site': 'cross-site', cookie: `ar_token=${server.token}`, ...(r.api ? jsonHeaders : {}) },
        ...(r.api ? { body: '{}' } : {}),
      });
      if (site.status === 403) refused++;
      else leaks.push(`sec-fetch-site ${r.path} -> ${site.status}`);
    }
    // simple (preflight-free) cross-site requests: text/plain and form bodies are refused before any handler runs
    const simple = await Promise.all(
      ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''].map((ct) =>
        send({
          method: 'POST',
          path: '/api/workspace:create',
          headers: { host: host(), origin: origin(), cookie: `ar_token=${server.token}`, ...(ct ? { 'content-type': ct } : {}) },
          body: '{"name":"csrf"}',
        }),
      ),
    );
    const simpleRefused = simple.filter((s) => s.status === 415).length;
    const preflight = await send({
      method: 'OPTIONS',
      path: '/api/workspace:create',
      headers: {
        host: host(),
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    const listed = await send({
      method: 'POST',
      path: '/api/workspace:list',
      headers: { host: host(), origin: origin(), authorization: `Bearer ${server.token}`, ...jsonHeaders },
      body: '{}',
    });
    const noCsrfWorkspace = !listed.body.includes('"csrf"');
    const cors = allResponses.filter((x) => Object.keys(x.headers).some((k) => k.startsWith('access-control-'))).length;
    const pass =
      refused === total &&
      simpleRefused === simple.length &&
      preflight.status !== 204 &&
      cors === 0 &&
      listed.status === 200 &&
      noCsrfWorkspace;
    expect(
      report(
        'R39',
        pass,
        `cases=${total} (${bad.length} foreign Origins + Sec-Fetch-Site cross-site, x ${ROUTES.length} routes) rejected=${refused}${leaks.length ? ` LEAKS: ${leaks.slice(0, 3).join('; ')}` : ''}; text/plain, form, multipart and untyped POSTs refused=${simpleRefused}/${simple.length} (415); preflight -> ${preflight.status}; CORS headers emitted=${cors} in ${allResponses.length} responses; own Origin accepted=${listed.status === 200}`,
      ),
    ).toBe(true);
  });

  it('R40 server limits and security headers', async () => {
    if (!needServer('R40')) return;
    const big = Buffer.alloc(MAX_BODY_BYTES + 1024, 0x20);
    const t0 = performance.now();
    const over = await send({
      method: 'POST',
      path: '/api/workspace:list',
      headers: { host: host(), ...jsonHeaders, authorization: `Bearer ${server.token}`, 'content-length': String(big.length) },
      body: big,
    }).catch((e: Error) => ({ status: -1, headers: {}, body: e.message }) as Res);
    const ms = Math.round(performance.now() - t0);
    const page = await send({ method: 'GET', path: '/', headers: { host: host(), authorization: `Bearer ${server.token}` } });
    const h = page.headers;
    const csp = String(h['content-security-policy'] ?? '');
    const headersOk =
      /default-src 'none'/.test(csp) &&
      /frame-ancestors 'none'/.test(csp) &&
      /script-src 'self'(;|$)/.test(csp) &&
      h['x-content-type-options'] === 'nosniff' &&
      h['cache-control'] === 'no-store' &&
      h['referrer-policy'] === 'no-referrer';
    // Node itself answers a request without a Host header (400, before our handler): those carry no body and are excluded
    const ours = allResponses.filter((x) => !(x.status === 400 && x.headers['content-security-policy'] === undefined && x.body === ''));
    const missing = ours.filter(
      (x) =>
        !(
          x.headers['content-security-policy'] &&
          x.headers['x-content-type-options'] === 'nosniff' &&
          x.headers['cache-control'] === 'no-store'
        ),
    );
    const everyResponse = missing.length === 0;
    const dataDir = mkdtempSync(join(tmpdir(), 'ar-rel-timeouts-'));
    const ctx = createServiceContext({ dataDir, mode: 'browser' });
    const b = await startBridge({ ctx, staticDir: join(ROOT, 'dist/renderer') });
    const timeouts = {
      headersTimeout: b.server.headersTimeout,
      requestTimeout: b.server.requestTimeout,
      keepAliveTimeout: b.server.keepAliveTimeout,
    };
    await b.close();
    ctx.workspaces.closeAll();
    removeDir(dataDir);
    const timeoutsOk = timeouts.headersTimeout > 0 && timeouts.requestTimeout > 0;
    const pass = over.status === 413 && headersOk && everyResponse && timeoutsOk;
    expect(
      report(
        'R40',
        pass,
        `(b) oversized body (${Math.round(big.length / 1048576)} MB) -> ${over.status} in ${ms} ms; CSP default-src 'none' + frame-ancestors 'none', nosniff, no-store, no-referrer on page=${headersOk} and on all ${ours.length} app responses=${everyResponse}${missing.length ? ` (missing on ${[...new Set(missing.map((x) => x.status))].join(',')})` : ''} (+${allResponses.length - ours.length} Node-level 400s for a missing Host); headersTimeout=${timeouts.headersTimeout} ms requestTimeout=${timeouts.requestTimeout} ms keepAlive=${timeouts.keepAliveTimeout} ms; (a) 10k agents / 100k grants, query plans, DOM rows: npm run bench (docs/benchmarks.md)`,
      ),
    ).toBe(true);
  });
});
