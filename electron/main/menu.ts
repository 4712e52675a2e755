import { Menu, app, dialog, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../core/workspace/menu';
import { buildMenuTemplate, MENU_EVENT_CHANNEL } from './policy/menu-template';

/** Installs the native application menu. UI commands are forwarded to the focused app window. */
export function installMenu(getWindow: () => BrowserWindow | null, opts: { isDev: boolean; dataDir: string }): void {
  const send = (command: MenuCommand) => {
    const win = getWindow();
    if (win && !win.isDestroyed()) win.webContents.send(MENU_EVENT_CHANNEL, command);
  };
  const showAbout = () => {
    const win = getWindow();
    const detail = `Version ${app.getVersion()}\nElectron ${process.versions.electron}, Chromium ${process.versions.chrome}, Node ${process.versions.node}\n\nData folder:\n${opts.dataDir}\n\nAll data stays on this computer.`;
    const options = { type: 'info' as const, title: `About ${app.getName()}`, message: app.getName(), detail, buttons: ['OK'] };
    void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
  };
  const template = buildMenuTemplate(
    { isMac: process.platform === 'darwin', isDev: opts.isDev, appName: app.getName() },
    { send, showAbout },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template as MenuItemConstructorOptions[]));
  app.setAboutPanelOptions({
    applicationName: app.getName(),
    applicationVersion: app.getVersion(),
    copyright: 'All data stays on this computer.',
  });
}
