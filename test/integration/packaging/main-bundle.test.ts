import { describe, it, expect } from 'vitest';
import { build } from 'esbuild';
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The packaged app ships only production dependencies. Bundle the main process the way
 * electron/build.mjs does (in memory) and check that every module it loads at start-up is a Node
 * built-in, `electron`, or a production dependency. Lazy imports of dev-only packages are allowed
 * only where the desktop app never reaches them (listed here with the reason).
 */
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const LAZY_DEV_ONLY: Record<string, string> = {
  // electron/services/report-pdf.ts falls back to Playwright; main.ts installs printToPdf instead.
  'playwright-core': 'replaced by the context pdf port (printToPdf) in electron/main/main.ts',
};

describe('main process bundle', () => {
  it('loads only built-ins, electron and production dependencies', async () => {
    const out = await build({
      absWorkingDir: repo,
      entryPoints: ['electron/main/main.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      external: ['better-sqlite3', 'electron', 'playwright-core', '@playwright/test', 'exceljs', 'docx'],
      write: false,
      logLevel: 'silent',
    });
    const code = out.outputFiles[0]!.text;
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
