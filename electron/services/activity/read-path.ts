import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../core/common/errors';
import { readActivityFile, type FileReadResult, type ReadOptions, type ReadProgress } from './read-stream';

export type SkippedFile = { path: string; reason: string };
export type PathReadResult = { files: FileReadResult[]; skipped: SkippedFile[]; totalBytes: number };
export type FolderProgress = ReadProgress & { filesDone: number; filesTotal: number };

export const MAX_FOLDER_FILES = 100_000;

/** Every regular file under `root`, symlinks resolved, each real path once (a link loop cannot repeat a file). */
export async function walk(root: string, skipped: SkippedFile[]): Promise<{ path: string; size: number }[]> {
  const seen = new Set<string>();
  const files: { path: string; size: number }[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop() ?? root;
    const real = await realpath(dir).catch(() => null);
    if (real === null || seen.has(real)) continue;
    seen.add(real);
    const entries = await readdir(real).catch(() => null);
    if (entries === null) {
      skipped.push({ path: dir, reason: 'the folder cannot be read' });
      continue;
    }
    for (const name of entries.sort()) {
      const full = join(real, name);
      const s = await stat(full).catch(() => null);
      if (s === null) skipped.push({ path: full, reason: 'a broken link or unreadable entry' });
      else if (s.isDirectory()) pending.push(full);
      else if (!s.isFile()) skipped.push({ path: full, reason: 'not a regular file (pipe, device or socket)' });
      else {
        const target = await realpath(full);
        if (seen.has(target)) continue;
        seen.add(target);
        files.push({ path: full, size: s.size });
        if (files.length > MAX_FOLDER_FILES)
          throw new AppError('REFUSED', `${root} holds more than ${MAX_FOLDER_FILES} files; import a smaller folder`, {
            details: { path: root },
          });
      }
    }
  }
  return files;
}

/**
 * Reads a file, or every file in a folder (a CloudTrail prefix, a log_directory). A file that is not
 * an activity log, or that breaks a bound, is skipped with its reason; cancelling stops the whole read.
 */
export async function readActivityPath(
  path: string,
  options: ReadOptions & { onFolderProgress?: (p: FolderProgress) => void },
): Promise<PathReadResult> {
  const link = await lstat(path).catch(() => null);
  if (link === null) throw new AppError('NOT_FOUND', `${path} does not exist or cannot be read`, { details: { path } });
  const isDir = (await stat(path).catch(() => link)).isDirectory();
  if (!isDir) {
    const file = await readActivityFile(path, options);
    return { files: [file], skipped: [], totalBytes: file.bytesRead };
  }
  const skipped: SkippedFile[] = [];
  const list = await walk(path, skipped);
  const totalBytes = list.reduce((sum, f) => sum + f.size, 0);
  const files: FileReadResult[] = [];
  let doneBytes = 0;
  for (const [i, f] of list.entries()) {
    if (options.signal?.aborted) throw new AppError('REFUSED', `Reading ${path} was cancelled`, { details: { path } });
    try {
      files.push(
        await readActivityFile(f.path, {
          ...options,
          onProgress: (p) => {
            options.onProgress?.(p);
            options.onFolderProgress?.({
              file: p.file,
              bytesRead: doneBytes + p.bytesRead,
              totalBytes,
              filesDone: i,
              filesTotal: list.length,
            });
          },
        }),
      );
    } catch (error) {
      if (options.signal?.aborted) throw error;
      skipped.push({ path: f.path, reason: error instanceof Error ? error.message : 'unreadable' });
    }
    doneBytes += f.size;
  }
  return { files, skipped, totalBytes };
}
