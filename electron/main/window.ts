import { BrowserWindow, type WebPreferences } from 'electron';
import { APP_ENTRY_URL } from './policy/app-origin';
import { makeWebPreferences } from './policy/web-preferences';
import { MIN_HEIGHT, MIN_WIDTH } from './policy/window-bounds';
import { loadWindowState, trackWindowState } from './window-state';

export type MainWindowOptions = { preloadPath: string; userData: string; isDev: boolean };

/** The single app window. Its content comes only from app://agent-readiness/ (see protocol.ts). */
export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const state = loadWindowState(opts.userData);
  const webPreferences = makeWebPreferences({ preload: opts.preloadPath, devTools: opts.isDev }) satisfies WebPreferences;
  const win = new BrowserWindow({
    ...state.bounds,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    title: 'Agent Readiness',
    backgroundColor: '#ffffff',
    webPreferences,
  });
  if (state.maximized) win.maximize();
  trackWindowState(win, opts.userData);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

/** Brings an existing window to the front (used when a second instance is started). */
export function focusWindow(win: BrowserWindow | null): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}
