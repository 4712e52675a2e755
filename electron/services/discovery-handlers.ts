import { promises as fsp } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { AppError } from '../../core/common/errors';
import {
  diffAgainstDeclared,
  HOME_LOCATIONS,
  isDiscoveryCandidate,
  type DiscoveryDiff,
  type Proposal,
  type Platform,
} from '../../core/discovery/index';
import type { discoveryChannels } from '../../core/discovery/contract';
import { getRun, listRuns } from '../store/discovery/runs';
import { listProvenance } from '../store/discovery/provenance';
import { mutate, type ServiceContext } from './context';
import { acceptItems } from './discovery-accept';
import { declaredOf, findingsOf, recordRun, summaryOf, viewOf, type ReadFile, type Run } from './discovery-run';
import { FileRefused, readBounded } from './files/bounded-read';
import { walkForDiscovery } from './files/walk';
import type { Handlers } from './handler-types';

type Skipped = { path: string; reason: string };

/** The standard config locations of this OS, joined to the user's home (and %APPDATA% on Windows). */
export function homePaths(platform: NodeJS.Platform = process.platform, home = homedir(), appData = process.env.APPDATA): string[] {
  const p: Platform = platform === 'darwin' || platform === 'win32' ? platform : 'linux';
  return HOME_LOCATIONS[p].map((l) => join(l.base === 'appdata' ? (appData ?? join(home, 'AppData', 'Roaming')) : home, ...l.path));
}

/**
 * Reads files and folders through the bounded reader (regular files only, bytes counted as they
 * arrive, real path reported). Every path not read is returned with why, so the CLI can print both.
 */
export async function readPaths(paths: string[], missingIsSkip: boolean): Promise<{ files: ReadFile[]; skipped: Skipped[] }> {
  const files: ReadFile[] = [];
  const skipped: Skipped[] = [];
  const readOne = async (path: string) => {
    try {
      const f = await readBounded(path);
      files.push({ ...f, fileName: path });
    } catch (err) {
      if (!(err instanceof FileRefused)) throw err;
      skipped.push({ path, reason: missingIsSkip && err.code === 'NOT_FOUND' ? 'not present' : err.message });
    }
  };
  for (const path of paths) {
    const st = await fsp.lstat(path).catch(() => null);
    if (st?.isDirectory()) {
      const walk = await walkForDiscovery(path, isDiscoveryCandidate);
      skipped.push(...walk.skipped);
      for (const f of walk.files) await readOne(f);
    } else await readOne(path);
  }
  return { files, skipped };
}

const runOf = (ctx: ServiceContext, workspaceId: string, runId: string | null): Run | null => {
  const db = ctx.workspace(workspaceId).db;
  if (runId === null) return listRuns<Proposal, DiscoveryDiff>(db, 1)[0] ?? null;
  const run = getRun<Proposal, DiscoveryDiff>(db, runId);
  if (!run) throw new AppError('NOT_FOUND', 'That discovery run does not exist in this workspace.');
  return run;
};

export const discoveryHandlers: Handlers<typeof discoveryChannels> = {
  'discovery:run': (ctx, { workspaceId, files, skipped }) => {
    // Content sent by the UI: no path on this machine, so the name stands for path and real path.
    const read: ReadFile[] = files.map((f) => {
      const bytes = Buffer.from(f.contentBase64, 'base64');
      return { fileName: f.fileName, path: f.fileName, realPath: basename(f.fileName), viaSymlink: false, bytes, format: f.format };
    });
    const run = mutate(ctx, workspaceId, 'discovery:run', (tx) => recordRun(tx, read, skipped));
    return viewOf(ctx.workspace(workspaceId).db, run, ctx.now());
  },
  'discovery:runPaths': async (ctx, { workspaceId, paths, home }) => {
    if (ctx.mode !== 'cli')
      throw new AppError('REFUSED', 'Reading paths on this machine is for the command line; in the app, choose or drop the files.');
    if (paths.length === 0 && !home)
      throw new AppError('VALIDATION', 'Name a file or folder with --path, or use --home.', {
        issues: [{ path: 'paths', message: 'Required' }],
      });
    ctx.workspace(workspaceId); // an unknown workspace fails before any file is read
    const a = await readPaths(paths, false);
    const b = home ? await readPaths(homePaths(), true) : { files: [], skipped: [] };
    const run = mutate(ctx, workspaceId, 'discovery:runPaths', (tx) =>
      recordRun(tx, [...a.files, ...b.files], [...a.skipped, ...b.skipped]),
    );
    return viewOf(ctx.workspace(workspaceId).db, run, ctx.now());
  },
  'discovery:get': (ctx, { workspaceId, runId }) => {
    const run = runOf(ctx, workspaceId, runId);
    return run ? viewOf(ctx.workspace(workspaceId).db, run, ctx.now()) : null;
  },
  'discovery:runs': (ctx, { workspaceId, limit }) => ({
    runs: listRuns<Proposal, DiscoveryDiff>(ctx.workspace(workspaceId).db, limit).map(summaryOf),
  }),
  'discovery:accept': (ctx, { workspaceId, runId, all, items }) => {
    const run = runOf(ctx, workspaceId, runId)!;
    if (!all && items.length === 0)
      throw new AppError('VALIDATION', 'Choose at least one item to accept.', { issues: [{ path: 'items', message: 'Required' }] });
    const counts = mutate(ctx, workspaceId, 'discovery:accept', (tx) => acceptItems(tx, run, all, items));
    return { ...counts, view: viewOf(ctx.workspace(workspaceId).db, run, ctx.now()) };
  },
  'discovery:provenance': (ctx, { workspaceId }) => ({
    records: listProvenance(ctx.workspace(workspaceId).db).map(({ entity, entityId, origin, firstSeen, lastSeen }) => ({
      entity,
      entityId,
      origin,
      firstSeen,
      lastSeen,
    })),
  }),
  'discovery:drift': (ctx, { workspaceId }) => {
    const db = ctx.workspace(workspaceId).db;
    const run = runOf(ctx, workspaceId, null);
    if (!run) return { runId: null, findings: [] };
    const declared = declaredOf(db);
    return { runId: run.id, findings: findingsOf(db, run, declared, diffAgainstDeclared(declared, run.proposal), ctx.now()) };
  },
};
