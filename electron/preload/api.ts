import { ChangeNotice } from '../../core/live/changes';
import { CONNECTION_EVENT, ConnectionStatus, LIVE_CHANGE_EVENT } from '../../core/team/connection';
import { isMenuCommand, type MenuCommand } from '../../core/workspace/menu';

/**
 * The preload's surface, built as pure functions so a unit test can check it without Electron.
 *
 * window.api:     one named function per contract channel, `(input) => Promise<Result>`. Nothing else:
 *                 no generic invoke/send, no ipcRenderer, no event objects.
 * window.desktop: `onMenuCommand(cb)` (native menu items such as File > New Workspace), `onChange(cb)`
 *                 (committed changes: this computer's, or the team server's while connected) and
 *                 `team` (the team server connection: one named function per operation, plus
 *                 `onStatus(cb)`). Callbacks receive validated payloads only, never the IPC event.
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
/** Subscribes to one main -> renderer event channel. */
export type SubscribeTo = (channel: string, listener: (payload: unknown) => void) => () => void;
type Unsubscribe = () => void;
export type TeamShell = Readonly<{
  status: () => Promise<unknown>;
  open: (url: string) => Promise<unknown>;
  signIn: (email: string, password: string) => Promise<unknown>;
  signOut: () => Promise<unknown>;
  localWorkspaces: () => Promise<unknown>;
  moveToServer: (workspaceId: string) => Promise<unknown>;
  download: (workspaceId: string) => Promise<unknown>;
  onStatus: (callback: (status: ConnectionStatus) => void) => Unsubscribe;
}>;
export type DesktopShell = Readonly<{
  onMenuCommand: (callback: (command: MenuCommand) => void) => Unsubscribe;
  onChange?: (callback: (notice: ChangeNotice | null) => void) => Unsubscribe;
  team?: TeamShell;
}>;

const needFunction = (name: string, f: unknown): void => {
  if (typeof f !== 'function') throw new TypeError(`${name} expects a function`);
};

export function buildDesktopShell(subscribe: Subscribe, more?: { invoke: Invoke; subscribeTo: SubscribeTo }): DesktopShell {
  const onMenuCommand = (callback: (command: MenuCommand) => void): Unsubscribe => {
    needFunction('onMenuCommand', callback);
    return subscribe((payload) => {
      if (isMenuCommand(payload)) callback(payload);
    });
  };
  if (!more) return Object.freeze({ onMenuCommand });
  const { invoke, subscribeTo } = more;
  const team: TeamShell = Object.freeze({
    status: () => invoke('connection:status', {}),
    open: (url: string) => invoke('connection:open', { url }),
    signIn: (email: string, password: string) => invoke('connection:sign-in', { email, password }),
    signOut: () => invoke('connection:sign-out', {}),
    localWorkspaces: () => invoke('connection:local-workspaces', {}),
    moveToServer: (workspaceId: string) => invoke('connection:move-to-server', { workspaceId }),
    download: (workspaceId: string) => invoke('connection:download', { workspaceId }),
    onStatus(callback: (status: ConnectionStatus) => void): Unsubscribe {
      needFunction('onStatus', callback);
      return subscribeTo(CONNECTION_EVENT, (payload) => {
        const s = ConnectionStatus.safeParse(payload);
        if (s.success) callback(s.data);
      });
    },
  });
  return Object.freeze({
    onMenuCommand,
    onChange(callback: (notice: ChangeNotice | null) => void): Unsubscribe {
      needFunction('onChange', callback);
      return subscribeTo(LIVE_CHANGE_EVENT, (payload) => {
        if (payload === null) return callback(null);
        const n = ChangeNotice.safeParse(payload);
        if (n.success) callback(n.data);
      });
    },
    team,
  });
}
