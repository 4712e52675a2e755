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
  installBackups(workspaces, () => workspaces.list().filter((w) => w.status === 'ok').map((w) => w.id), opts.now ? { now: opts.now } : {}); // issue 5: pre-migration + rotating backups
  return {
    workspaces,
    workspace: (id) => workspaces.get(id),
    now: opts.now ?? (() => new Date()),
    monotonicMs: opts.monotonicMs ?? (() => performance.now()),
    mode: opts.mode,
    version: APP_VERSION,
  };
}
