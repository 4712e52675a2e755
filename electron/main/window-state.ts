import { screen, type BrowserWindow } from 'electron';
import { readFileSync, writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sanitizeWindowState, type WindowState } from './policy/window-bounds';

/** `<userData>/window-state.json`: size, position and maximised flag of the main window. */
export const stateFile = (userData: string): string => join(userData, 'window-state.json');

export function loadWindowState(userData: string): WindowState {
  let saved: unknown = null;
  try {
    saved = JSON.parse(readFileSync(stateFile(userData), 'utf8'));
  } catch {
    saved = null; // missing or unreadable: defaults
  }
  const primary = screen.getPrimaryDisplay();
  const displays = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea);
  return sanitizeWindowState(saved, displays);
}

/** Saves on close (atomically: write a temp file then rename). Failures are logged, never fatal. */
export function trackWindowState(win: BrowserWindow, userData: string): void {
  const save = () => {
    if (win.isDestroyed()) return;
    const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
    const file = stateFile(userData);
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2));
      renameSync(`${file}.tmp`, file);
    } catch (err) {
      console.warn('[window-state] could not save:', err instanceof Error ? err.message : err);
    }
  };
  win.on('close', save);
}
