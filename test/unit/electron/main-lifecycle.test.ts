import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeElectron, type FakeElectron, type FakeWebContents } from './fake-electron';

/** main.ts end to end against a fake `electron` module: order of start-up, wiring of every guard. */
let fake: FakeElectron;

const { CHANNELS } = await import('../../../core/contract/index');
const { CONNECTION_CHANNEL_NAMES } = await import('../../../core/team/connection');
const { DATA_DIR_ENV } = await import('../../../electron/serve/data-dir');

let tmp: string;
const savedEnv = process.env[DATA_DIR_ENV];

async function startMain(opts: { lock?: boolean; dataDir?: string } = {}) {
  fake = createFakeElectron();
  fake.state.lock = opts.lock ?? true;
  process.env[DATA_DIR_ENV] = opts.dataDir ?? join(tmp, 'data');
  vi.resetModules();
  const mod = fake.module;
  vi.doMock('electron', () => mod);
  await import('../../../electron/main/main');
  if (fake.state.readyResolve) {
    fake.state.readyResolve();
    await new Promise((r) => setTimeout(r, 0));
  }
}

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ar-main-'));
});
afterEach(() => {
  fake.module.app.emit('will-quit');
  if (savedEnv === undefined) delete process.env[DATA_DIR_ENV];
  else process.env[DATA_DIR_ENV] = savedEnv;
  rmSync(tmp, { recursive: true, force: true });
});

const appEvent = () => ({
  sender: fake.state.windows[0]!.webContents,
  senderFrame: { url: 'app://agent-readiness/index.html', parent: null },
});

describe('main process lifecycle', () => {
  it('sets up sandbox, scheme and lock before ready, then guards, protocol, IPC, menu and one secure window', async () => {
    await startMain();
    const { state } = fake;
    expect(state.calls.slice(0, 4)).toEqual(['setName:Agent Readiness', 'setPath:userData', 'enableSandbox', 'requestSingleInstanceLock']);
    expect(state.privileged).toEqual([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(state.protocolHandlers.has('app')).toBe(true);
    expect([...state.ipc.keys()].sort()).toEqual([...CHANNELS, ...CONNECTION_CHANNEL_NAMES].sort());
    expect(state.menu).not.toBeNull();
    expect(state.windows).toHaveLength(1);
    const win = state.windows[0]!;
    expect(win.url).toBe('app://agent-readiness/index.html');
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: true,
    });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload\.cjs$/);
    expect(fake.defaultSession.requestHandler).not.toBeNull();
    expect(fake.defaultSession.checkHandler).not.toBeNull();
    expect(state.errorBoxes).toEqual([]);
  });

  it('IPC from the window reaches the services with the chosen data folder', async () => {
    const dataDir = join(tmp, 'chosen');
    await startMain({ dataDir });
    const r = (await fake.state.ipc.get('app:info')!(appEvent(), {})) as { ok: boolean; value: { dataDir: string; mode: string } };
    expect(r).toMatchObject({ ok: true, value: { dataDir, mode: 'desktop' } });
  });

  it('guards every webContents: navigation, redirects, webviews, window.open, openExternal', async () => {
    await startMain();
    const wc = fake.state.windows[0]!.webContents as FakeWebContents;
    const nav = (name: string, url: string) => {
      let prevented = false;
      wc.emit(name, { url, preventDefault: () => (prevented = true) });
      return prevented;
    };
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(nav(name, 'https://evil.example/'), name).toBe(true);
      expect(nav(name, 'file:///etc/passwd'), name).toBe(true);
      expect(nav(name, 'app://agent-readiness/index.html'), name).toBe(false);
    }
    let webviewPrevented = false;
    wc.emit('will-attach-webview', { preventDefault: () => (webviewPrevented = true) });
    expect(webviewPrevented).toBe(true);
    expect(wc.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: 'https://owasp.org/' })).toEqual({ action: 'deny' });
    nav('will-navigate', 'https://www.nist.gov/');
    expect(fake.state.opened).toEqual(['https://owasp.org/', 'https://www.nist.gov/']);
    let granted: boolean | null = null;
    fake.defaultSession.requestHandler!(wc, 'media', (g: boolean) => (granted = g), { requestingUrl: 'app://agent-readiness/' });
    expect(granted).toBe(false);
    expect(fake.defaultSession.checkHandler!(wc, 'notifications', 'app://agent-readiness')).toBe(false);
  });

  it('reports print through Electron (printToPdf), not Playwright', async () => {
    await startMain();
    // Through the handler table: the desktop context's pdf port is printToPdf.
    const call = async (channel: string, input: unknown) => {
      const r = (await fake.state.ipc.get(channel)!(appEvent(), input)) as { ok: boolean; value: Record<string, unknown> };
      expect(r.ok, channel).toBe(true);
      return r.value;
    };
    const ws = await call('workspace:create', { name: 'Print test' });
    const file = await call('report:export', { workspaceId: ws.id, format: 'pdf' });
    expect(Buffer.from(file.contentBase64 as string, 'base64').toString()).toContain('%PDF');
    const printWindow = fake.state.windows.at(-1)!;
    expect(printWindow.url).toMatch(/^app:\/\/print\//);
    expect(printWindow.destroyed).toBe(true);
  });

  it('a second instance focuses the first window', async () => {
    await startMain();
    fake.module.app.emit('second-instance', {}, ['app'], '/');
    expect(fake.state.windows[0]!.focused).toBe(1);
  });

  it('without the single-instance lock it quits and opens nothing', async () => {
    await startMain({ lock: false });
    expect(fake.state.calls).toContain('quit');
    expect(fake.state.windows).toHaveLength(0);
    expect(fake.state.ipc.size).toBe(0);
  });

  it('a data folder that cannot be opened: a dialog naming it, the window still opens, calls answer WORKSPACE_UNAVAILABLE, the path is untouched', async () => {
    const blocker = join(tmp, 'not-a-folder');
    writeFileSync(blocker, 'user file');
    await startMain({ dataDir: blocker });
    expect(fake.state.errorBoxes).toHaveLength(1);
    expect(fake.state.errorBoxes[0]![1]).toContain(blocker);
    expect(fake.state.windows).toHaveLength(1);
    const r = (await fake.state.ipc.get('workspace:list')!(appEvent(), {})) as { ok: boolean; error: { code: string } };
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('WORKSPACE_UNAVAILABLE');
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(blocker, 'utf8')).toBe('user file');
  });
});
