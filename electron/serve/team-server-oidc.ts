import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SerializedError } from '../../core/common/errors';
import type { OidcSignIn } from '../services/team/oidc-client';
import { send } from './http-static';
import type { Logger } from './team-server-log';
import { sessionCookie } from './team-session-policy';

/**
 * The team server's two OIDC routes (issue 14 §3). `GET /team/oidc/start` sends the browser to the
 * provider and binds the sign-in to it with a short cookie holding the state; `GET
 * /team/oidc/callback` checks that cookie against the state the provider returns, lets
 * openid-client verify the answer, and signs in with the same session cookie a password gives.
 * Both are GET: the provider's redirect is a top-level navigation from another site, so the
 * binding cookie is SameSite=Lax (a Strict one would not come back), Path-limited to these routes.
 */
export const OIDC_START_PATH = '/team/oidc/start';
export const OIDC_CALLBACK_PATH = '/team/oidc/callback';
const STATE_COOKIE = 'ar_oidc_state';

const stateCookie = (value: string, secure: boolean, maxAge: number) =>
  [`${STATE_COOKIE}=${value}`, 'Path=/team/oidc/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAge}`, ...(secure ? ['Secure'] : [])].join(
    '; ',
  );

function readStateCookie(header: string | undefined): string | null {
  const values = (header ?? '')
    .split(';')
    .map((c) => c.trim())
    .filter((c) => c.startsWith(`${STATE_COOKIE}=`))
    .map((c) => c.slice(STATE_COOKIE.length + 1));
  return values.length === 1 && /^[A-Za-z0-9_-]{20,200}$/.test(values[0]!) ? values[0]! : null;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A refusal as a small page of text (the browser arrived by navigation, not by fetch), with the way back. */
function refusalPage(res: ServerResponse, status: number, message: string): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in refused</title></head><body>
<main><h1>Sign-in refused</h1><p role="alert">${escapeHtml(message)}</p><p><a href="/">Back to sign-in</a></p></main></body></html>`;
  send(res, status, 'text/html; charset=utf-8', html);
}

export type OidcRouteContext = {
  oidc: OidcSignIn | null;
  origin: () => string;
  /** The client's address (the rate limit's key). */
  client: string;
  secure: boolean;
  log: Logger;
  seen: { account: string | null };
};

/** Answers the OIDC routes; false when `path` is not one of them. */
export async function oidcRoute(req: IncomingMessage, res: ServerResponse, path: string, c: OidcRouteContext): Promise<boolean> {
  if (path !== OIDC_START_PATH && path !== OIDC_CALLBACK_PATH) return false;
  if ((req.method ?? 'GET').toUpperCase() !== 'GET') {
    send(res, 405, 'text/plain; charset=utf-8', 'Use GET.');
    return true;
  }
  if (!c.oidc) {
    refusalPage(res, 404, 'Single sign-on is not configured on this server. Sign in with your email and password.');
    return true;
  }
  try {
    if (path === OIDC_START_PATH) {
      const { url, state } = await c.oidc.start(c.client);
      res.setHeader('Set-Cookie', stateCookie(state, c.secure, 600));
      res.statusCode = 302;
      res.setHeader('Location', url);
      res.end();
      return true;
    }
    const query = (req.url ?? '').slice(path.length);
    const callbackUrl = new URL(`${c.origin()}${OIDC_CALLBACK_PATH}${query.startsWith('?') ? query : ''}`);
    const signed = await c.oidc.finish(callbackUrl, readStateCookie(req.headers.cookie));
    c.seen.account = signed.account.id;
    const maxAgeSeconds = Math.floor((signed.expiresAt.getTime() - Date.now()) / 1000);
    res.setHeader('Set-Cookie', [sessionCookie(signed.token, { secure: c.secure, maxAgeSeconds }), stateCookie('', c.secure, 0)]);
    res.statusCode = 302;
    res.setHeader('Location', '/');
    res.end();
    return true;
  } catch (err) {
    const e = err as { toJSON?: () => SerializedError; reason?: unknown };
    if (typeof e.toJSON !== 'function') throw err;
    const error = e.toJSON();
    const status = (error.details as { status?: number } | undefined)?.status ?? 400;
    c.log.info('oidc.refused', { path, status, reason: typeof e.reason === 'string' ? e.reason : error.code });
    res.setHeader('Set-Cookie', stateCookie('', c.secure, 0));
    refusalPage(res, status, error.message);
    return true;
  }
}
