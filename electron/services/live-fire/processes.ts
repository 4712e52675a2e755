/**
 * Starting the sandbox's child processes (the rogue, its containment probe, the console) and making
 * sure none outlives the app: each is killed when the drill ends, when this process exits normally
 * (the exit hook below), and, if this process crashes, by the child itself when the IPC channel closes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Heap bound for the rogue, MiB: it needs a few, and a runaway one is stopped by V8. */
export const ROGUE_HEAP_MIB = 64;

const live = new Set<ChildProcess>();
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const c of live) c.kill('SIGKILL');
  });
}

/** Where the bundled child scripts are. */
export type ChildScripts = { rogue: string; console: string };

/** The bundled child scripts inside a build's dist folder (electron/build.mjs writes dist/live-fire/). */
export function childScriptsIn(distDir: string): ChildScripts {
  const scripts = { rogue: join(distDir, 'live-fire', 'rogue.mjs'), console: join(distDir, 'live-fire', 'console.mjs') };
  if (!existsSync(scripts.rogue) || !existsSync(scripts.console))
    throw new Error(`The live-fire child scripts are not built in ${distDir}: run npm run build:node`);
  return scripts;
}

/**
 * Forks a sandbox child with a minimal environment (no inherited secrets), its working folder set to
 * the sandbox, and stdin/stdout closed. ELECTRON_RUN_AS_NODE makes the Electron binary act as Node.
 */
export function forkChild(script: string, args: string[], cwd: string, heapMiB = ROGUE_HEAP_MIB): ChildProcess {
  hookExit();
  const child = fork(script, args, {
    cwd,
    execArgv: [`--max-old-space-size=${heapMiB}`],
    env: { PATH: process.env.PATH ?? '', ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'json',
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  child.stderr?.resume();
  return child;
}

/** Resolves when the child has exited (immediately if it already has). */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** SIGKILL and wait for the exit to be observed. */
export async function killChild(child: ChildProcess): Promise<void> {
  const done = exited(child);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await done;
}

/**
 * True while a process with this pid is running (signal 0 probes without touching it). A zombie is not
 * running: an orphaned rogue that exited stays one where nothing reaps it (PID 1 in some containers).
 */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    return !/\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
}

/** Children this process started that are still running (the tests count them). */
export const liveChildren = (): number => live.size;

/** Waits for the first message of a given type, or rejects when the child exits or the time runs out. */
export function nextMessage<T extends { type?: unknown }>(child: ChildProcess, match: (m: T) => boolean, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`No answer from the child within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (m: unknown) => {
      if (match(m as T)) finish(null, m as T);
    };
    const onExit = () => finish(new Error('The child exited before answering'));
    function finish(err: Error | null, value?: T) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(value!);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
