import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/**
 * The packaging configuration, checked without building an installer (that needs Electron's
 * binary and the internet). Uses electron-builder's own schema validation, file matcher and fuse
 * mapping, so what is asserted here is what electron-builder will do.
 */
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const require = createRequire(import.meta.url);
const raw = readFileSync(join(repo, 'electron-builder.yml'), 'utf8');
type BuilderConfig = {
  appId: string;
  productName: string;
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  electronFuses: Record<string, boolean>;
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: string[] };
  [k: string]: unknown;
};
const config = parse(raw) as BuilderConfig;
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

type Stat = { isDirectory: () => boolean };
type FileMatcherCtor = new (
  from: string,
  to: string,
  expand: (s: string) => string,
  patterns: string[],
) => { createFilter: () => (file: string, stat: Stat) => boolean };
const { FileMatcher } = require('app-builder-lib/out/fileMatcher') as { FileMatcher: FileMatcherCtor };
const { Minimatch } = require('minimatch') as { Minimatch: new (p: string, o: object) => { match: (f: string) => boolean } };

const fileStat: Stat = { isDirectory: () => false };
let included: (rel: string) => boolean;
beforeAll(() => {
  const filter = new FileMatcher(repo, '/tmp/app', (s) => s, config.files).createFilter();
  included = (rel) => filter(join(repo, rel), fileStat);
});

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      getConfig: (dir: string, file: string, extra: null) => Promise<object>;
      validateConfiguration: (c: object, logger: object) => Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => object };
    const loaded = await getConfig(repo, join(repo, 'electron-builder.yml'), null);
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('identity', () => {
    expect(config.productName).toBe('Agent Readiness');
    expect(config.appId).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
  });

  it('files: the bundles, the renderer, package.json and production modules; no sources, maps or junk', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/**/*', 'package.json', 'node_modules/**/*']));
    const mustShip = [
      pkg.main,
      'dist/electron/main.cjs',
      'dist/electron/preload.cjs',
      'dist/renderer/index.html',
      'dist/renderer/assets/index-abc123.js',
      'package.json',
      'node_modules/better-sqlite3/lib/index.js',
      'node_modules/better-sqlite3/package.json',
      'node_modules/better-sqlite3/prebuilds/linux-x64.node',
      'node_modules/better-sqlite3/prebuilds/win32-x64.node',
      'node_modules/better-sqlite3/prebuilds/darwin-arm64.node',
      'node_modules/exceljs/dist/es5/index.js',
    ];
    const mustNotShip = [
      'dist/electron/main.cjs.map',
      'dist/renderer/assets/index-abc123.js.map',
      'dist/serve/serve.mjs',
      'electron/main/main.ts',
      'core/contract/index.ts',
      'renderer/main.tsx',
      'test/unit/electron/navigation.test.ts',
      'electron-builder.yml',
      'tsconfig.json',
      'package-lock.json',
      '.git/config',
      'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c',
      'node_modules/better-sqlite3/src/better_sqlite3.cpp',
      'node_modules/better-sqlite3/binding.gyp',
      'node_modules/zod/README.md',
      'node_modules/zod/index.d.ts',
      'node_modules/yaml/dist/index.d.ts',
      'node_modules/.bin/tsc',
      'node_modules/some-lib/test/fixture.js',
      'node_modules/some-lib/CHANGELOG.md',
    ];
    const missing = mustShip.filter((f) => !included(f));
    const leaked = mustNotShip.filter((f) => included(f));
    console.log(
      `G-files: ${missing.length + leaked.length === 0 ? 'PASS' : 'FAIL'} shipped=${mustShip.length - missing.length}/${mustShip.length}; leaked=${leaked.length}/${mustNotShip.length}`,
    );
    expect(missing).toEqual([]);
    expect(leaked).toEqual([]);
  });

  it('asar on, native module unpacked, no rebuild (better-sqlite3 13 ships N-API prebuilds)', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    const unpack = config.asarUnpack.map((p) => new Minimatch(p, { dot: true }));
    for (const f of [
      'node_modules/better-sqlite3/prebuilds/linux-x64.node',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    ]) {
      expect(
        unpack.some((m) => m.match(f)),
        f,
      ).toBe(true);
    }
    expect(config.npmRebuild).toBe(false);
    expect(pkg.dependencies['better-sqlite3']).toMatch(/^\^?~?13\./);
    expect(existsSync(join(repo, 'node_modules/better-sqlite3/prebuilds/linux-x64.node'))).toBe(true);
  });

  it('R35: every Electron fuse is set, to the value the reliability reference asks for', async () => {
    const expected = {
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    };
    expect(config.electronFuses).toEqual(expected);
    // What electron-builder will hand to @electron/fuses: every fuse of the installed wire definition is set.
    const { FuseV1Options } = require('@electron/fuses') as { FuseV1Options: Record<string, number | string> };
    const { PlatformPackager } = require('app-builder-lib') as {
      PlatformPackager: { prototype: { generateFuseConfig: (f: object) => Promise<Record<string, unknown>> } };
    };
    const fuseConfig = await PlatformPackager.prototype.generateFuseConfig.call({}, config.electronFuses);
    const names = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));
    const wrong = names.filter((name) => {
      const index = FuseV1Options[name] as number;
      const key = name.charAt(0).toLowerCase() + name.slice(1);
      return fuseConfig[index] !== (expected as Record<string, boolean>)[key];
    });
    console.log(
      `R35 fuses: ${wrong.length === 0 ? 'PASS' : 'FAIL'} fuses set=${names.length - wrong.length}/${names.length} as expected (E part, RUN_AS_NODE probe on a packaged build: needs the Electron binary)`,
    );
    expect(wrong).toEqual([]);
  });

  it('targets: Linux AppImage + deb, Windows nsis, macOS dmg', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.win.target).toContain('nsis');
    expect(config.mac.target).toContain('dmg');
  });

  it('package.json: main is the bundled main process, and `npm run dist` builds then packages', () => {
    expect(pkg.main).toBe('dist/electron/main.cjs');
    expect(pkg.scripts.dist).toMatch(/npm run build && electron-builder/);
    expect(pkg.devDependencies.electron).toMatch(/^45\./);
  });

  it('main.ts looks for the preload and the renderer where build.mjs and Vite put them', () => {
    const main = readFileSync(join(repo, 'electron/main/main.ts'), 'utf8');
    const build = readFileSync(join(repo, 'electron/build.mjs'), 'utf8');
    expect(main).toContain("join(__dirname, 'preload.cjs')");
    expect(main).toContain("join(__dirname, '..', 'renderer')");
    expect(build).toContain("'electron/preload': 'electron/preload/preload.ts'");
    expect(build).toContain("'electron/main': 'electron/main/main.ts'");
  });
});
