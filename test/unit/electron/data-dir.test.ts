import { describe, it, expect } from 'vitest';
import { resolve } from 'node:path';
import { resolveDesktopDataDir } from '../../../electron/main/policy/data-dir';
import { DATA_DIR_ENV } from '../../../electron/serve/data-dir';

const USER_DATA = resolve('/home/u/.config/Agent Readiness');
const CWD = resolve('/work');

describe('desktop data folder', () => {
  it('defaults to userData', () => {
    expect(resolveDesktopDataDir(['/opt/app/agent-readiness'], {}, USER_DATA, CWD)).toBe(USER_DATA);
  });
  it('uses the env var over userData', () => {
    expect(resolveDesktopDataDir(['electron', '.'], { [DATA_DIR_ENV]: '/data/env' }, USER_DATA, CWD)).toBe(resolve('/data/env'));
  });
  it('uses --data DIR and --data=DIR over the env var; relative paths resolve against cwd', () => {
    expect(resolveDesktopDataDir(['electron', '.', '--data', '/data/arg'], { [DATA_DIR_ENV]: '/data/env' }, USER_DATA, CWD)).toBe(
      resolve('/data/arg'),
    );
    expect(resolveDesktopDataDir(['electron', '.', '--data=rel/dir'], {}, USER_DATA, CWD)).toBe(resolve(CWD, 'rel/dir'));
  });
  it('ignores an empty or NUL-carrying value and a dangling --data', () => {
    expect(resolveDesktopDataDir(['app', '--data='], { [DATA_DIR_ENV]: '' }, USER_DATA, CWD)).toBe(USER_DATA);
    expect(resolveDesktopDataDir(['app', '--data', 'a\0b'], {}, USER_DATA, CWD)).toBe(USER_DATA);
    expect(resolveDesktopDataDir(['app', '--data'], {}, USER_DATA, CWD)).toBe(USER_DATA);
  });
});
