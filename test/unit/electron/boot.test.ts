import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve, sep } from 'node:path';
import { CHANNELS } from '../../../core/contract/index';
import { CONNECTION_CHANNEL_NAMES } from '../../../core/team/connection';
import { APP_CSP } from '../../../electron/main/policy/csp';
import { createElectronStandIn, type ElectronStandIn } from './boot/electron-stand-in';
import { distDir, ensureBuilt, loadMainBundle, rendererDir, type LoadedBundle } from './boot/load-bundle';

/**
 * The desktop shell, booted without the Electron binary: the BUILT main process
 * (dist/electron/main.cjs) runs under plain Node with a stand-in `electron` module that records
 * what it is asked for. Everything decided here (web preferences, sender trust, asset paths, CSP,
 * handler table, data folder) is decided by the bundle. The real-binary smoke test is
 * test/e2e/electron-smoke.spec.ts (skipped where the binary is absent).
 */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/MediaBox[0 0 72 72]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const DATA_ENV = 'AGENT_READINESS_DATA';

let tmp: string;
let dataDir: string;
let savePath: string;
let electron: ElectronStandIn;
let bundle: LoadedBundle | undefined;
let logBeforeReady = 0;
const savedData = process.env[DATA_ENV];

type Result = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
type Frame = { url: string; parent: unknown };

/** Calls a registered IPC handler as Electron would for an invoke from `webContents` / `senderFrame`. */
async function invoke(channel: string, input: unknown, from?: { webContents: unknown; frame: Frame }): Promise<Result> {
  const handler = electron.ipcHandlers.get(channel);
  if (!handler) throw new Error(`no IPC handler for ${channel}`);
  const main = electron.windows[0]!;
  const sender = from ?? { webContents: main.webContents, frame: { url: 'app://agent-readiness/index.html', parent: null } };
  return (await handler({ sender: sender.webContents, senderFrame: sender.frame }, input)) as Result;
}
const value = <T>(r: Result): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

beforeAll(async () => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'ar-boot-'));
  dataDir = join(tmp, 'data');
  savePath = join(tmp, 'chosen by user', 'agents export.csv');
  mkdirSync(join(tmp, 'chosen by user'));
  process.env[DATA_ENV] = dataDir;
  electron = createElectronStandIn({
    pathsRoot: join(tmp, 'os'),
    pdf: PDF,
    saveDialogAnswer: { canceled: false, filePath: savePath },
    packaged: true,
  });
  bundle = loadMainBundle(electron);
  logBeforeReady = electron.log.length;
  electron.fireReady();
  await electron.firstWindow;
});

afterAll(() => {
  electron?.module.app.emit('will-quit');
  bundle?.unhook();
  if (savedData === undefined) delete process.env[DATA_ENV];
  else process.env[DATA_ENV] = savedData;
  rmSync(tmp, { recursive: true, force: true });
});

