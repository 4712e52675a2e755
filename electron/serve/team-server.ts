import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { SerializedError } from '../../core/common/errors';
import type { TeamAccount } from '../../core/team/authorization';
import type { TeamBackend } from '../services/team/backend';
import { createOidcSignIn, type OidcSettings } from '../services/team/oidc-client';
import { CHANGES_PATH } from '../../core/live/changes';
import { changeStreams } from './change-stream';
import { createLogger, type Logger } from './team-server-log';
import { readJson, securityHeaders, sendJson, serveStatic } from './team-server-http';
import { OIDC_CALLBACK_PATH, oidcRoute } from './team-server-oidc';
import {
  checkCsrf,
  clearedSessionCookie,
  CSRF_HEADER,
  csrfTokenFor,
  isAllowedTeamOrigin,
  isChangingMethod,
  isSecureRequest,
  readSessionCookie,
  sessionCookie,
} from './team-session-policy';

/**
 * The team server (issue 14 §2-3): the same renderer and the same /api/ calls through dispatch
 * as browser mode, for several people. Each request's account comes from its session cookie
 * (sessions live in PostgreSQL, so any instance accepts any session); changing requests need the
 * session's CSRF token and, when the browser sends one, the server's own Origin. The loopback
 * browser mode (http-bridge.ts) is a different door with its own rules.
 */
export type TeamServerOptions = {
  backend: TeamBackend;
  staticDir: string;
  host: string;
  port: number;
  /** PEM certificate and key: the server speaks TLS itself. */
  tls?: { cert: string | Buffer; key: string | Buffer } | undefined;
  /** Behind a reverse proxy: believe its X-Forwarded-Proto and X-Forwarded-For. */
  trustProxy?: boolean;
  /** The origin browsers use (https://readiness.example.org); default: the listen address. */
  publicOrigin?: string | undefined;
  logger?: Logger;
  /** OIDC sign-in for invited people (optional); the redirect URI is this server's origin + /team/oidc/callback. */
  oidc?: OidcSettings | undefined;
  /** How often an open live stream checks that its session still stands and re-reads the account's workspaces (default 15 s). */
  streamRecheckMs?: number;
};

/** Open live streams per instance: one per open tab of every signed-in person. */
export const MAX_TEAM_STREAMS = 1000;

export type TeamServer = {
  origin: string;
  port: number;
  server: Server;
  /** Live change streams open now (GET /events/changes). */
  readonly openStreams: number;
  close: () => Promise<void>;
};

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403 };
const statusOf = (e: SerializedError): number => {
  const s = (e.details as { status?: unknown } | undefined)?.status;
  return typeof s === 'number' && s >= 400 && s < 600 ? s : (STATUS[e.code] ?? 400);
};

export const publicView = (a: TeamAccount) => ({
  id: a.id,
  name: a.name,
  roles: a.roles,
  workflowScope: a.workflowScope,
  workspaces: a.workspaces,
});

