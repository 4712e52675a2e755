import { describe, it, expect, beforeAll } from 'vitest';
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, mainBundle, repo } from '../../unit/electron/boot/load-bundle';

/**
 * The packaged app ships only production dependencies. Read the main process bundle that ships
 * (dist/electron/main.cjs, built by electron/build.mjs) and check that every module it requires is a
 * Node built-in, `electron`, or a production dependency. Lazy imports of dev-only packages are
 * allowed only where the desktop app never reaches them (listed here with the reason). The bundle
 * is booted, and its PDF export shown to end in Electron's printToPDF, by test/unit/electron/boot.test.ts.
 */
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const LAZY_DEV_ONLY: Record<string, string> = {
  // electron/services/report-pdf.ts falls back to Playwright (browser mode, CLI); the desktop app prints with printToPDF.
  'playwright-core': 'the desktop app prints with Electron (electron/main/print-pdf.ts)',
};

beforeAll(() => ensureBuilt());

describe('main process bundle', () => {
  it('loads only built-ins, electron and production dependencies', () => {
    const code = readFileSync(mainBundle, 'utf8');
    const top = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    const isBuiltin = (s: string) => s.startsWith('node:') || builtinModules.includes(s);
    const allowed = (s: string) => isBuiltin(s) || s === 'electron' || top(s) in pkg.dependencies;
    const required = [...new Set([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!))];
    const lazy = [...new Set([...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!))];
    const badRequired = required.filter((s) => !allowed(s));
    const badLazy = lazy.filter((s) => !allowed(s) && !(top(s) in LAZY_DEV_ONLY));
    console.log(
      `G-main-bundle: ${badRequired.length + badLazy.length === 0 ? 'PASS' : 'FAIL'} external modules=${required.length + lazy.length}; not shippable=${badRequired.length + badLazy.length}`,
    );
    expect(badRequired).toEqual([]);
    expect(badLazy).toEqual([]);
  });
});
