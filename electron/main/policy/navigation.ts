import { isAppUrl } from './app-origin';

/**
 * `will-navigate` / `will-redirect` / `will-frame-navigate` policy: the window may only ever
 * show the app's own pages. Everything else (remote sites, file:, data:, javascript:, devtools:,
 * look-alike app hosts) is denied. External links go through openExternal instead (see external.ts).
 */
export function isAllowedNavigation(url: unknown): boolean {
  return isAppUrl(url);
}

/** `setWindowOpenHandler`: the app never opens a second window of web content. */
export const windowOpenDecision = (): { action: 'deny' } => ({ action: 'deny' });

/** `will-attach-webview`: there are no <webview>s in this app, so every attach is prevented. */
export const allowWebviewAttach = (): boolean => false;
