import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

/**
 * The IPC side of the team connection (issue 14 §6): while signed in, contract calls go to the
 * server (except saving a file on this computer); the sender is checked first either way; the
 * connection's own channels check the sender and validate input before their handler runs.
 */
type Handler = (event: unknown, input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
const handlers = new Map<string, Handler>();
const windows = new Map<object, { id: number; isDestroyed: () => boolean; on: () => void }>();
vi.mock('electron', () => ({
  ipcMain: { handle: (channel: string, fn: Handler) => handlers.set(channel, fn) },
  BrowserWindow: { fromWebContents: (wc: object) => windows.get(wc) ?? null },
}));

const { registerConnectionIpc, registerIpc, trustWindow } = await import('../../../electron/main/ipc');
const { createServiceContext } = await import('../../../electron/services/context');

const contents = {};
const win = { id: 7, isDestroyed: () => false, on: () => undefined };
windows.set(contents, win);
trustWindow(win as never);
const fromApp = { sender: contents, senderFrame: { url: 'app://agent-readiness/index.html', parent: null } };
const foreign = { sender: contents, senderFrame: { url: 'https://evil.example/', parent: null } };

const dataDir = mkdtempSync(join(tmpdir(), 'ar-ipc-team-'));
const ctx = createServiceContext({ dataDir, mode: 'desktop' });
afterAll(() => {
  ctx.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const forwarded: [string, unknown][] = [];
const remote = {
  signedIn: false,
  call: (c: string, i: unknown) => (forwarded.push([c, i]), Promise.resolve({ ok: true as const, value: 'from server' })),
};
registerIpc(
  () => ctx,
  () => remote,
);
const opened: unknown[] = [];
const done = () => Promise.resolve([]);
registerConnectionIpc({
  'connection:status': done,
  'connection:open': (i) => (
    opened.push(i),
    Promise.resolve({ state: 'local', origin: null, email: null, account: null, oidc: null, remembered: false, notice: null })
  ),
  'connection:sign-in': done,
  'connection:sign-out': done,
  'connection:local-workspaces': done,
  'connection:move-to-server': done,
  'connection:download': done,
});

describe('IPC while connected to a team server', () => {
  it('forwards contract calls when signed in, keeps export:save local, and refuses foreign senders first', async () => {
    const list = handlers.get('workspace:list')!;
    expect(await list(fromApp, {})).toMatchObject({ ok: true, value: [] }); // local, not signed in
    remote.signedIn = true;
    expect(await list(fromApp, {})).toEqual({ ok: true, value: 'from server' });
    expect(await list(foreign, {})).toMatchObject({ ok: false, error: { code: 'REFUSED' } });
    await handlers.get('export:save')!(fromApp, { fileName: 'x.txt', contentBase64: '' });
    // export:save ran here (the save dialog is this computer's), not on the server.
    expect(forwarded.map(([c]) => c)).toEqual(['workspace:list']);
    remote.signedIn = false;
  });

  it('connection channels: sender checked, input validated, response checked', async () => {
    const open = handlers.get('connection:open')!;
    expect(await open(foreign, { url: 'https://a.example' })).toMatchObject({ ok: false, error: { code: 'REFUSED' } });
    expect(await open(fromApp, { url: 42 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await open(fromApp, { url: '' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(opened).toEqual([]);
    expect(await open(fromApp, { url: ' https://a.example ' })).toMatchObject({ ok: true, value: { state: 'local' } });
    expect(opened).toEqual([{ url: 'https://a.example' }]);
    // A handler answering outside its schema is an error, not a pass-through.
    expect(await handlers.get('connection:status')!(fromApp, {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
