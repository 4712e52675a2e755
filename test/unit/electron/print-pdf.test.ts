import { describe, it, expect, vi, beforeEach } from 'vitest';
import { createFakeElectron, type FakeElectron } from './fake-electron';

/** printToPdf wiring against a fake electron: JS off, private session, strict CSP, window always destroyed. */
let fake: FakeElectron;

async function load() {
  fake = createFakeElectron();
  vi.resetModules();
  const mod = fake.module;
  vi.doMock('electron', () => mod);
  return import('../../../electron/main/print-pdf');
}

beforeEach(() => vi.resetModules());

describe('printToPdf', () => {
  it('renders in a hidden, script-less window on a private session and destroys it', async () => {
    const { printToPdf } = await load();
    const html = '<!doctype html><h1>Report</h1><script>alert(1)</script>';
    const pdf = await printToPdf(html, { pageSize: 'Letter' });
    expect(pdf.toString()).toContain('%PDF');
    const [win] = fake.state.windows;
    expect(win).toBeDefined();
    expect(win!.options.show).toBe(false);
    expect(win!.options.webPreferences).toMatchObject({ javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect((win!.options.webPreferences as Record<string, unknown>).preload).toBeUndefined();
    expect((win!.options.webPreferences as Record<string, unknown>).session).toBeDefined();
    expect(win!.url).toMatch(/^app:\/\/print\/[0-9a-f-]{36}\.html$/);
    expect(win!.webContents.pdfOptions).toMatchObject({ pageSize: 'Letter', printBackground: true });
    expect(win!.destroyed).toBe(true);
  });

  it('the private session serves only the pending job, with a no-script CSP, and cancels every other request', async () => {
    const { printToPdf } = await load();
    const { PRINT_CSP } = await import('../../../electron/main/policy/csp');
    fake.state.printDelayMs = 20;
    const pending = printToPdf('<p>hello</p>');
    await new Promise((r) => setTimeout(r, 5));
    const handler = fake.state.protocolHandlers.get('session:app')!;
    const url = fake.state.windows[0]!.url;
    const ok = (await handler(new Request(url))) as Response;
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(PRINT_CSP);
    expect(await ok.text()).toBe('<p>hello</p>');
    for (const other of [
      'app://print/00000000-0000-4000-8000-000000000000.html',
      'app://agent-readiness/index.html',
      url.replace('print', 'evil'),
    ]) {
      expect(((await handler(new Request(other))) as Response).status, other).toBe(404);
    }
    const decide = (u: string) => {
      let cancel: boolean | undefined;
      fake.state.beforeRequest!({ url: u }, (r: { cancel: boolean }) => (cancel = r.cancel));
      return cancel;
    };
    expect(decide(url)).toBe(false);
    expect(decide('https://tracker.example/pixel.png')).toBe(true);
    expect(decide('file:///etc/passwd')).toBe(true);
    await pending;
    // After the job, its HTML is no longer served.
    expect(((await handler(new Request(url))) as Response).status).toBe(404);
  });

  it('times out, and still destroys the window', async () => {
    const { printToPdf } = await load();
    fake.state.printDelayMs = 200;
    await expect(printToPdf('<p>slow</p>', { timeoutMs: 20 })).rejects.toThrow(/timed out/);
    expect(fake.state.windows[0]!.destroyed).toBe(true);
  });
});
