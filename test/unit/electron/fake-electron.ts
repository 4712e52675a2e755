/**
 * A small stand-in for the `electron` module, enough to run electron/main under plain Node:
 * records what the main process asks Electron to do so tests can assert the wiring.
 */
type Listener = (...args: unknown[]) => unknown;

export class Emitter {
  listeners = new Map<string, Listener[]>();
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

export class FakeWebContents extends Emitter {
  windowOpenHandler: ((d: { url: string }) => unknown) | null = null;
  sent: unknown[][] = [];
  pdfOptions: unknown = null;
  printDelayMs = 0;
  async printToPDF(options: unknown): Promise<Buffer> {
    this.pdfOptions = options;
    if (this.printDelayMs) await new Promise((r) => setTimeout(r, this.printDelayMs));
    return Buffer.from('%PDF-1.7 fake');
  }
  setWindowOpenHandler(fn: (d: { url: string }) => unknown): void {
    this.windowOpenHandler = fn;
  }
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
}

export function createFakeElectron() {
  const state = {
    calls: [] as string[],
    lock: true,
    packaged: false,
    windows: [] as FakeBrowserWindow[],
    ipc: new Map<string, Listener>(),
    privileged: [] as unknown[],
    protocolHandlers: new Map<string, Listener>(),
    errorBoxes: [] as [string, string][],
    opened: [] as string[],
    menu: null as unknown,
    readyResolve: null as null | (() => void),
    beforeRequest: null as Listener | null,
    printDelayMs: 0,
    paths: new Map<string, string>([['appData', '/tmp/fake-appdata']]),
  };

  class FakeSession extends Emitter {
    requestHandler: Listener | null = null;
    checkHandler: Listener | null = null;
    protocol = { handle: (scheme: string, fn: Listener) => state.protocolHandlers.set(`session:${scheme}`, fn) };
    webRequest = { onBeforeRequest: (fn: Listener) => (state.beforeRequest = fn) };
    setPermissionRequestHandler(fn: Listener) {
      this.requestHandler = fn;
    }
    setPermissionCheckHandler(fn: Listener) {
      this.checkHandler = fn;
    }
  }
  const defaultSession = new FakeSession();

  const app = Object.assign(new Emitter(), {
    get isPackaged() {
      return state.packaged;
    },
    setName: (n: string) => state.calls.push(`setName:${n}`),
    getName: () => 'Agent Readiness',
    getVersion: () => '0.1.0',
    setPath: (k: string, v: string) => {
      state.calls.push(`setPath:${k}`);
      state.paths.set(k, v);
    },
    getPath: (k: string) => state.paths.get(k) ?? `/tmp/fake-${k}`,
    enableSandbox: () => state.calls.push('enableSandbox'),
    requestSingleInstanceLock: () => {
      state.calls.push('requestSingleInstanceLock');
      return state.lock;
    },
    quit: () => state.calls.push('quit'),
    whenReady: () => new Promise<void>((resolve) => (state.readyResolve = resolve)),
    setAboutPanelOptions: () => undefined,
  });

  let nextId = 1;
  class FakeBrowserWindow extends Emitter {
    id = nextId++;
    options: Record<string, unknown>;
    url = '';
    destroyed = false;
    focused = 0;
    webContents = new FakeWebContents();
    constructor(options: Record<string, unknown>) {
      super();
      this.webContents.printDelayMs = state.printDelayMs;
      this.options = options;
      state.windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    static getAllWindows = () => state.windows.filter((w) => !w.destroyed);
    static fromWebContents = (wc: unknown) => state.windows.find((w) => w.webContents === wc) ?? null;
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    isDestroyed = () => this.destroyed;
    destroy = () => {
      this.destroyed = true;
    };
    isMinimized = () => false;
    isVisible = () => true;
    isMaximized = () => false;
    restore = () => undefined;
    show = () => undefined;
    maximize = () => undefined;
    focus = () => {
      this.focused++;
    };
    getNormalBounds = () => ({ x: 1, y: 2, width: 1000, height: 700 });
  }

  const module = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: { handle: (ch: string, fn: Listener) => state.ipc.set(ch, fn) },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => state.privileged.push(...s),
      handle: (scheme: string, fn: Listener) => state.protocolHandlers.set(scheme, fn),
    },
    session: { defaultSession, fromPartition: () => new FakeSession() },
    shell: { openExternal: (u: string) => (state.opened.push(u), Promise.resolve()) },
    dialog: {
      showErrorBox: (t: string, m: string) => state.errorBoxes.push([t, m]),
      showMessageBox: () => Promise.resolve({ response: 0 }),
    },
    // No keychain here: the team session is then not kept on disk (team-connection/token-store.ts).
    safeStorage: { isEncryptionAvailable: () => false, encryptString: () => Buffer.alloc(0), decryptString: () => '' },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => (state.menu = m) },
    screen: {
      getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
      getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    },
  };
  return { module, state, defaultSession };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
