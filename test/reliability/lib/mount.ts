import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A size-limited tmpfs (needs root / CAP_SYS_ADMIN). Returns null with the reason when it cannot be mounted. */
export function mountTmpfs(
  size: string,
): { dir: string; remountReadOnly: () => void; unmount: () => void } | { dir: null; reason: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ar-rel-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    return { dir: null, reason: `mount -t tmpfs failed (${(err as Error).message.split('\n')[0]}); run as root or in CI` };
  }
  return {
    dir,
    remountReadOnly: () => execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'pipe' }),
    unmount: () => {
      try {
        execFileSync('umount', [dir], { stdio: 'pipe' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
