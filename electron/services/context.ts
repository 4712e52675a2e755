import { WorkspaceManager, type OpenWorkspace } from '../store/workspaces';
import { installBackups } from '../store/backup/auto';

export type AppMode = 'desktop' | 'browser' | 'cli';

/** What every handler may use. Built once per process by a door (IPC, HTTP bridge, CLI, tests). */
export type ServiceContext = {
  workspaces: WorkspaceManager;
  workspace: (id: string) => OpenWorkspace;
  now: () => Date;
  /** Monotonic milliseconds (never jumps with the wall clock): drill timing uses it. */
  monotonicMs: () => number;
  mode: AppMode;
  version: string;
  /** Stops background work (automatic backups) and closes every workspace. */
  close: () => void;
};

export type ContextOptions = {
  dataDir: string;
  mode: AppMode;
  now?: () => Date;
  monotonicMs?: () => number;
};

export const APP_VERSION = '0.1.0';

export function createServiceContext(opts: ContextOptions): ServiceContext {
  const workspaces = new WorkspaceManager(opts.dataDir);
  // Pre-migration and rotating backups of the workspaces this process has open (listing would open them all).
  const stopBackups = installBackups(workspaces, () => workspaces.openIds(), opts.now ? { now: opts.now } : {});
  return {
    workspaces,
    workspace: (id) => workspaces.get(id),
    now: opts.now ?? (() => new Date()),
    monotonicMs: opts.monotonicMs ?? (() => performance.now()),
    mode: opts.mode,
    version: APP_VERSION,
    close: () => {
      stopBackups();
      workspaces.closeAll();
    },
  };
}
