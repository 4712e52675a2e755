import { AppError, isSerializedError, type SerializedError } from '../../../core/common/errors';
import type { Result } from '../../../core/contract/index';
import { TeamAccountView } from '../../../core/team/connection';
import { z } from 'zod';
import { describeNetworkError } from './network-errors';

/**
 * The HTTP requests the desktop makes to a team server, and nothing else: its /team/me,
 * /team/sign-in, /team/sign-out and /api/<channel> endpoints (electron/serve/team-server.ts).
 * The session travels as the server's cookie and each changing request carries the session's
 * CSRF token, exactly as from the server's own pages. Failures become AppErrors a person can
 * act on; the token is never put in a message.
 */
export type TeamHttp = {
  me: (token: string | null) => Promise<{ account: TeamAccountView | null; csrf: string | null; oidc: { name: string } | null }>;
  signIn: (email: string, password: string) => Promise<{ token: string; csrf: string; account: TeamAccountView }>;
  signOut: (token: string, csrf: string) => Promise<void>;
  api: (channel: string, input: unknown, token: string, csrf: string) => Promise<Result<unknown>>;
  authHeaders: (token: string, csrf: string | null) => Record<string, string>;
};

const DEFAULT_TIMEOUT_MS = 30_000;
/** A whole workspace crosses in one request when it moves: give it longer. */
const TRANSFER_TIMEOUT_MS = 300_000;
const SLOW = new Set(['import:workspace', 'export:workspace']);

const MeReply = z.object({
  team: z.literal(true),
  account: TeamAccountView.nullable(),
  csrf: z.string().max(200).nullable(),
  oidc: z
    .object({ name: z.string().max(200) })
    .nullable()
    .optional(),
});
const SignInReply = z.object({ ok: z.literal(true), value: z.object({ account: TeamAccountView, csrf: z.string().max(200) }) });

export function teamHttp(origin: string, fetchImpl: typeof fetch, timeoutMs = DEFAULT_TIMEOUT_MS): TeamHttp {
  // Over https the server names its cookie with the __Host- prefix (team-session-policy.ts); plain http is loopback only.
  const cookieName = origin.startsWith('https:') ? '__Host-ar_session' : 'ar_session';
  const authHeaders = (token: string, csrf: string | null): Record<string, string> => ({
    cookie: `${cookieName}=${token}`,
    ...(csrf ? { 'x-csrf-token': csrf } : {}),
  });

  async function request(path: string, init: RequestInit & { slow?: boolean }): Promise<Response> {
    try {
      return await fetchImpl(`${origin}${path}`, {
        ...init,
        redirect: 'manual', // a redirect elsewhere would carry our cookie header to another host
        signal: AbortSignal.timeout(init.slow ? TRANSFER_TIMEOUT_MS : timeoutMs),
      });
    } catch (err) {
      const p = describeNetworkError(err, origin);
      throw new AppError('INTERNAL', p.message, { details: { reason: p.code } });
    }
  }

  const notTeam = (): AppError =>
    new AppError('VALIDATION', `${origin} does not answer as an Agent Readiness team server. Check the address.`, {
      issues: [{ path: 'url', message: 'No team server answers at this address' }],
    });

  async function json(res: Response): Promise<unknown> {
    if (!(res.headers.get('content-type') ?? '').startsWith('application/json')) {
      await res.body?.cancel();
      return undefined;
    }
    try {
      return await res.json();
    } catch {
      return undefined;
    }
  }

  /** The server's own error (with its status), or a plain one when it sent none. */
  function errorOf(body: unknown, status: number): AppError {
    const e = (body as { error?: unknown } | undefined)?.error;
    const base: SerializedError = isSerializedError(e) ? e : { code: 'INTERNAL', message: `The team server answered ${status}.` };
    return new AppError(base.code, base.message, { ...(base.issues ? { issues: base.issues } : {}), details: { ...base.details, status } });
  }

  return {
    authHeaders,
    async me(token) {
      const res = await request('/team/me', { headers: token ? authHeaders(token, null) : {} });
      const parsed = MeReply.safeParse(await json(res));
      if (!res.ok || !parsed.success) throw notTeam();
      return { account: parsed.data.account, csrf: parsed.data.csrf, oidc: parsed.data.oidc ?? null };
    },
    async signIn(email, password) {
      const res = await request('/team/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      const body = await json(res);
      if (!res.ok) {
        const err = errorOf(body, res.status);
        // Wrong email or password: say it next to the password field.
        if (res.status === 401)
          throw new AppError('UNAUTHENTICATED', err.message, {
            issues: [{ path: 'password', message: err.message }],
            details: { status: 401 },
          });
        throw err; // 423 locked out, 429 too many attempts: the server's own words
      }
      const parsed = SignInReply.safeParse(body);
      const token = sessionTokenOf(res.headers.getSetCookie?.() ?? [], cookieName);
      if (!parsed.success || !token) throw notTeam();
      return { token, csrf: parsed.data.value.csrf, account: parsed.data.value.account };
    },
    async signOut(token, csrf) {
      const res = await request('/team/sign-out', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authHeaders(token, csrf) },
        body: '{}',
      });
      await res.body?.cancel();
    },
    async api(channel, input, token, csrf) {
      const res = await request(`/api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authHeaders(token, csrf) },
        body: JSON.stringify(input),
        slow: SLOW.has(channel),
      });
      const body = await json(res);
      if (res.status === 413)
        return {
          ok: false,
          error: { code: 'REFUSED', message: 'The team server refused the request as too large.', details: { status: 413 } },
        };
      const shaped = body as { ok?: unknown; value?: unknown; error?: unknown } | undefined;
      if (shaped?.ok === true && res.ok) return { ok: true, value: shaped.value };
      return { ok: false, error: errorOf(body, res.status).toJSON() };
    },
  };
}

/** The session token from the sign-in's Set-Cookie headers (the cookie the server sets for browsers). */
export function sessionTokenOf(setCookies: readonly string[], cookieName: string): string | null {
  for (const c of setCookies) {
    const first = c.split(';')[0]!.trim();
    const [name, value] = [first.slice(0, first.indexOf('=')), first.slice(first.indexOf('=') + 1)];
    if ((name === cookieName || name === 'ar_session' || name === '__Host-ar_session') && /^[A-Za-z0-9_-]{20,200}$/.test(value))
      return value;
  }
  return null;
}
