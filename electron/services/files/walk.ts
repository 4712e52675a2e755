import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { kindOf } from './bounded-read';

/**
 * Lists candidate files under a folder for discovery, bounded by depth and file count. Symbolic
 * links to folders are not followed (a link loop, or a link to `/`, would make the walk unbounded);
 * symbolic links to files are listed, and readBounded reports their real path when they are read.
 * Everything not listed is reported as skipped, with why: the doors print both lists.
 */
export type WalkLimits = { maxDepth: number; maxFiles: number; maxEntries: number };
export const WALK_LIMITS: WalkLimits = { maxDepth: 6, maxFiles: 500, maxEntries: 20_000 };

/** Folders that never hold agent configuration and are huge. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.venv', 'venv', '__pycache__', '.cache', 'dist', 'build', 'target']);

export type WalkResult = { files: string[]; skipped: { path: string; reason: string }[]; truncated: boolean };

export async function walkForDiscovery(
  root: string,
  accept: (path: string) => boolean,
  limits: WalkLimits = WALK_LIMITS,
): Promise<WalkResult> {
  const files: string[] = [];
  const skipped: WalkResult['skipped'] = [];
  let entries = 0;
  let truncated = false;
  const queue: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
  while (queue.length > 0) {
    const { dir, depth } = queue.shift()!;
    let names: string[];
    try {
      names = (await fsp.readdir(dir)).sort();
    } catch (err) {
      skipped.push({ path: dir, reason: `cannot be listed (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
      continue;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (++entries > limits.maxEntries || files.length >= limits.maxFiles) {
        truncated = true;
        skipped.push({
          path: dir,
          reason: `stopped: more than ${files.length >= limits.maxFiles ? `${limits.maxFiles} files` : `${limits.maxEntries} entries`}`,
        });
        return { files, skipped, truncated };
      }
      let st;
      try {
        st = await fsp.lstat(path);
      } catch {
        continue; // removed while listing
      }
      if (st.isDirectory()) {
        if (SKIP_DIRS.has(name)) skipped.push({ path, reason: 'a dependency or build folder' });
        else if (depth + 1 > limits.maxDepth) skipped.push({ path, reason: `deeper than ${limits.maxDepth} folders` });
        else queue.push({ dir: path, depth: depth + 1 });
      } else if (st.isSymbolicLink()) {
        const target = await fsp.stat(path).catch(() => null);
        if (target?.isFile() && accept(path)) files.push(path);
        else if (target?.isDirectory()) skipped.push({ path, reason: 'a symbolic link to a folder (not followed)' });
        else if (accept(path))
          skipped.push({ path, reason: target ? `a symbolic link to ${kindOf(target)}` : 'a symbolic link whose target is missing' });
      } else if (st.isFile()) {
        if (accept(path)) files.push(path);
      } else if (accept(path)) skipped.push({ path, reason: `${kindOf(st)}, not a regular file` });
    }
  }
  return { files, skipped, truncated };
}
