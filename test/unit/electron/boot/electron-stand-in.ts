/**
 * A stand-in for the `electron` module, for booting the bundled main process (dist/electron/main.cjs)
 * under plain Node. It RECORDS what the main process asks for and returns plain values the test
 * chose (paths, a PDF buffer, a save-dialog answer). It decides nothing the real module would
 * decide: every policy under test (web preferences, sender checks, asset paths, CSP, permissions)
 * is the app's own code running inside the bundle.
 */
type Listener = (...args: unknown[]) => unknown;

/** Minimal EventEmitter: remembers listeners and lets the test fire events. */
export class Events {
  readonly listeners = new Map<string, Listener[]>();
  on(name: string, fn: Listener): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
    return this;
  }
  once(name: string, fn: Listener): this {
    return this.on(name, fn);
  }
  emit(name: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(name) ?? []).map((fn) => fn(...args));
  }
}

export type Recorded = { what: string; args: unknown[] };

export type StandInChoices = {
  /** Folder returned by app.getPath for appData, documents, ... (the test's temp folder). */
  pathsRoot: string;
  /** What webContents.printToPDF resolves with. */
  pdf: Buffer;
  /** What dialog.showSaveDialog resolves with. */
  saveDialogAnswer: { canceled: boolean; filePath?: string };
  /** app.isPackaged: true boots the configuration users get (no DevTools, no dev menu items). */
  packaged: boolean;
};

export function createElectronStandIn(choices: StandInChoices) {
  const log: Recorded[] = [];
  const record = (what: string, ...args: unknown[]) => log.push({ what, args });
  let fireReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (fireReady = resolve));
  let windowOpened: (w: StandInWindow) => void = () => undefined;
  const firstWindow = new Promise<StandInWindow>((resolve) => (windowOpened = resolve));

  class StandInSession extends Events {
    permissionRequestHandler: Listener | null = null;
    permissionCheckHandler: Listener | null = null;
    readonly protocolHandlers = new Map<string, Listener>();
    readonly protocol = {
      handle: (scheme: string, fn: Listener) => (record('session.protocol.handle', scheme), this.protocolHandlers.set(scheme, fn)),
    };
    readonly webRequest = { onBeforeRequest: (fn: Listener) => record('session.webRequest.onBeforeRequest', fn) };
    constructor(readonly partition: string) {
      super();
    }
    setPermissionRequestHandler(fn: Listener) {
      record('session.setPermissionRequestHandler', this.partition);
      this.permissionRequestHandler = fn;
    }
    setPermissionCheckHandler(fn: Listener) {
      record('session.setPermissionCheckHandler', this.partition);
      this.permissionCheckHandler = fn;
    }
  }
  const defaultSession = new StandInSession('default');
  const partitions = new Map<string, StandInSession>();

  class StandInWebContents extends Events {
    readonly sent: unknown[][] = [];
    readonly printed: unknown[] = [];
    setWindowOpenHandler(fn: Listener) {
      record('webContents.setWindowOpenHandler', fn);
    }
    send(...args: unknown[]) {
      this.sent.push(args);
    }
    printToPDF(options: unknown): Promise<Buffer> {
      record('webContents.printToPDF', options);
      this.printed.push(options);
      return Promise.resolve(choices.pdf);
    }
  }

  const app = Object.assign(new Events(), {
    isPackaged: choices.packaged,
    setName: (name: string) => record('app.setName', name),
    getName: () => 'Agent Readiness',
    getVersion: () => '0.0.0-stand-in',
    setPath: (key: string, value: string) => record('app.setPath', key, value),
    getPath: (key: string) => `${choices.pathsRoot}/${key}`,
    enableSandbox: () => record('app.enableSandbox'),
    requestSingleInstanceLock: () => (record('app.requestSingleInstanceLock'), true),
    quit: () => record('app.quit'),
    whenReady: () => (record('app.whenReady'), ready),
    setAboutPanelOptions: (o: unknown) => record('app.setAboutPanelOptions', o),
  });
  app.on = function (this: typeof app, name: string, fn: Listener) {
    record('app.on', name);
    return Events.prototype.on.call(this, name, fn) as typeof app;
  };

  let nextId = 1;
  const windows: StandInWindow[] = [];
  class StandInWindow extends Events {
    readonly id = nextId++;
    readonly webContents = new StandInWebContents();
    readonly loaded: string[] = [];
    destroyed = false;
    /** Window state the test sets (for second-instance): the app decides what to do with it. */
    minimized = false;
    visible = true;
    constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
      super();
      record('new BrowserWindow', options);
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
      windowOpened(this);
    }
    static getAllWindows = () => windows.filter((w) => !w.destroyed);
    static fromWebContents = (wc: unknown) => windows.find((w) => w.webContents === wc) ?? null;
    loadURL(url: string) {
      record('window.loadURL', url);
      this.loaded.push(url);
      return Promise.resolve();
    }
    isDestroyed = () => this.destroyed;
    destroy = () => {
      record('window.destroy', this.id);
      this.destroyed = true;
    };
    isMinimized = () => this.minimized;
    isVisible = () => this.visible;
    isMaximized = () => false;
    restore = () => record('window.restore', this.id);
    show = () => record('window.show', this.id);
    focus = () => record('window.focus', this.id);
    maximize = () => record('window.maximize', this.id);
    getNormalBounds = () => ({ x: 0, y: 0, width: 1280, height: 800 });
  }

  const ipcHandlers = new Map<string, Listener>();
  const protocolHandlers = new Map<string, Listener>();
  const module = {
    app,
    BrowserWindow: StandInWindow,
    ipcMain: {
      handle: (channel: string, fn: Listener) => (record('ipcMain.handle', channel), ipcHandlers.set(channel, fn)),
      on: (channel: string) => record('ipcMain.on', channel),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => record('protocol.registerSchemesAsPrivileged', schemes),
      handle: (scheme: string, fn: Listener) => (record('protocol.handle', scheme), protocolHandlers.set(scheme, fn)),
    },
    session: {
      defaultSession,
      fromPartition: (partition: string) => {
        record('session.fromPartition', partition);
        const s = partitions.get(partition) ?? new StandInSession(partition);
        partitions.set(partition, s);
        return s;
      },
    },
    shell: { openExternal: (url: string) => (record('shell.openExternal', url), Promise.resolve()) },
    safeStorage: {
      isEncryptionAvailable: () => (record('safeStorage.isEncryptionAvailable'), false),
      encryptString: () => Buffer.alloc(0),
      decryptString: () => '',
    },
    dialog: {
      showErrorBox: (title: string, message: string) => record('dialog.showErrorBox', title, message),
      showMessageBox: (...args: unknown[]) => (record('dialog.showMessageBox', ...args), Promise.resolve({ response: 0 })),
      showSaveDialog: (...args: unknown[]) => (record('dialog.showSaveDialog', ...args), Promise.resolve(choices.saveDialogAnswer)),
    },
    Menu: {
      buildFromTemplate: (template: unknown) => (record('Menu.buildFromTemplate', template), template),
      setApplicationMenu: (menu: unknown) => record('Menu.setApplicationMenu', menu),
    },
    screen: {
      getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
      getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    },
  };

  return {
    module,
    log,
    calls: (what: string) => log.filter((r) => r.what === what),
    windows,
    firstWindow,
    ipcHandlers,
    protocolHandlers,
    defaultSession,
    partitions,
    /** Resolves app.whenReady() and emits `ready`, as Electron does once. */
    fireReady: () => {
      record('(ready fired)');
      fireReady();
      app.emit('ready');
    },
  };
}

export type ElectronStandIn = ReturnType<typeof createElectronStandIn>;
