import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS } from '../../core/contract/index';
import { MENU_EVENT_CHANNEL } from '../main/policy/menu-template';
import { buildApi, buildDesktopShell } from './api';

/**
 * Runs sandboxed (bundled to one CommonJS file, dist/electron/preload.cjs; only `electron` is
 * required at run time). Exposes named functions only; see ./api.ts and README.md.
 */
contextBridge.exposeInMainWorld(
  'api',
  buildApi(CHANNELS, (channel, input) => ipcRenderer.invoke(channel, input)),
);

contextBridge.exposeInMainWorld(
  'desktop',
  buildDesktopShell((listener) => {
    // The renderer never sees the IpcRendererEvent: only the payload is passed on.
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(MENU_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(MENU_EVENT_CHANNEL, handler);
    };
  }),
);
