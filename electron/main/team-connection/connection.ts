import { AppError, type SerializedError } from '../../../core/common/errors';
import { contract, isChannel, type Result } from '../../../core/contract/index';
import type { TeamAccountView, ConnectionStatus } from '../../../core/team/connection';
import { toFieldIssues } from '../../services/dispatch';
import { openLiveStream, type LiveStream } from './live-stream';
import { checkServerUrl } from './server-url';
import type { TokenStore } from './token-store';
import { teamHttp, type TeamHttp } from './team-http';

/**
 * The desktop app's session with one team server (issue 14 §6), held by the main process: the
 * renderer never sees the token, and keeps its own app:// origin with the strict CSP. While
 * signed in, every contract call the renderer makes goes to the server's /api/<channel> (the
 * server's dispatch, authorization included), is validated here on the way out and on the way
 * back with the same zod schemas, and the server's change stream is relayed to the window.
 */
export type TeamConnectionOptions = {
  store: TokenStore;
  fetch?: typeof fetch;
  /** Per request; the workspace upload of a move gets longer (see team-http.ts). */
  timeoutMs?: number;
  onStatus?: (status: ConnectionStatus) => void;
  /** A committed change on the server in one of the account's workspaces (null: refetch everything). */
  onChange?: (notice: import('../../../core/live/changes').ChangeNotice | null) => void;
};

export type TeamConnection = {
  status: () => ConnectionStatus;
  /** Checks the address and that a team server answers there; nobody is signed in yet. */
  open: (url: string) => Promise<ConnectionStatus>;
  signIn: (email: string, password: string) => Promise<ConnectionStatus>;
  /** Signs in again with the kept session, if there is one and the server still accepts it. */
  resume: () => Promise<ConnectionStatus>;
  /** Ends the session on the server (when it answers) and here, and forgets the kept token. */
  signOut: () => Promise<ConnectionStatus>;
  readonly signedIn: boolean;
  /** One contract call on the server, as the signed-in account. */
  call: (channel: string, input: unknown) => Promise<Result<unknown>>;
  /** Resolves when the live stream is open (after sign-in): a readiness signal for tests and diagnostics. */
  liveOpen: () => Promise<void>;
  close: () => void;
};

type Session = { token: string; csrf: string; email: string; account: TeamAccountView };