export async function startTeamServer(opts: TeamServerOptions): Promise<TeamServer> {
  const log = opts.logger ?? createLogger();
  const { backend } = opts;
  const trustProxy = opts.trustProxy === true;
  let origin = opts.publicOrigin?.replace(/\/+$/, '') ?? '';
  const streams = changeStreams(backend.changes, { maxStreams: MAX_TEAM_STREAMS });
  // The LISTEN connection was lost and is back: other instances' notices may be gone, so every browser reconnects and refetches.
  backend.live.onResync(() => streams.closeAll());
  const recheckMs = opts.streamRecheckMs ?? 15_000;
  const oidc = opts.oidc ? createOidcSignIn(opts.oidc, backend.service, () => `${origin}${OIDC_CALLBACK_PATH}`) : null;

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const seen: { account: string | null } = { account: null };
    const path = (req.url ?? '/').split('?')[0]!.slice(0, 200);
    res.on('finish', () =>
      log.info('request', {
        method: req.method ?? '',
        path,
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
        account: seen.account,
      }),
    );
    handle(req, res, path, seen).catch((err: unknown) => {
      log.error('request.failed', err, { path });
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'Internal error' } });
    });
  };
  const server = opts.tls ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, handler) : createHttpServer(handler);

  async function handle(req: IncomingMessage, res: ServerResponse, path: string, seen: { account: string | null }): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const forwardedProto = header(req, 'x-forwarded-proto');
    const secure = isSecureRequest({ tls: opts.tls !== undefined, trustProxy, forwardedProto });
    securityHeaders(res, secure);
    if (path === '/healthz') return sendJson(res, 200, { ok: true });
    if (path === '/readyz') {
      const r = await backend.ready();
      return sendJson(res, r.ok ? 200 : 503, r);
    }
    if (isChangingMethod(method)) {
      if (!isAllowedTeamOrigin(header(req, 'origin'), origin)) return refuse(res, 403, 'FORBIDDEN', 'Forbidden origin.');
      if (header(req, 'sec-fetch-site') === 'cross-site') return refuse(res, 403, 'FORBIDDEN', 'Forbidden cross-site request.');
    }
    const cookie = readSessionCookie(header(req, 'cookie'), { secure });
    const account = await backend.accountOf(cookie);
    // A cookie of an ended session (signed out elsewhere, expired) counts as none: the sign-in screen must still work.
    const token = account ? cookie : null;
    const csrf = checkCsrf({ method, sessionToken: token, headerToken: header(req, CSRF_HEADER) });
    if (!csrf.ok) return refuse(res, 403, 'FORBIDDEN', csrf.reason);
    seen.account = account?.id ?? null;
    if (await oidcRoute(req, res, path, { oidc, origin: () => origin, client: clientOf(req), secure, log, seen })) return;

    if (path === CHANGES_PATH) {
      if (method !== 'GET') return refuse(res, 405, 'METHOD', 'Use GET.');
      // EventSource sends no Origin to its own origin; another site's page would send its own, or Sec-Fetch-Site.
      if (!isAllowedTeamOrigin(header(req, 'origin'), origin)) return refuse(res, 403, 'FORBIDDEN', 'Forbidden origin.');
      if (header(req, 'sec-fetch-site') === 'cross-site') return refuse(res, 403, 'FORBIDDEN', 'Forbidden cross-site request.');
      if (!account || !token) return refuse(res, 401, 'UNAUTHENTICATED', 'Sign in first.');
      return liveStream(req, res, token, account);
    }
    if (path === '/team/me' && method === 'GET')
      return sendJson(res, 200, {
        team: true,
        account: account ? publicView(account) : null,
        csrf: account && token ? csrfTokenFor(token) : null,
        oidc: oidc ? { name: oidc.name } : null,
      });
    if (path.startsWith('/team/')) {
      if (method !== 'POST') return refuse(res, 405, 'METHOD', 'Use POST.');
      const body = await jsonBody(req, res);
      if (body === undefined) return;
      return teamRoute(req, res, path, body, { token, account, secure, seen });
    }
    if (path.startsWith('/api/')) {
      if (method !== 'POST') return refuse(res, 405, 'METHOD', 'Use POST.');
      const body = await jsonBody(req, res);
      if (body === undefined) return;
      const channel = decodeURIComponent(path.slice('/api/'.length));
      const result = await backend.call(account, channel, body);
      return sendJson(res, result.ok ? 200 : statusOf(result.error), result);
    }
    if (method !== 'GET' && method !== 'HEAD') return refuse(res, 405, 'METHOD', 'Method not allowed.');
    return serveStatic(res, opts.staticDir, path);
  }

  /** One account's live stream: only its workspaces' notices; ends when its session does. */
  function liveStream(req: IncomingMessage, res: ServerResponse, token: string, account: TeamAccount): void {
    let member = new Set(account.workspaces);
    const end = streams.handle(req, res, (n) => member.has(n.workspaceId));
    if (!end) return;
    const timer = setInterval(() => {
      backend.accountOf(token).then(
        (now) => {
          if (now) member = new Set(now.workspaces);
          else end();
        },
        (err: unknown) => log.error('live.recheck', err),
      );
    }, recheckMs);
    timer.unref();
    res.on('close', () => clearInterval(timer));
  }

  type Who = { token: string | null; account: TeamAccount | null; secure: boolean; seen: { account: string | null } };

  async function teamRoute(req: IncomingMessage, res: ServerResponse, path: string, body: Record<string, unknown>, who: Who) {
    const maxAge = (expiresAt: Date) => Math.floor((expiresAt.getTime() - Date.now()) / 1000);
    try {
      switch (path) {
        case '/team/sign-in': {
          const signed = await backend.service.signIn({
            email: body.email as string,
            password: body.password as string,
            client: clientOf(req),
          });
          who.seen.account = signed.account.id;
          res.setHeader('Set-Cookie', sessionCookie(signed.token, { secure: who.secure, maxAgeSeconds: maxAge(signed.expiresAt) }));
          return sendJson(res, 200, { ok: true, value: { account: publicView(signed.account), csrf: csrfTokenFor(signed.token) } });
        }
        case '/team/sign-out':
          if (who.token) await backend.service.signOut(who.token);
          res.setHeader('Set-Cookie', clearedSessionCookie({ secure: who.secure }));
          return sendJson(res, 200, { ok: true, value: { signedOut: 1 } });
        case '/team/sign-out-everywhere': {
          if (!who.token || !who.account) return refuse(res, 401, 'UNAUTHENTICATED', 'Sign in first.');
          const ended = await backend.service.signOutEverywhere(who.token);
          res.setHeader('Set-Cookie', clearedSessionCookie({ secure: who.secure }));
          return sendJson(res, 200, { ok: true, value: { signedOut: ended } });
        }
        case '/team/accept-invitation': {
          const account = await backend.service.accept({
            token: body.token as string,
            name: body.name as string,
            password: body.password as string,
          });
          return sendJson(res, 200, { ok: true, value: { account: publicView(account) } });
        }
        case '/team/reset-password':
          // The admin-issued one-time link (Team screen): a new password; every session of the account ends.
          await backend.service.resetPassword({ token: body.token as string, password: body.password as string });
          return sendJson(res, 200, { ok: true, value: { reset: true } });
        default:
          return refuse(res, 404, 'NOT_FOUND', 'No such endpoint.');
      }
    } catch (err) {
      const e = err as { toJSON?: () => SerializedError };
      if (typeof e.toJSON !== 'function') throw err;
      const error = e.toJSON();
      return sendJson(res, statusOf(error), { ok: false, error });
    }
  }

  function clientOf(req: IncomingMessage): string {
    const forwarded = trustProxy ? header(req, 'x-forwarded-for')?.split(',')[0]?.trim() : undefined;
    return (forwarded || req.socket.remoteAddress || 'unknown').slice(0, 200);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
  origin ||= `${opts.tls ? 'https' : 'http'}://${hostForUrl}:${port}`;
  log.info('listening', { origin, tls: opts.tls !== undefined, trustProxy });
  return {
    origin,
    port,
    server,
    get openStreams() {
      return streams.open;
    },
    close: () =>
      new Promise<void>((resolve) => {
        streams.closeAll();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

/** The JSON object body of a request, or undefined after answering 413/415/400. */
async function jsonBody(req: IncomingMessage, res: ServerResponse): Promise<Record<string, unknown> | undefined> {
  if (!(header(req, 'content-type') ?? '').startsWith('application/json'))
    return void refuse(res, 415, 'VALIDATION', 'Send application/json.');
  const body = await readJson(req);
  if (body === null) return void refuse(res, 413, 'VALIDATION', 'The request is too large.');
  if (typeof body !== 'object' || body === undefined || Array.isArray(body))
    return void refuse(res, 400, 'VALIDATION', 'The request body is not a JSON object.');
  return body as Record<string, unknown>;
}
