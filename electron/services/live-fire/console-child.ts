/**
 * Runs one read-only console query on a sandbox in its own process (bundled to
 * dist/live-fire/console.mjs), so the parent can enforce the time limit with SIGKILL even when a single
 * SQLite step runs long. The query, its guard and its limits are in electron/store/sandbox/console.ts.
 */
import { z } from 'zod';
import { runConsoleQuery, type ConsoleResult } from '../../store/sandbox/console';
import { openSandboxFolder } from '../../store/sandbox/layout';

const Ask = z.object({
  root: z.string(),
  sandboxId: z.string(),
  sql: z.string().max(4000),
  maxRows: z.number().int().min(1).max(5000),
  timeLimitMs: z.number().min(10).max(60_000),
});

export type ConsoleReply = { ok: true; result: ConsoleResult } | { ok: false; message: string };

if (!process.send) process.exit(2);
process.on('disconnect', () => process.exit(0));
process.once('message', (raw: unknown) => {
  let reply: ConsoleReply;
  try {
    const a = Ask.parse(raw);
    reply = { ok: true, result: runConsoleQuery(openSandboxFolder(a.root, a.sandboxId), a.sql, a) };
  } catch (err) {
    reply = { ok: false, message: (err as Error).message };
  }
  process.send?.(reply, () => process.disconnect());
});