export function createTeamConnection(opts: TeamConnectionOptions): TeamConnection {
  const fetchImpl = opts.fetch ?? fetch;
  let origin: string | null = null;
  let http: TeamHttp | null = null;
  let oidc: { name: string } | null = null;
  let session: Session | null = null;
  let notice: string | null = null;
  let remembered = false;
  let live: LiveStream | null = null;
  let liveWaiters: (() => void)[] = [];
  let liveIsOpen = false;

  const status = (): ConnectionStatus => ({
    state: session ? 'signed-in' : origin ? 'server' : 'local',
    origin,
    email: session?.email ?? null,
    account: session?.account ?? null,
    oidc,
    remembered: session !== null && remembered,
    notice,
  });
  const changed = (): ConnectionStatus => {
    const s = status();
    opts.onStatus?.(s);
    return s;
  };

  function stopLive(): void {
    live?.stop();
    live = null;
    liveIsOpen = false;
  }

  /** The server no longer accepts the session: back to its sign-in, saying why. */
  function sessionEnded(): void {
    if (!session) return;
    stopLive();
    session = null;
    opts.store.clear();
    notice = `Your session on ${origin} has ended (it expired, or you were signed out elsewhere). Sign in again.`;
    changed();
  }

  function startLive(): void {
    stopLive();
    if (!origin || !session || !http) return;
    const h = http;
    live = openLiveStream(
      origin,
      () => (session ? h.authHeaders(session.token, null) : {}),
      {
        onNotice: (n) => opts.onChange?.(n),
        onSessionEnded: sessionEnded,
        onOpen: () => {
          liveIsOpen = true;
          for (const w of liveWaiters.splice(0)) w();
        },
      },
      fetchImpl,
    );
  }

  async function open(url: string): Promise<ConnectionStatus> {
    const checked = checkServerUrl(url);
    if (!checked.ok) throw new AppError('VALIDATION', checked.message, { issues: [{ path: 'url', message: checked.message }] });
    const next = teamHttp(checked.origin, fetchImpl, opts.timeoutMs);
    const me = await next.me(null);
    if (session) await signOut();
    origin = checked.origin;
    http = next;
    oidc = me.oidc;
    notice = null;
    return changed();
  }

  function adopt(token: string, csrf: string, email: string, account: TeamAccountView): ConnectionStatus {
    session = { token, csrf, email, account };
    notice = null;
    remembered = opts.store.save({ origin: origin!, email, token });
    if (!remembered) notice = 'This computer offers no encrypted storage for the session, so you will sign in again next time.';
    startLive();
    return changed();
  }

  async function signIn(email: string, password: string): Promise<ConnectionStatus> {
    if (!http || !origin) throw new AppError('REFUSED', 'Enter the team server address first.');
    const signed = await http.signIn(email, password);
    return adopt(signed.token, signed.csrf, email.trim(), signed.account);
  }

  async function resume(): Promise<ConnectionStatus> {
    const kept = opts.store.load();
    if (!kept) return status();
    const checked = checkServerUrl(kept.origin);
    if (!checked.ok) return (opts.store.clear(), status());
    origin = checked.origin;
    http = teamHttp(origin, fetchImpl, opts.timeoutMs);
    try {
      const me = await http.me(kept.token);
      oidc = me.oidc;
      if (!me.account || !me.csrf) {
        opts.store.clear();
        notice = `Your session on ${origin} has ended. Sign in again.`;
        return changed();
      }
      return adopt(kept.token, me.csrf, kept.email, me.account);
    } catch (err) {
      // Server down at start: keep the token (it may still be good) and say so; the person can retry or sign in.
      notice = err instanceof AppError ? err.message : String(err);
      return changed();
    }
  }

  async function signOut(): Promise<ConnectionStatus> {
    const ending = session;
    stopLive();
    session = null;
    opts.store.clear();
    if (ending && http) await http.signOut(ending.token, ending.csrf).catch(() => undefined); // it expires on the server anyway
    origin = null;
    http = null;
    oidc = null;
    notice = null;
    return changed();
  }

  async function call(channel: string, input: unknown): Promise<Result<unknown>> {
    if (!session || !http) return fail({ code: 'UNAUTHENTICATED', message: 'Sign in to the team server first.' });
    if (!isChannel(channel)) return fail({ code: 'UNKNOWN_CHANNEL', message: `Unknown operation "${channel.slice(0, 80)}".` });
    const def = contract[channel];
    // Refused here exactly as dispatch would refuse it, without a round trip.
    const parsed = def.request.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = toFieldIssues(parsed.error);
      return fail({
        code: 'VALIDATION',
        message: issues[0] ? `${issues[0].path ? `${issues[0].path}: ` : ''}${issues[0].message}` : 'Invalid request',
        issues,
      });
    }
    let result: Result<unknown>;
    try {
      result = await http.api(channel, input ?? {}, session.token, session.csrf);
    } catch (err) {
      if (err instanceof AppError) return fail(err.toJSON());
      throw err;
    }
    if (!result.ok) {
      if (result.error.code === 'UNAUTHENTICATED') {
        sessionEnded();
        return fail({ code: 'UNAUTHENTICATED', message: notice ?? result.error.message, details: { reason: 'SESSION_ENDED' } });
      }
      return result;
    }
    const checked = def.response.safeParse(result.value);
    if (!checked.success)
      return fail({
        code: 'INTERNAL',
        message: `The team server's answer to ${channel} is not what this app expects (is the server another version?).`,
      });
    return { ok: true, value: checked.data };
  }

  return {
    status,
    open,
    signIn,
    resume,
    signOut,
    get signedIn() {
      return session !== null;
    },
    call,
    liveOpen: () => (liveIsOpen ? Promise.resolve() : new Promise<void>((r) => liveWaiters.push(r))),
    close() {
      stopLive();
      liveWaiters = [];
    },
  };
}

const fail = (error: SerializedError): Result<never> => ({ ok: false, error });
