import { app, BrowserWindow, dialog, safeStorage } from 'electron';
import { join } from 'node:path';
import { createServiceContext, type ServiceContext } from '../services/context';
import { installGlobalGuards } from './guards';
import { registerConnectionIpc, registerIpc, trustWindow } from './ipc';
import { installMenu } from './menu';
import { printToPdf } from './print-pdf';
import { resolveDesktopDataDir } from './policy/data-dir';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { createDesktopTeam } from './team-connection/desktop-team';
import { createMainWindow, focusWindow } from './window';

/**
 * Electron main process: lifecycle only. Policies live in ./policy (pure, unit-tested); wiring in
 * the sibling files. Bundled by electron/build.mjs to dist/electron/main.cjs, next to preload.cjs,
 * with the renderer build in dist/renderer.
 */
const APP_NAME = 'Agent Readiness';

// Same user-data folder in development and when packaged, and the one browser mode defaults to.
app.setName(APP_NAME);
app.setPath('userData', join(app.getPath('appData'), APP_NAME));
app.enableSandbox();
registerAppScheme(); // must happen before "ready"

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the data folder: it gets focused (second-instance below), we leave.
  app.quit();
} else {
  start();
}

function start(): void {
  const isDev = !app.isPackaged;
  const userData = app.getPath('userData');
  const dataDir = resolveDesktopDataDir(process.argv, process.env, userData, process.cwd());
  let mainWindow: BrowserWindow | null = null;

  // The service context is created lazily and retried on each call until it opens, so a data folder
  // that cannot be opened is reported (dialog + WORKSPACE_UNAVAILABLE on every call) and never "fixed".
  // Its ports: reports print with Electron's own Chromium (hidden window, JS off) instead of
  // Playwright, and exports are saved through a native save dialog (downloads are blocked in the window).
  let ctx: ServiceContext | null = null;
  const saveDialog = async (defaultName: string): Promise<string | null> => {
    const opts = { defaultPath: join(app.getPath('documents'), defaultName) };
    const r = mainWindow ? await dialog.showSaveDialog(mainWindow, opts) : await dialog.showSaveDialog(opts);
    return r.canceled || !r.filePath ? null : r.filePath;
  };
  const getContext = (): ServiceContext =>
    (ctx ??= createServiceContext({
      dataDir,
      mode: 'desktop',
      pdf: (html) => printToPdf(html),
      saveDialog,
      liveFireDist: join(__dirname, '..'), // dist/electron/main.cjs: the live-fire children are in dist/live-fire/
    }));
  // Team server (issue 14 §6): this process holds the session (token sealed with safeStorage in
  // userData) and forwards the window's calls while signed in; the window keeps app:// and its CSP.
  const team = createDesktopTeam({
    userData,
    encryptor: safeStorage,
    getContext,
    send: (channel, payload) => {
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(channel, payload);
    },
  });
  registerIpc(getContext, () => team.connection);
  registerConnectionIpc(team.handlers);

  app.on('second-instance', () => focusWindow(mainWindow));

  const openWindow = () => {
    const win = createMainWindow({ preloadPath: join(__dirname, 'preload.cjs'), userData, isDev });
    trustWindow(win);
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    mainWindow = win;
  };

  void app.whenReady().then(() => {
    installGlobalGuards();
    handleAppProtocol(join(__dirname, '..', 'renderer'));
    try {
      getContext();
      team.relayLocalChanges();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      dialog.showErrorBox(
        'Agent Readiness cannot open its data folder',
        `The data folder could not be opened:\n${dataDir}\n\n${message}\n\nNothing in it was changed or deleted. ` +
          'Check that the folder exists and is writable, or start the app with --data <folder>.',
      );
    }
    installMenu(() => mainWindow, { isDev, dataDir });
    openWindow();
    // The kept session, if any (safeStorage works only after "ready"); the picker shows the result.
    void team.connection.resume();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
      else focusWindow(mainWindow);
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    team.connection.close();
    ctx?.close();
  });
}
