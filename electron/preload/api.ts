import { isMenuCommand, type MenuCommand } from '../../core/workspace/menu';

/**
 * The preload's surface, built as pure functions so a unit test can check it without Electron.
 *
 * window.api:     one named function per contract channel, `(input) => Promise<Result>`. Nothing else:
 *                 no generic invoke/send, no ipcRenderer, no event objects.
 * window.desktop: `onMenuCommand(cb)`, the one main -> renderer notification (native menu items
 *                 such as File > New Workspace). The callback receives the command string only.
 */
export type Invoke = (channel: string, input: unknown) => Promise<unknown>;
export type ChannelFn = (input?: unknown) => Promise<unknown>;

export function buildApi(channels: readonly string[], invoke: Invoke): Readonly<Record<string, ChannelFn>> {
  const api: Record<string, ChannelFn> = {};
  for (const channel of channels) {
    // Only the first argument crosses; the channel is fixed per function.
    api[channel] = (input?: unknown) => invoke(channel, input === undefined ? {} : input);
  }
  return Object.freeze(api);
}

export type Subscribe = (listener: (payload: unknown) => void) => () => void;
export type DesktopShell = Readonly<{ onMenuCommand: (callback: (command: MenuCommand) => void) => () => void }>;

export function buildDesktopShell(subscribe: Subscribe): DesktopShell {
  return Object.freeze({
    onMenuCommand(callback: (command: MenuCommand) => void): () => void {
      if (typeof callback !== 'function') throw new TypeError('onMenuCommand expects a function');
      return subscribe((payload) => {
        if (isMenuCommand(payload)) callback(payload);
      });
    },
  });
}
