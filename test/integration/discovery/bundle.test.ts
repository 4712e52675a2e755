import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'ar-discovery-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The libraries core/discovery uses must survive the app's own bundling (electron/build.mjs: platform node, ESM, a require banner). */
it('core/discovery bundles for Node the way the app bundles and still parses JSONC, TOML and YAML', async () => {
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    `import { parseSource } from ${JSON.stringify(resolve(import.meta.dirname, '../../../core/discovery/index'))};
     const fp = (v: string) => 'fp' + v.length;
     export const counts = [
       parseSource('.vscode/mcp.json', '// c\\n{"servers": {"a": {"command": "npx",},},}', fp),
       parseSource('.codex/config.toml', '[mcp_servers.a]\\ncommand = "npx"', fp),
       parseSource('.continue/config.yaml', 'mcpServers:\\n  - name: a\\n    command: npx', fp),
     ].map((r) => r.source?.agents[0]?.servers.length);`,
  );
  const outfile = join(dir, 'out.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    logLevel: 'silent',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const mod = (await import(pathToFileURL(outfile).href)) as { counts: number[] };
  expect(mod.counts).toEqual([1, 1, 1]);
});
