import { isAbsolute, resolve } from 'node:path';
import { DATA_DIR_ENV } from '../../serve/data-dir';

/**
 * Where the desktop app keeps its workspaces: `--data DIR` (or `--data=DIR`) on the command line,
 * else $AGENT_READINESS_DATA, else Electron's userData folder. Relative paths are resolved
 * against the working directory the app was started from.
 */
export function resolveDesktopDataDir(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  userData: string,
  cwd: string,
): string {
  let fromArg: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--data' && i + 1 < argv.length) fromArg = argv[i + 1];
    else if (a.startsWith('--data=')) fromArg = a.slice('--data='.length);
  }
  const chosen = [fromArg, env[DATA_DIR_ENV], userData].find((v) => typeof v === 'string' && v.trim() !== '' && !v.includes('\0'));
  const dir = chosen ?? userData;
  return isAbsolute(dir) ? resolve(dir) : resolve(cwd, dir);
}
