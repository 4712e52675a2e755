import { userInfo } from 'node:os';
import { WorkspaceManager, type OpenWorkspace } from '../store/workspaces';
import { installBackups } from '../store/backup/auto';
import { writeTransaction, type Actor, type WriteContext, type WriteTx } from '../store/mutate/index';
import { ChangeFeed } from './change-feed';
import { playwrightPdf, type PdfRenderer } from './report-pdf';
import type { SaveDialog } from './export-save';
import { APP_VERSION } from './version';
import { actorOfProfile, readProfile } from './profile';
import type { TeamSession } from './team/access';

export type AppMode = 'desktop' | 'browser' | 'cli';
export type { Actor, PdfRenderer, SaveDialog };
export { APP_VERSION };

/**
 * What every handler may use. Built by a door (IPC, HTTP bridge, CLI, tests); the ports (PDF
 * renderer, save dialog, clock, actor) are members, never module state, so two contexts in one
 * process (tests, a server with several data folders) cannot leak into each other.
 */
export type ServiceContext = {
  workspaces: WorkspaceManager;
  workspace: (id: string) => OpenWorkspace;
  now: () => Date;
  /** Monotonic milliseconds (never jumps with the wall clock): drill timing uses it. */
  monotonicMs: () => number;
  mode: AppMode;
  version: string;
  /** Who is acting: every change written through this context is attributed to them (issue 11). */
  actor: Actor;
  /** HTML -> PDF. Desktop: Electron's printToPDF; browser mode and the CLI: headless Chromium. */
  pdf: PdfRenderer;
  /** Desktop only: the native save dialog; null elsewhere (files are downloaded instead). */
  saveDialog: SaveDialog | null;
  /** The build folder holding `live-fire/rogue.mjs` and `console.mjs` (live-fire drills); null: not available here. */
  liveFireDist: string | null;
  /** Committed changes, for live updates of the other open clients (browser mode's event stream). */
  changes: ChangeFeed;
  /** Work to stop when the context closes (live-fire rogues): run first by `close`. */
  onClose: (fn: () => void) => void;
  /** Stops background work (automatic backups, live-fire rogues) and closes every workspace. */
  close: () => void;
  /** Team mode (issue 14): the signed-in account, checked by dispatch against core/team's table. Absent: desktop, loopback, CLI, unchanged. */
  team?: TeamSession;
};

export type ContextOptions = {
  dataDir: string;
  mode: AppMode;
  now?: () => Date;
  monotonicMs?: () => number;
  actor?: Actor;
  pdf?: PdfRenderer;
  saveDialog?: SaveDialog | null;
  /** false: do not create <dataDir>/workspaces (the CLI opening one file by path). */
  createDataFolder?: boolean;
  liveFireDist?: string | null;
  team?: TeamSession;
};

/** The actor when the door names none: $AGENT_READINESS_ACTOR, else the operating-system user. */
export function defaultActor(env: NodeJS.ProcessEnv = process.env): Actor {
  const named = env.AGENT_READINESS_ACTOR?.trim();
  if (named) return { name: named.slice(0, 200), source: 'env' };
  try {
    return { name: userInfo().username || 'unknown', source: 'os-user' };
  } catch {
    return { name: 'unknown', source: 'os-user' }; // no passwd entry (some containers)
  }
}

function profileActor(opts: ContextOptions): Actor | null {
  if (opts.mode === 'cli') return null;
  const p = readProfile(opts.dataDir);
  return p ? actorOfProfile(p) : null;
}

export function createServiceContext(opts: ContextOptions): ServiceContext {
  const workspaces = new WorkspaceManager(opts.dataDir, { createFolder: opts.createDataFolder !== false });
  // Pre-migration and rotating backups of the workspaces this process has open (listing would open them all).
  const stopBackups = installBackups(workspaces, () => workspaces.openIds(), opts.now ? { now: opts.now } : {});
  const closers: (() => void)[] = [];
  return {
    workspaces,
    workspace: (id) => workspaces.get(id),
    now: opts.now ?? (() => new Date()),
    monotonicMs: opts.monotonicMs ?? (() => performance.now()),
    mode: opts.mode,
    version: APP_VERSION,
    // Desktop and browser mode act as the saved profile once there is one; the CLI as its flag, env or OS user.
    actor: opts.actor ?? profileActor(opts) ?? defaultActor(),
    changes: new ChangeFeed(),
    pdf: opts.pdf ?? playwrightPdf,
    saveDialog: opts.saveDialog ?? null,
    liveFireDist: opts.liveFireDist ?? null,
    ...(opts.team ? { team: opts.team } : {}),
    onClose: (fn) => void closers.push(fn),
    close: () => {
      for (const fn of closers.splice(0)) fn();
      stopBackups();
      workspaces.closeAll();
    },
  };
}

/** The write context of one change made through this service context (see electron/store/mutate). */
export function writeContext(ctx: ServiceContext, workspaceId: string, channel: string): WriteContext {
  return { db: ctx.workspace(workspaceId).db, actor: ctx.actor, channel, now: ctx.now(), door: doorOf(ctx.mode) };
}

/** The door a context's changes come through, as the change history records it. */
export const doorOf = (mode: AppMode): 'ipc' | 'http' | 'cli' => (mode === 'desktop' ? 'ipc' : mode === 'browser' ? 'http' : 'cli');

/**
 * Runs one change to a workspace: `fn` calls the store's write functions with `tx.db`, all in one
 * IMMEDIATE transaction through electron/store/mutate, the hook point of the change history.
 * `fn` must be synchronous (a SQLite transaction cannot span an await).
 */
export function mutate<T>(ctx: ServiceContext, workspaceId: string, channel: string, fn: (tx: WriteTx) => T): T {
  const w = writeContext(ctx, workspaceId, channel);
  const result = writeTransaction(w, fn);
  // Committed (an outer transaction, if any, publishes once it commits): tell the other open clients.
  if (!w.db.inTransaction) ctx.changes.publish(workspaceId, channel, w.now);
  return result;
}
