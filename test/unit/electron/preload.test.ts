import { describe, it, expect, vi } from 'vitest';
import { buildApi, buildDesktopShell } from '../../../electron/preload/api';

/** Checklist item 20 / R33: the preload exposes named functions only, built from the contract. */
const exposed = new Map<string, unknown>();
const invoke = vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } }));
const listeners = new Map<string, (event: unknown, payload: unknown) => void>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: {
    invoke: (channel: string, input: unknown) => invoke(channel, input),
    on: (channel: string, fn: (event: unknown, payload: unknown) => void) => listeners.set(channel, fn),
    removeListener: (channel: string) => listeners.delete(channel),
  },
}));

await import('../../../electron/preload/preload');
const { CHANNELS } = await import('../../../core/contract/index');
const { MENU_EVENT_CHANNEL } = await import('../../../electron/main/policy/menu-template');

describe('preload surface', () => {
  it('exposes exactly window.api (one function per channel) and window.desktop.onMenuCommand', () => {
    expect([...exposed.keys()].sort()).toEqual(['api', 'desktop']);
    const api = exposed.get('api') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...CHANNELS].sort());
    for (const v of Object.values(api)) expect(typeof v).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
    const desktop = exposed.get('desktop') as Record<string, unknown>;
    expect(Object.keys(desktop)).toEqual(['onMenuCommand', 'onChange', 'team']);
    const team = desktop.team as Record<string, unknown>;
    expect(Object.keys(team).sort()).toEqual([
      'download',
      'localWorkspaces',
      'moveToServer',
      'onStatus',
      'open',
      'signIn',
      'signOut',
      'status',
    ]);
    expect(Object.isFrozen(team)).toBe(true);
    for (const key of ['invoke', 'send', 'on', 'ipcRenderer', 'require', 'process']) {
      expect(key in api).toBe(false);
      expect(key in desktop).toBe(false);
    }
    console.log(`R33 preload-surface: PASS exposed keys == allowlist (api=${Object.keys(api).length} channels, desktop=3)`);
  });

  it('each function invokes its own channel with only the input', async () => {
    const api = exposed.get('api') as Record<string, (input?: unknown) => Promise<unknown>>;
    await api['workspace:list']!({ a: 1 });
    expect(invoke).toHaveBeenLastCalledWith('workspace:list', { a: 1 });
    await api['workspace:list']!();
    expect(invoke).toHaveBeenLastCalledWith('workspace:list', {});
  });

  it('menu commands reach the callback without the IPC event, and unknown payloads are dropped', () => {
    const desktop = exposed.get('desktop') as { onMenuCommand: (cb: (...args: unknown[]) => void) => () => void };
    const got: unknown[][] = [];
    const off = desktop.onMenuCommand((...args) => got.push(args));
    const fire = listeners.get(MENU_EVENT_CHANNEL)!;
    fire({ sender: 'ipcRenderer-event', senderFrame: {} }, 'new-workspace');
    fire({}, 'rm -rf /');
    fire({}, { command: 'new-workspace' });
    expect(got).toEqual([['new-workspace']]);
    off();
    expect(listeners.has(MENU_EVENT_CHANNEL)).toBe(false);
  });

  it('buildApi and buildDesktopShell are pure', () => {
    const calls: unknown[] = [];
    const api = buildApi(['a:b'], async (c, i) => calls.push([c, i]));
    void api['a:b']!('x');
    expect(calls).toEqual([['a:b', 'x']]);
    expect(() => buildDesktopShell(() => () => undefined).onMenuCommand('nope' as never)).toThrow(TypeError);
  });
});
