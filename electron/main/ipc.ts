import { ipcMain, BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS, type Result } from '../../core/contract/index';
import { dispatch } from '../services/dispatch';
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

const refused: Result<never> = {
  ok: false,
  error: { code: 'REFUSED', message: 'This request did not come from the Agent Readiness window.' },
};

/**
 * THE one place that registers IPC handlers. Each contract channel gets `ipcMain.handle`, which
 * checks the sender first and then hands the raw input to dispatch (zod validation + handler).
 * Returns the list of registered channels (for logging and tests).
 */
export function registerIpc(getContext: ContextProvider): readonly string[] {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, input: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(senderInfo(event))) {
        if (process.env.AR_QUIET !== '1') console.warn(`[ipc] refused ${channel} from ${event.senderFrame?.url ?? '(no frame)'}`);
        return refused;
      }
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
