/**
 * A stand-in for the app in crash.test.ts: starts a live-fire drill and prints the rogue's pid and the
 * sandbox, then keeps running until the test kills (or stops) it.
 * argv: <rogue script> <console script> <parent dir> <heartbeat timeout ms>
 */
import { LiveFireDrill } from '../../../electron/services/live-fire/index';

const [rogue, consoleScript, parentDir, heartbeat] = process.argv.slice(2) as [string, string, string, string];

const SANDBOX = {
  seed: {
    seed: 11,
    tables: [
      { name: 'customers', rows: 500 },
      { name: 'orders', rows: 800 },
    ],
  },
  before: { backup: 'take', location: 'separate' },
  rogue: {
    maxSeconds: 3600,
    timeline: [
      { at: 0, action: 'mass-delete', table: 'orders', percent: 50 },
      { at: 3000, action: 'drop-table', table: 'customers' },
    ],
  },
};

LiveFireDrill.start({
  sandbox: SANDBOX,
  timeScale: 1,
  scripts: { rogue, console: consoleScript },
  parentDir,
  heartbeatTimeoutMs: Number(heartbeat),
})
  .then(async (drill) => {
    // The first action has run once the log shows it: the crash comes mid-drill, with damage done.
    while (drill.statementLog().length === 0) await new Promise<void>((r) => drill.rogue!.once('message', () => r()));
    process.stdout.write(
      `${JSON.stringify({ roguePid: drill.rogue!.pid, root: drill.sandbox.layout.root, sandboxId: drill.sandbox.layout.id })}\n`,
    );
    setInterval(() => undefined, 60_000);
  })
  .catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(3);
  });
