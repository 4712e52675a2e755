import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS } from '../../core/contract/index';
import { MENU_EVENT_CHANNEL } from '../main/policy/menu-template';
import { buildApi, buildDesktopShell } from './api';

/**
 * Runs sandboxed (bundled to one CommonJS file, dist/electron/preload.cjs; only `electron` is
 * required at run time). Exposes named functions only; see ./api.ts and README.md.
 */
/** The renderer never sees the IpcRendererEvent: only the payload is passed on. */
function subscribeTo(channel: string, listener: (payload: unknown) => void): () => void {
  const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(channel, handler);
  return () => {
    ipcRenderer.removeListener(channel, handler);
  };
}

contextBridge.exposeInMainWorld(
  'api',
  buildApi(CHANNELS, (channel, input) => ipcRenderer.invoke(channel, input)),
);

contextBridge.exposeInMainWorld(
  'desktop',
  buildDesktopShell((listener) => subscribeTo(MENU_EVENT_CHANNEL, listener), {
    invoke: (channel, input) => ipcRenderer.invoke(channel, input),
    subscribeTo,
  }),
);
