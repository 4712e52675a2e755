import { basename, dirname, resolve } from 'node:path';
import type { WorkspaceInfo } from '../../core/workspace/model';
import { createServiceContext, type Actor, type ServiceContext } from './context';
import { info } from './workspace';

/**
 * The CLI's way in: a service context around one workspace file given by path, after which
 * every operation goes through dispatch like the app's. Not a contract channel on purpose: the
 * renderer must never be able to open an arbitrary path.
 */
export type FileSession = { ctx: ServiceContext; workspace: WorkspaceInfo };

/** The data folder a file belongs to: <data> for <data>/workspaces/<id>.sqlite, else the file's own folder. */
const dataDirOf = (file: string): string => (basename(dirname(file)) === 'workspaces' ? dirname(dirname(file)) : dirname(file));

export function openWorkspaceFileSession(path: string, opts: { actor?: Actor } = {}): FileSession {
  const file = resolve(path);
  const ctx = createServiceContext({ dataDir: dataDirOf(file), mode: 'cli', createDataFolder: false, ...opts });
  try {
    return { ctx, workspace: info(ctx.workspaces.attachFile(file, ctx.now())) };
  } catch (err) {
    ctx.close();
    throw err;
  }
}

/** A service context on a data folder (the CLI's import --as-new --data DIR). */
export function openDataFolderSession(dataDir: string, opts: { actor?: Actor } = {}): ServiceContext {
  return createServiceContext({ dataDir: resolve(dataDir), mode: 'cli', ...opts });
}

/**
 * A CLI service context for a workspace file that may not exist yet (restore onto a new machine):
 * the file's data folder, nothing attached and no folder created. Path channels check the path.
 */
export function openPathSession(path: string, opts: { actor?: Actor } = {}): ServiceContext {
  return createServiceContext({ dataDir: dataDirOf(resolve(path)), mode: 'cli', createDataFolder: false, ...opts });
}
