import { ipcMain, BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { AppError } from '../../core/common/errors';
import { CHANNELS, type Result } from '../../core/contract/index';
import { CONNECTION_CHANNEL_NAMES, CONNECTION_CHANNELS, type ConnectionChannel } from '../../core/team/connection';
import { dispatch, toFieldIssues } from '../services/dispatch';
import type { ServiceContext } from '../services/context';
import { isTrustedSender, type SenderInfo } from './policy/sender';

/** What we know about an invoke's sender, for the pure sender policy. */
export function senderInfo(event: IpcMainInvokeEvent): SenderInfo {
  const frame = event.senderFrame;
  const owner = BrowserWindow.fromWebContents(event.sender);
  return {
    frameUrl: frame ? frame.url : null,
    isMainFrame: frame !== null && frame.parent === null,
    isAppWindow: owner !== null && !owner.isDestroyed() && APP_WINDOW_IDS.has(owner.id),
  };
}

/** Windows allowed to call the back end (the main window; never the hidden print window). */
const APP_WINDOW_IDS = new Set<number>();
export const trustWindow = (win: BrowserWindow): void => {
  APP_WINDOW_IDS.add(win.id);
  win.on('closed', () => APP_WINDOW_IDS.delete(win.id));
};

export type ContextProvider = () => ServiceContext;

/** While the desktop is signed in to a team server, the contract calls go there (team-connection/connection.ts). */
export type RemoteDoor = { readonly signedIn: boolean; call: (channel: string, input: unknown) => Promise<Result<unknown>> };

/** Channels that act on this computer even when connected: saving a produced file through the native dialog. */
const ALWAYS_LOCAL = new Set<string>(['export:save']);

const refused: Result<never> = {
  ok: false,
  error: { code: 'REFUSED', message: 'This request did not come from the Agent Readiness window.' },
};

/**
 * THE one place that registers IPC handlers. Each contract channel gets `ipcMain.handle`, which
 * checks the sender first and then hands the raw input to dispatch (zod validation + handler).
 * Returns the list of registered channels (for logging and tests).
 */
export function registerIpc(getContext: ContextProvider, remote: () => RemoteDoor | null = () => null): readonly string[] {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, input: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(senderInfo(event))) {
        if (process.env.AR_QUIET !== '1') console.warn(`[ipc] refused ${channel} from ${event.senderFrame?.url ?? '(no frame)'}`);
        return refused;
      }
      const door = remote();
      if (door?.signedIn && !ALWAYS_LOCAL.has(channel)) return door.call(channel, input);
      let ctx: ServiceContext;
      try {
        ctx = getContext();
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        return { ok: false, error: { code: 'WORKSPACE_UNAVAILABLE', message: `The data folder could not be opened: ${message}` } };
      }
      return dispatch(ctx, channel, input);
    });
  }
  return CHANNELS;
}

/** The desktop-only team connection operations (core/team/connection.ts), one function each. */
export type ConnectionHandlers = { [K in ConnectionChannel]: (input: never) => Promise<unknown> };

/**
 * Registers the team connection's IPC channels, with the same sender check as the contract's and
 * the request and response parsed with their zod schemas (bad input reaches no handler).
 */
export function registerConnectionIpc(handlers: ConnectionHandlers): readonly string[] {
  for (const channel of CONNECTION_CHANNEL_NAMES) {
    const def = CONNECTION_CHANNELS[channel];
    ipcMain.handle(channel, async (event, input: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(senderInfo(event))) return refused;
      const parsed = def.request.safeParse(input ?? {});
      if (!parsed.success) {
        const issues = toFieldIssues(parsed.error);
        return { ok: false, error: { code: 'VALIDATION', message: issues[0]?.message ?? 'Invalid request', issues } };
      }
      try {
        const value = await (handlers[channel] as (i: unknown) => Promise<unknown>)(parsed.data);
        return { ok: true, value: def.response.parse(value) };
      } catch (err) {
        if (err instanceof AppError) return { ok: false, error: err.toJSON() };
        return {
          ok: false,
          error: { code: 'INTERNAL', message: `Something went wrong: ${err instanceof Error ? err.message : String(err)}` },
        };
      }
    });
  }
  return CONNECTION_CHANNEL_NAMES;
}
