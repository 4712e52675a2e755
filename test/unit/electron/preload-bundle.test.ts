import { describe, it, expect } from 'vitest';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

/**
 * A sandboxed preload can require('electron') and nothing else. Bundle it the way
 * electron/build.mjs does (in memory) and check what the output requires.
 */
const repo = fileURLToPath(new URL('../../..', import.meta.url));

describe('preload bundle', () => {
  it('requires only electron and uses no Node globals', async () => {
    const out = await build({
      absWorkingDir: repo,
      entryPoints: ['electron/preload/preload.ts'],
      bundle: true,
      platform: 'browser',
      format: 'cjs',
      target: 'node22',
      external: ['electron'],
      write: false,
      logLevel: 'silent',
    });
    const code = out.outputFiles[0]!.text;
    const requires = [...new Set([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]))];
    expect(requires).toEqual(['electron']);
    expect(code).not.toMatch(/\b__dirname\b|\b__filename\b|\bBuffer\.from\b|process\.env|process\.binding/);
    console.log(`G-preload-bundle: PASS requires=[${requires.join(', ')}] size=${Math.round(code.length / 1024)} KiB`);
  });
});
