import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { ServiceContext } from '../services/context';
import { dispatch } from '../services/dispatch';
import { CHANGES_PATH } from '../../core/live/changes';
import { changeStreams } from './change-stream';
import { send, serveStatic } from './http-static';
import {
  CONTENT_SECURITY_POLICY,
  TOKEN_COOKIE,
  extractToken,
  isAllowedHost,
  isAllowedOrigin,
  isLoopbackBindAddress,
  tokenMatches,
} from './http-policy';

export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export type Bridge = {
  url: string;
  origin: string;
  token: string;
  port: number;
  server: Server;
  /** Live change streams open now (GET /events/changes). */
  liveStreams: () => number;
  close: () => Promise<void>;
};

export type BridgeOptions = { ctx: ServiceContext; staticDir: string; host?: string; port?: number; token?: string };

/**
 * Browser mode: the same handler table over HTTP on loopback. Every route requires the
 * per-launch token; Host and Origin are checked on every request; no CORS headers are sent.
 */
export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopbackBindAddress(host)) throw new Error(`Refusing to bind ${host}: browser mode only listens on loopback.`);
  const token = opts.token ?? randomBytes(32).toString('base64url');
  let port = 0;
  const streams = changeStreams(opts.ctx.changes);
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error('[bridge]', err);
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    baseHeaders(res);
    if (!isAllowedHost(req.headers.host, port)) return send(res, 403, 'text/plain; charset=utf-8', 'Forbidden host');
    if (!isAllowedOrigin(req.headers.origin, port)) return send(res, 403, 'text/plain; charset=utf-8', 'Forbidden origin');
    if (req.headers['sec-fetch-site'] === 'cross-site') return send(res, 403, 'text/plain; charset=utf-8', 'Forbidden cross-site request');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

    // First navigation carries ?token=; trade it for an HttpOnly, SameSite=Strict cookie and drop it from the URL.
    const queryToken = url.searchParams.get('token');
    if (req.method === 'GET' && queryToken !== null) {
      if (!tokenMatches(queryToken, token))
        return send(res, 401, 'text/plain; charset=utf-8', 'Wrong or expired link: restart `npm run serve` and open the URL it prints.');
      url.searchParams.delete('token');
      res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
      res.setHeader('Location', url.pathname + url.search);
      return send(res, 302, 'text/plain; charset=utf-8', 'Redirecting');
    }
    if (!tokenMatches(extractToken(req.headers), token)) {
      return send(res, 401, 'text/plain; charset=utf-8', 'Missing or wrong token: open the URL that `npm run serve` printed.');
    }

    // Live change notices (server-sent events): past the same token, Host and Origin checks as every route.
    if (url.pathname === CHANGES_PATH) {
      if (req.method !== 'GET') return send(res, 405, 'text/plain; charset=utf-8', 'Use GET');
      streams.handle(req, res);
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'Use POST');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
        return send(res, 415, 'text/plain; charset=utf-8', 'Send application/json');
      const body = await readBody(req);
      if (body === null) return send(res, 413, 'text/plain; charset=utf-8', `Request larger than ${MAX_BODY_BYTES} bytes`);
      let input: unknown;
      try {
        input = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        return json(res, { ok: false, error: { code: 'VALIDATION', message: 'The request body is not valid JSON.' } });
      }
      const channel = decodeURIComponent(url.pathname.slice('/api/'.length));
      return json(res, await dispatch(opts.ctx, channel, input));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
    return serveStatic(res, opts.staticDir, url.pathname);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    port,
    server,
    liveStreams: () => streams.open,
    close: () =>
      new Promise<void>((resolve) => {
        streams.closeAll();
        server.close(() => resolve());
        // Browsers keep connections alive (and the UI polls): drop them so shutdown never hangs.
        server.closeAllConnections();
      }),
  };
}

function baseHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

const json = (res: ServerResponse, value: unknown): void => send(res, 200, 'application/json; charset=utf-8', JSON.stringify(value));

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
