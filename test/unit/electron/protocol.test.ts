import { describe, it, expect, vi, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The protocol handler with Electron stubbed: protocol.handle captures the handler.
const captured: { handler?: (req: Request) => Promise<Response> | Response; privileged?: unknown } = {};
vi.mock('electron', () => ({
  protocol: {
    handle: (_scheme: string, fn: (req: Request) => Promise<Response>) => {
      captured.handler = fn;
    },
    registerSchemesAsPrivileged: (schemes: unknown) => {
      captured.privileged = schemes;
    },
  },
}));

const { handleAppProtocol, registerAppScheme } = await import('../../../electron/main/protocol');
const { APP_CSP } = await import('../../../electron/main/policy/csp');

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'ar-proto-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>ok</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'TOP SECRET');
  symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'));
  handleAppProtocol(root);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => captured.handler!(new Request(url, { method }));

describe('app:// protocol handler', () => {
  it('registers app:// as standard + secure, without bypassCSP or service workers', () => {
    registerAppScheme();
    const [entry] = captured.privileged as { scheme: string; privileges: Record<string, boolean> }[];
    expect(entry?.scheme).toBe('app');
    expect(entry?.privileges).toMatchObject({ standard: true, secure: true, bypassCSP: false, allowServiceWorkers: false });
  });

  it('serves index.html with the CSP header and nosniff', async () => {
    const res = await get('app://agent-readiness/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('<title>ok</title>');
    expect((await get('app://agent-readiness/assets/app.js')).headers.get('content-type')).toMatch(/javascript/);
  });

  it('refuses a symlink that leads out of the bundle, traversal, missing files and non-GET', async () => {
    for (const url of [
      'app://agent-readiness/assets/link.txt',
      'app://agent-readiness/..%2fsecret.txt',
      'app://agent-readiness/../secret.txt',
      'app://agent-readiness/nope.js',
      'app://evil/index.html',
    ]) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('TOP SECRET');
      expect(res.headers.get('content-security-policy')).toBe(APP_CSP);
    }
    expect((await get('app://agent-readiness/index.html', 'POST')).status).toBe(405);
  });
});
