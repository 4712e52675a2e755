import { describe, it, expect, vi, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** R33: every channel is registered once, in one place; foreign senders and invalid args are refused. */
type Handler = (event: unknown, input: unknown) => Promise<{ ok: boolean; error?: { code: string } }>;
const handlers = new Map<string, Handler>();
const windows = new Map<object, { id: number; isDestroyed: () => boolean; on: () => void }>();

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: Handler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, fn);
    },
  },
  BrowserWindow: { fromWebContents: (wc: object) => windows.get(wc) ?? null },
}));

const { registerIpc, trustWindow } = await import('../../../electron/main/ipc');
const { CHANNELS } = await import('../../../core/contract/index');
const { createServiceContext } = await import('../../../electron/services/context');

const appContents = {};
const otherContents = {};
const appWindow = { id: 1, isDestroyed: () => false, on: () => undefined };
const otherWindow = { id: 2, isDestroyed: () => false, on: () => undefined };
windows.set(appContents, appWindow);
windows.set(otherContents, otherWindow);

let dataDir: string;
let ctx: ReturnType<typeof createServiceContext>;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ar-ipc-'));
  ctx = createServiceContext({ dataDir, mode: 'desktop' });
  registerIpc(() => ctx);
  trustWindow(appWindow as never);
});
afterAll(() => {
  ctx.workspaces.closeAll();
  rmSync(dataDir, { recursive: true, force: true });
});

const event = (url: string | null, opts: { parent?: boolean; contents?: object } = {}) => ({
  sender: opts.contents ?? appContents,
  senderFrame: url === null ? null : { url, parent: opts.parent ? { url: 'app://agent-readiness/index.html' } : null },
});

const FOREIGN = [
  event(null),
  event('https://evil.example/'),
  event('app://agent-readiness.evil/index.html'),
  event('app://agent-readiness@evil/index.html'),
  event('file:///tmp/x.html'),
  event('devtools://devtools/bundled/inspector.html'),
  event('about:blank'),
  event('app://agent-readiness/index.html', { parent: true }),
  event('app://agent-readiness/index.html', { contents: otherContents }),
  event('app://agent-readiness/index.html', { contents: {} }),
];

describe('IPC registration', () => {
  it('R33: every contract channel wrapped; foreign senders and invalid args refused', async () => {
    expect([...handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    let foreignAccepted = 0;
    let invalidAccepted = 0;
    for (const channel of CHANNELS) {
      const handle = handlers.get(channel)!;
      for (const e of FOREIGN) {
        const r = await handle(e, {});
        if (r.ok || r.error?.code !== 'REFUSED') foreignAccepted++;
      }
      for (const bad of [42, 'text', [1, 2], true]) {
        const r = await handle(event('app://agent-readiness/index.html'), bad);
        if (r.ok) invalidAccepted++;
      }
    }
    const line = `R33 ipc: ${foreignAccepted + invalidAccepted === 0 ? 'PASS' : 'FAIL'} channels=${CHANNELS.length} wrapped=${handlers.size}; foreign-sender accepted=${foreignAccepted} / ${CHANNELS.length * FOREIGN.length}; invalid args accepted=${invalidAccepted} / ${CHANNELS.length * 4}`;
    console.log(line);
    expect(foreignAccepted).toBe(0);
    expect(invalidAccepted).toBe(0);
  });

  it('the app window reaches dispatch', async () => {
    const r = await handlers.get('workspace:list')!(event('app://agent-readiness/index.html'), {});
    expect(r).toEqual({ ok: true, value: [] });
  });

  it('a data folder that cannot be opened is reported as WORKSPACE_UNAVAILABLE', async () => {
    handlers.clear();
    registerIpc(() => {
      throw new Error('EACCES: permission denied');
    });
    const r = await handlers.get('workspace:list')!(event('app://agent-readiness/index.html'), {});
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('WORKSPACE_UNAVAILABLE');
  });
});
