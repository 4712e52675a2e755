/**
 * The rogue agent: a child process (bundled to dist/live-fire/rogue.mjs) that damages one live-fire
 * sandbox on the scenario's timeline. It gets its target and credential over the IPC channel (never
 * argv or the environment), performs only the steps the parent planned, each behind the credential,
 * and is bounded three ways: wall-clock time, statement count, and heap (--max-old-space-size, set by
 * the parent). It exits when the parent's channel closes or its heartbeat stops, so a crashed app
 * leaves no rogue behind.
 *
 * `--probe` mode makes one write attempt with the credential it is given and reports the outcome:
 * containment is verified with it.
 */
import { z } from 'zod';
import { openSandboxFolder } from '../../store/sandbox/layout';
import { probeWrite, RogueWriter, type StatementLogEntry } from '../../store/sandbox/rogue-exec';
import { RogueStep } from '../../store/sandbox/rogue-plan';

const Grant = z.object({ engine: z.literal('sqlite'), root: z.string(), sandboxId: z.string(), token: z.string().regex(/^[a-f0-9]{64}$/) });
const Start = z.object({
  type: z.literal('start'),
  grant: Grant,
  steps: z.array(RogueStep).max(500),
  maxStatements: z.number().int().min(1).max(500),
  maxMs: z
    .number()
    .min(1)
    .max(4 * 3600 * 1000),
  heartbeatTimeoutMs: z.number().min(50).max(60_000),
});
const Probe = z.object({ type: z.literal('probe'), grant: Grant });

export type RogueMessage =
  | { type: 'ready'; pid: number }
  | { type: 'statement'; entry: StatementLogEntry }
  | { type: 'timeline-done'; statements: number }
  | { type: 'probe-result'; entry: StatementLogEntry }
  | { type: 'failed'; message: string };

const send = (m: RogueMessage) => process.send?.(m);

function die(message: string, code: number): never {
  try {
    send({ type: 'failed', message });
  } catch {
    // the channel may be gone already
  }
  process.exit(code);
}

// No parent, no rogue: the IPC channel closing is the parent exiting or crashing.
if (!process.send) die('The rogue runs only as a child process with an IPC channel', 2);
process.on('disconnect', () => process.exit(0));

process.once('message', (raw: unknown) => {
  try {
    if (process.argv.includes('--probe')) probe(raw);
    else run(raw);
  } catch (err) {
    // A refused target (the guard) or a broken sandbox: say why and stop, having written nothing.
    die((err as Error).message, 3);
  }
});
send({ type: 'ready', pid: process.pid });

function probe(raw: unknown): void {
  const m = Probe.safeParse(raw);
  if (!m.success) die(`Bad probe message: ${m.error.message}`, 2);
  const layout = openSandboxFolder(m.data.grant.root, m.data.grant.sandboxId);
  send({ type: 'probe-result', entry: probeWrite(layout, m.data.grant.token, process.pid) });
  process.disconnect();
}

function run(raw: unknown): void {
  const m = Start.safeParse(raw);
  if (!m.success) die(`Bad start message: ${m.error.message}`, 2);
  const { grant, steps, maxStatements, maxMs, heartbeatTimeoutMs } = m.data;
  const layout = openSandboxFolder(grant.root, grant.sandboxId);
  const writer = new RogueWriter(layout, grant.token, process.pid);
  const started = Date.now();

  // Time bound: whatever is left of the timeline, the rogue stops here.
  setTimeout(() => die(`The rogue reached its time limit (${maxMs} ms)`, 0), maxMs).unref();
  let lastBeat = Date.now();
  process.on('message', (msg: unknown) => {
    if ((msg as { type?: unknown } | null)?.type === 'heartbeat') lastBeat = Date.now();
  });
  // Kept referenced: the rogue stays alive after its timeline until it is contained, like a real one.
  setInterval(
    () => {
      if (Date.now() - lastBeat > heartbeatTimeoutMs) die('The parent stopped sending heartbeats', 0);
    },
    Math.max(25, Math.floor(heartbeatTimeoutMs / 4)),
  );

  let done = 0;
  const next = (i: number): void => {
    if (i >= steps.length || done >= maxStatements) {
      send({ type: 'timeline-done', statements: done });
      return;
    }
    const step = steps[i]!;
    setTimeout(
      () => {
        const entry = writer.run(step);
        done++;
        send({ type: 'statement', entry });
        next(i + 1);
      },
      Math.max(0, started + step.atMs - Date.now()),
    );
  };
  next(0);
}