describe('the bundled main process, booted under Node', () => {
  it('before ready: sandbox for every renderer, the app:// scheme registered privileged, the single-instance lock taken', () => {
    const early = electron.log.slice(0, logBeforeReady).map((r) => r.what);
    expect(early).toEqual(
      expect.arrayContaining(['app.enableSandbox', 'protocol.registerSchemesAsPrivileged', 'app.requestSingleInstanceLock']),
    );
    const [schemes] = electron.calls('protocol.registerSchemesAsPrivileged')[0]!.args as [
      Array<{ scheme: string; privileges: Record<string, unknown> }>,
    ];
    expect(schemes).toHaveLength(1);
    expect(schemes[0]).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true } });
    expect(schemes[0]!.privileges.bypassCSP).not.toBe(true);
    expect(early).not.toContain('new BrowserWindow');
  });

  it('opens one window with the secure web preferences and a preload inside dist/, showing app://agent-readiness/', () => {
    expect(electron.windows).toHaveLength(1);
    const win = electron.windows[0]!;
    const prefs = win.options.webPreferences!;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, devTools: false });
    expect(prefs.webSecurity).not.toBe(false);
    for (const risky of [
      'nodeIntegrationInWorker',
      'nodeIntegrationInSubFrames',
      'allowRunningInsecureContent',
      'experimentalFeatures',
      'webviewTag',
    ])
      expect(prefs[risky], risky).not.toBe(true);
    const preload = resolve(String(prefs.preload));
    expect(preload.startsWith(distDir + sep), preload).toBe(true);
    expect(statSync(preload).isFile()).toBe(true);
    expect(win.loaded).toEqual(['app://agent-readiness/index.html']);
  });

  it('registers every contract channel and team connection channel with ipcMain exactly once, and nothing else', () => {
    const registered = electron.calls('ipcMain.handle').map((r) => r.args[0] as string);
    const counts = new Map<string, number>();
    for (const c of registered) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect([...counts.keys()].sort()).toEqual([...CHANNELS, ...CONNECTION_CHANNEL_NAMES].sort());
    expect(electron.calls('ipcMain.on')).toEqual([]);
  });

  it('installs the menu, locks the default session, and listens for the lifecycle events', () => {
    expect(electron.calls('Menu.setApplicationMenu')).toHaveLength(1);
    type Item = { label?: string; role?: string; click?: () => void; submenu?: Item[] };
    const flat = (items: Item[]): Item[] => items.flatMap((i) => [i, ...flat(i.submenu ?? [])]);
    const items = flat(electron.calls('Menu.buildFromTemplate')[0]!.args[0] as Item[]);
    expect(items.filter((i) => i.role === 'toggleDevTools' || i.role === 'forceReload')).toEqual([]);
    items.find((i) => i.label?.startsWith('New Workspace'))!.click!();
    expect(electron.windows[0]!.webContents.sent).toEqual([['shell:menu-command', 'new-workspace']]);
    const events = electron.calls('app.on').map((r) => r.args[0]);
    expect(events).toEqual(
      expect.arrayContaining(['second-instance', 'window-all-closed', 'will-quit', 'activate', 'web-contents-created']),
    );
    let granted: boolean | null = null;
    electron.defaultSession.permissionRequestHandler!(null, 'media', (g: boolean) => (granted = g), {
      requestingUrl: 'app://agent-readiness/',
    });
    expect(granted).toBe(false);
    expect(electron.defaultSession.permissionCheckHandler!(null, 'geolocation', 'app://agent-readiness')).toBe(false);
  });

  it('a call from the app window reaches the handler table on the chosen data folder', async () => {
    const info = value<{ dataDir: string; mode: string }>(await invoke('app:info', {}));
    expect(info).toMatchObject({ dataDir, mode: 'desktop' });
    const created = value<{ id: string; name: string }>(await invoke('workspace:create', { name: 'Boot check', example: true }));
    const list = value<Array<{ id: string; name: string }>>(await invoke('workspace:list', {}));
    expect(list.map((w) => [w.id, w.name])).toEqual([[created.id, 'Boot check']]);
    expect(readdirSync(dataDir).length).toBeGreaterThan(0);
    const bad = await invoke('workspace:create', { name: '' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('refuses calls from a foreign origin, an iframe, or a window that is not the app window, and changes nothing', async () => {
    const main = electron.windows[0]!;
    const before = value<unknown[]>(await invoke('workspace:list', {})).length;
    const foreign = [
      { webContents: main.webContents, frame: { url: 'https://evil.example/', parent: null } },
      { webContents: main.webContents, frame: { url: 'app://agent-readiness.evil/index.html', parent: null } },
      { webContents: main.webContents, frame: { url: 'app://agent-readiness/index.html', parent: { url: 'app://agent-readiness/' } } },
      { webContents: { stranger: true }, frame: { url: 'app://agent-readiness/index.html', parent: null } },
    ];
    for (const from of foreign) {
      const r = await invoke('workspace:create', { name: 'Injected' }, from);
      expect(r, JSON.stringify(from.frame)).toMatchObject({ ok: false, error: { code: 'REFUSED' } });
    }
    expect(value<unknown[]>(await invoke('workspace:list', {}))).toHaveLength(before);
  });

  it('the report PDF channel prints through webContents.printToPDF in a hidden, script-less window', async () => {
    const [ws] = value<Array<{ id: string }>>(await invoke('workspace:list', {}));
    const out = value<{ fileName: string; mime: string; contentBase64: string }>(
      await invoke('report:export', { workspaceId: ws!.id, format: 'pdf' }),
    );
    expect(out.mime).toBe('application/pdf');
    expect(out.fileName).toMatch(/\.pdf$/);
    expect(Buffer.from(out.contentBase64, 'base64').equals(PDF)).toBe(true);
    expect(electron.calls('webContents.printToPDF')).toHaveLength(1);
    const printer = electron.windows.find((w) => w.webContents.printed.length > 0)!;
    expect(printer).not.toBe(electron.windows[0]);
    expect(printer.options.webPreferences).toMatchObject({ javascript: false, contextIsolation: true, sandbox: true });
    expect(printer.options.webPreferences!.preload).toBeUndefined();
    expect(printer.destroyed).toBe(true);
  });

  it('an export is saved where the save dialog says, through dialog.showSaveDialog', async () => {
    const [ws] = value<Array<{ id: string }>>(await invoke('workspace:list', {}));
    const file = value<{ fileName: string; contentBase64: string }>(
      await invoke('export:data', { workspaceId: ws!.id, dataset: 'agents', format: 'csv' }),
    );
    const saved = value<{ saved: boolean; path: string }>(await invoke('export:save', file));
    const dialogs = electron.calls('dialog.showSaveDialog');
    expect(dialogs).toHaveLength(1);
    const options = dialogs[0]!.args.at(-1) as { defaultPath: string };
    expect(basename(options.defaultPath)).toBe(file.fileName);
    expect(saved).toEqual({ saved: true, path: savePath });
    expect(readFileSync(savePath).equals(Buffer.from(file.contentBase64, 'base64'))).toBe(true);
  });

  it('a second instance brings the window back: restored, shown and focused', () => {
    const win = electron.windows[0]!;
    win.minimized = true;
    win.visible = false;
    const from = electron.log.length;
    electron.module.app.emit('second-instance', {}, ['agent-readiness'], '/');
    const after = electron.log
      .slice(from)
      .filter((r) => r.args[0] === win.id)
      .map((r) => r.what);
    expect(after).toEqual(['window.restore', 'window.show', 'window.focus']);
  });
});

describe('the app:// handler of the bundle', () => {
  type Served = { status: number; headers: Headers; body: Buffer };
  const get = async (url: string, raw = false): Promise<Served> => {
    const handler = electron.protocolHandlers.get('app');
    if (!handler) throw new Error('protocol.handle("app") was not called');
    // raw: the URL exactly as written (not normalised by the Request constructor), as a hostile caller might pass it.
    const request = raw ? { url, method: 'GET' } : new Request(url);
    const res = (await handler(request)) as Response;
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  };

  it('serves index.html at the root and every file of the built renderer, each with the CSP header', async () => {
    const files = readdirSync(rendererDir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => relative(rendererDir, join(d.parentPath, d.name)));
    expect(files).toContain('index.html');
    expect(files.length).toBeGreaterThan(5);
    const root = await get('app://agent-readiness/');
    expect(root.status).toBe(200);
    expect(root.body.equals(readFileSync(join(rendererDir, 'index.html')))).toBe(true);
    for (const rel of files) {
      const url = `app://agent-readiness/${rel.split(sep).map(encodeURIComponent).join('/')}`;
      const res = await get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-security-policy'), url).toBe(APP_CSP);
      expect(res.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(res.body.equals(readFileSync(join(rendererDir, rel))), url).toBe(true);
    }
    console.log(`G-boot-protocol: served ${files.length} renderer files with the CSP header`);
  });

  it('refuses traversal, other hosts, encoded dots and slashes, and backslashes', async () => {
    const secret = readFileSync(join(distDir, '..', 'package.json'));
    const attempts: Array<[string, boolean]> = [
      ['app://app/../../package.json', false],
      ['app://app/../../package.json', true],
      ['app://agent-readiness/../../package.json', true],
      ['app://agent-readiness/%2e%2e/%2e%2e/package.json', true],
      ['app://agent-readiness/%2E%2E/%2E%2E/package.json', true],
      ['app://agent-readiness/assets/..%2f..%2f..%2fpackage.json', false],
      ['app://agent-readiness/..\\..\\package.json', true],
      ['app://agent-readiness/assets\\..\\..\\..\\package.json', true],
      ['app://agent-readiness/%5c..%5c..%5cpackage.json', true],
      ['app://evil/index.html', false],
    ];
    for (const [url, raw] of attempts) {
      const res = await get(url, raw);
      expect(res.status, url).toBe(404);
      expect(res.body.includes(secret), url).toBe(false);
      expect(res.headers.get('content-security-policy'), url).toBe(APP_CSP);
    }
  });
});
