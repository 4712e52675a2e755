import { constants, type Stats } from 'node:fs';
import { lstat, open, realpath, stat, type FileHandle } from 'node:fs/promises';
import { AppError } from '../../../core/common/errors';

/** Why a path is not a file we read, in words a user can act on. */
function kindProblem(path: string, s: Stats): string | null {
  if (s.isFile()) return null;
  if (s.isDirectory()) return `${path} is a folder: import it as a folder to read the files inside`;
  if (s.isFIFO()) return `${path} is a named pipe (FIFO), not a regular file: copy the log to a file first`;
  if (s.isCharacterDevice() || s.isBlockDevice()) return `${path} is a device, not a regular file`;
  if (s.isSocket()) return `${path} is a socket, not a regular file`;
  return `${path} is not a regular file`;
}

export type OpenedFile = { handle: FileHandle; realPath: string; size: number };

/**
 * Opens a regular file for reading, or refuses with a clear message. Symlinks are resolved and the
 * real path reported. The kind is checked before opening (so a FIFO never blocks the open) and again
 * on the open handle (so a path swapped in between is still caught).
 */
export async function openRegularFile(path: string): Promise<OpenedFile> {
  let link: Stats;
  try {
    link = await lstat(path);
  } catch {
    throw new AppError('NOT_FOUND', `${path} does not exist or cannot be read`, { details: { path } });
  }
  const realPath = link.isSymbolicLink() ? await realpath(path).catch(() => null) : path;
  if (realPath === null) throw new AppError('NOT_FOUND', `${path} is a symbolic link to nothing`, { details: { path } });
  const before = await stat(realPath);
  const problem = kindProblem(realPath, before);
  if (problem !== null) throw new AppError('REFUSED', problem, { details: { path, realPath } });
  const handle = await open(realPath, constants.O_RDONLY | constants.O_NONBLOCK);
  const after = await handle.stat();
  const changed = kindProblem(realPath, after);
  if (changed !== null || after.ino !== before.ino) {
    await handle.close();
    throw new AppError('REFUSED', changed ?? `${realPath} changed while it was being opened`, { details: { path, realPath } });
  }
  return { handle, realPath, size: after.size };
}
