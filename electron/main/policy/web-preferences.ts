/**
 * The webPreferences of every window that shows app content. One factory, so a unit test can
 * assert each security flag (Electron security checklist items 2-4, 6, 8-11).
 * Pure: returns a plain object that window.ts passes to `new BrowserWindow` (typed there).
 */
export type SecureWebPreferences = {
  preload?: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  webviewTag: false;
  navigateOnDragDrop: false;
  safeDialogs: true;
  spellcheck: boolean;
  devTools: boolean;
  javascript: boolean;
  enableBlinkFeatures?: never;
};

export type WebPreferencesOptions = {
  /** Absolute path of dist/electron/preload.cjs; omitted for the print window. */
  preload?: string;
  /** DevTools only in development builds. */
  devTools?: boolean;
  /** False for the hidden print window, which renders report HTML without running anything. */
  javascript?: boolean;
};

export function makeWebPreferences(opts: WebPreferencesOptions = {}): SecureWebPreferences {
  const prefs: SecureWebPreferences = {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: opts.devTools ?? false,
    javascript: opts.javascript ?? true,
  };
  if (opts.preload) prefs.preload = opts.preload;
  return Object.freeze(prefs) as SecureWebPreferences;
}
