import type { FieldIssue, SerializedError } from '../../core/common/errors';
// Types only: importing the contract's values would build every zod schema at start-up.
import type { Channel, Request, Response, Result } from '../../core/contract/index';
import type { MenuCommand } from '../../core/workspace/menu';
import type { ChangeNotice } from '../../core/live/changes';
import type { ConnectionStatus } from '../../core/team/connection';

/** A failed call, with field issues the form can show next to the offending input. */
export class ApiError extends Error {
  readonly code: string;
  readonly issues: FieldIssue[];
  readonly details: SerializedError['details'];
  constructor(e: SerializedError) {
    super(e.message);
    this.name = 'ApiError';
    this.code = e.code;
    this.issues = e.issues ?? [];
    this.details = e.details;
  }
  /** The message for one field (matched by path suffix, e.g. "name" matches "agent.name"). */
  issueFor(field: string): string | undefined {
    return this.issues.find((i) => i.path === field || i.path.endsWith(`.${field}`))?.message;
  }
}

type Invoke = (channel: Channel, input: unknown) => Promise<Result<unknown>>;

/** The desktop's team server connection (electron/preload/api.ts); absent in browser mode. Used by features/workspaces. */
export type DesktopTeamApi = {
  status: () => Promise<Result<unknown>>;
  open: (url: string) => Promise<Result<unknown>>;
  signIn: (email: string, password: string) => Promise<Result<unknown>>;
  signOut: () => Promise<Result<unknown>>;
  localWorkspaces: () => Promise<Result<unknown>>;
  moveToServer: (workspaceId: string) => Promise<Result<unknown>>;
  download: (workspaceId: string) => Promise<Result<unknown>>;
  onStatus: (callback: (status: ConnectionStatus) => void) => () => void;
};

/** The desktop's team connection, or null (browser mode, or a preload without it). */
export const desktopTeam = (): DesktopTeamApi | null => (typeof window !== 'undefined' ? (window.desktop?.team ?? null) : null);

/** Unwraps a desktop team call like api.call does: the value, or an ApiError. */
export async function teamCall<T>(p: Promise<Result<unknown>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new ApiError(r.error);
  return r.value as T;
}

/** The preload's surface: one named function per channel (see electron/preload). */
type DesktopApi = Record<string, (input: unknown) => Promise<Result<unknown>>>;

declare global {
  interface Window {
    api?: DesktopApi;
    desktop?: {
      onMenuCommand: (callback: (command: MenuCommand) => void) => () => void;
      onChange?: (callback: (notice: ChangeNotice | null) => void) => () => void;
      team?: DesktopTeamApi;
    };
  }
}

/** Subscribes to native menu commands; a no-op in browser mode. */
export const onMenuCommand = (callback: (command: MenuCommand) => void): (() => void) =>
  window.desktop?.onMenuCommand(callback) ?? (() => undefined);

function pickTransport(): Invoke {
  const desktop = typeof window !== 'undefined' ? window.api : undefined;
  if (desktop) {
    return (channel, input) => {
      const fn = desktop[channel];
      if (!fn) return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `Not available: ${channel}` } });
      return fn(input);
    };
  }
  // Browser mode: same origin, authenticated by the HttpOnly cookie the bridge set (a team server's session cookie, plus its CSRF token).
  return async (channel, input) => {
    let res: globalThis.Response;
    try {
      res = await fetch(`/api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
        credentials: 'same-origin',
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      return {
        ok: false,
        error: { code: 'INTERNAL', message: 'The Agent Readiness server is not reachable. Is `npm run serve` still running?' },
      };
    }
    // The team server answers refusals (401, 403) with the same JSON result, under the HTTP status.
    if (!res.ok && !(res.headers.get('content-type') ?? '').startsWith('application/json'))
      return { ok: false, error: { code: 'INTERNAL', message: `${res.status}: ${await res.text()}` } };
    return (await res.json()) as Result<unknown>;
  };
}

let transport: Invoke | null = null;
let csrfToken: string | null = null;

/** Team mode: the session's CSRF token, sent on every call (features/team sets it). */
export const setCsrfToken = (token: string | null): void => {
  csrfToken = token;
};

/** Requests started ahead of the screen that needs them (start-up), each handed out once. */
const prefetched = new Map<string, Promise<Result<unknown>>>();
const keyOf = (channel: string, input: unknown): string => `${channel}\u0000${JSON.stringify(input ?? {})}`;

/** The only way the renderer reaches the back end. */
export const api = {
  async call<K extends Channel>(channel: K, input: Request<K>): Promise<Response<K>> {
    transport ??= pickTransport();
    const key = keyOf(channel, input);
    const early = prefetched.get(key);
    prefetched.delete(key);
    const result = await (early ?? transport(channel, input));
    if (!result.ok) throw new ApiError(result.error);
    return result.value as Response<K>;
  },
  /** Starts a call now so the screen that mounts next gets it without another round trip. */
  prefetch<K extends Channel>(channel: K, input: Request<K>): void {
    transport ??= pickTransport();
    const early = transport(channel, input);
    early.catch(() => undefined); // a failure surfaces when the screen asks for it, not as an unhandled rejection
    prefetched.set(keyOf(channel, input), early);
  },
};

export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
