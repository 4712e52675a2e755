import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../..', import.meta.url));
// One results file per run: every catalogue test appends its line; the global teardown prints them in order.
process.env.AR_RELIABILITY_RESULTS ||= join(tmpdir(), `ar-reliability-${process.pid}-${Date.now()}.txt`);

/** `--mode fast` (or AR_RELIABILITY=fast): the subset `npm test` runs; otherwise the full catalogue run. */
export default defineConfig(({ mode }) => {
  const fast = mode === 'fast' || process.env.AR_RELIABILITY === 'fast';
  process.env.AR_RELIABILITY = fast ? 'fast' : 'full'; // read by the global teardown in this process
  return {
    root,
    test: {
      include: ['test/reliability/**/*.test.ts'],
      environment: 'node',
      env: { AR_QUIET: '1', AR_RELIABILITY: fast ? 'fast' : 'full' },
      globalSetup: ['test/reliability/lib/global-setup.ts'],
      testTimeout: fast ? 180_000 : 900_000,
      hookTimeout: 120_000,
      pool: 'forks',
      maxWorkers: fast ? 2 : 1,
      fileParallelism: true,
      // The catalogue lines are printed once, in order, by the global teardown; hide vitest's echo of them.
      onConsoleLog: (log: string) => !/^R\d+ (PASS|FAIL|SKIP) /.test(log),
    },
  };
});
