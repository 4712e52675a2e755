import { app, shell, session, type Session, type WebContents } from 'electron';
import { isAllowedNavigation, windowOpenDecision, allowWebviewAttach } from './policy/navigation';
import { isSafeExternalUrl } from './policy/external';
import { permissionDecision } from './policy/permissions';

/**
 * Wires the pure policies into Electron. This is the only file that calls shell.openExternal.
 */
export function openExternalIfSafe(url: string): void {
  if (isSafeExternalUrl(url)) void shell.openExternal(url);
  else console.warn(`[security] refused to open external URL: ${url.slice(0, 200)}`);
}

/** Denies every permission request and check on a session. */
export function lockDownSession(ses: Session): void {
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => callback(permissionDecision(permission, details.requestingUrl)));
  ses.setPermissionCheckHandler((_wc, permission, origin) => permissionDecision(permission, origin));
  // The app downloads nothing from the web; exports are written by the main process.
  ses.on('will-download', (event) => event.preventDefault());
}

/** Navigation, new windows and webviews, for one webContents. */
export function guardWebContents(contents: WebContents): void {
  const onNavigate = (event: { url: string; preventDefault: () => void }) => {
    if (isAllowedNavigation(event.url)) return;
    event.preventDefault();
    // A link to an allow-listed page opens in the user's browser instead.
    if (isSafeExternalUrl(event.url)) openExternalIfSafe(event.url);
  };
  contents.on('will-navigate', (event) => onNavigate(event));
  contents.on('will-frame-navigate', (event) => onNavigate(event));
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    if (!allowWebviewAttach()) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) openExternalIfSafe(url);
    return windowOpenDecision();
  });
}

/** Applies the guards to every webContents the app ever creates, and locks the default session. */
export function installGlobalGuards(): void {
  lockDownSession(session.defaultSession);
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
}
