import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import Module from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ElectronStandIn } from './electron-stand-in';

export const repo = fileURLToPath(new URL('../../../..', import.meta.url));
export const distDir = join(repo, 'dist');
export const mainBundle = join(distDir, 'electron', 'main.cjs');
export const rendererDir = join(distDir, 'renderer');

/** `npm test` builds before the unit tests; a targeted run builds once here if the bundle is missing. */
export function ensureBuilt(): void {
  if (existsSync(mainBundle) && existsSync(join(rendererDir, 'index.html'))) return;
  execFileSync(process.execPath, ['electron/build.mjs'], { cwd: repo, stdio: 'inherit' });
  execFileSync(process.execPath, [join(repo, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts'], {
    cwd: repo,
    stdio: 'inherit',
  });
}

type ModuleInternals = {
  _resolveFilename: (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string;
  _cache: Record<string, { id: string; filename: string; loaded: boolean; exports: unknown }>;
};

/** A key no real file has, so the stand-in can never be confused with node_modules/electron. */
const STAND_IN_ID = join(distDir, '__electron-stand-in__.cjs');

export type LoadedBundle = { unhook: () => void };

/**
 * Loads the bundled main process with `require('electron')` resolving to the stand-in (only for
 * requests made from inside dist/), exactly as Electron's runtime would hand it the module.
 */
export function loadMainBundle(standIn: ElectronStandIn): LoadedBundle {
  const internals = Module as unknown as ModuleInternals;
  const original = internals._resolveFilename;
  internals._resolveFilename = function (request, parent, ...rest) {
    if (request === 'electron' && parent?.filename?.startsWith(distDir)) return STAND_IN_ID;
    return original.call(this, request, parent, ...rest);
  };
  internals._cache[STAND_IN_ID] = { id: STAND_IN_ID, filename: STAND_IN_ID, loaded: true, exports: standIn.module };
  createRequire(import.meta.url)(mainBundle);
  return {
    unhook: () => {
      internals._resolveFilename = original;
      delete internals._cache[STAND_IN_ID];
    },
  };
}
