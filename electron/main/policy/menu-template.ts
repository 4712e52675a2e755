/**
 * The native menu, as plain data (pure, unit-tested). menu.ts hands it to Menu.buildFromTemplate.
 * Commands that belong to the UI (new/open workspace, the keyboard-shortcuts panel) are sent to the
 * renderer as a MenuCommand (core/workspace/menu.ts); the renderer subscribes with `window.desktop.onMenuCommand(cb)`.
 */
import type { MenuCommand } from '../../../core/workspace/menu';

/** The one main -> renderer event channel. Not a contract channel (those are request/response). */
export const MENU_EVENT_CHANNEL = 'shell:menu-command';

export type MenuRole =
  | 'appMenu'
  | 'editMenu'
  | 'windowMenu'
  | 'quit'
  | 'about'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'close'
  | 'minimize';

export type MenuItem =
  | { type: 'separator' }
  | { role: MenuRole; label?: string; accelerator?: string }
  | { label: string; accelerator?: string; click: () => void }
  | { label: string; role?: MenuRole; submenu: MenuItem[] };

export type MenuActions = {
  send: (command: MenuCommand) => void;
  showAbout: () => void;
};

export type MenuOptions = { isMac: boolean; isDev: boolean; appName: string };

export function buildMenuTemplate(opts: MenuOptions, actions: MenuActions): MenuItem[] {
  const sep: MenuItem = { type: 'separator' };
  const file: MenuItem = {
    label: 'File',
    submenu: [
      { label: 'New Workspace…', accelerator: 'CmdOrCtrl+N', click: () => actions.send('new-workspace') },
      { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: () => actions.send('open-workspace') },
      sep,
      opts.isMac ? { role: 'close' } : { role: 'quit', label: 'Quit', accelerator: 'Ctrl+Q' },
    ],
  };
  const view: MenuItem = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      ...(opts.isDev ? ([{ role: 'forceReload' }, { role: 'toggleDevTools' }] as MenuItem[]) : []),
      sep,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      sep,
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItem = {
    label: 'Help',
    submenu: [
      { label: 'Keyboard Shortcuts', accelerator: 'CmdOrCtrl+/', click: () => actions.send('show-shortcuts') },
      ...(opts.isMac ? [] : ([sep, { label: `About ${opts.appName}`, click: () => actions.showAbout() }] as MenuItem[])),
    ],
  };
  return [
    ...(opts.isMac ? ([{ label: opts.appName, role: 'appMenu', submenu: [{ role: 'about' }, sep, { role: 'quit' }] }] as MenuItem[]) : []),
    file,
    {
      label: 'Edit',
      role: 'editMenu',
      submenu: [{ role: 'undo' }, { role: 'redo' }, sep, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    view,
    ...(opts.isMac ? ([{ label: 'Window', role: 'windowMenu', submenu: [{ role: 'minimize' }, { role: 'close' }] }] as MenuItem[]) : []),
    help,
  ];
}
