import { spawn } from 'node:child_process';

export type ChildRun = { lines: string[]; killed: boolean; code: number | null; stderr: string; ms: number };

/**
 * Runs `node <script> ...args`; when a line equal to `trigger` appears, waits `killAfterMs` and
 * SIGKILLs it (kill < 0: let it finish). Resolves with every stdout line seen before death.
 */
export function runChild(
  script: string,
  args: string[],
  opts: { trigger?: string; killAfterMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<ChildRun> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AR_QUIET: '1', ...opts.env },
    });
    const lines: string[] = [];
    let buf = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        lines.push(line);
        if (opts.trigger !== undefined && line === opts.trigger && (opts.killAfterMs ?? -1) >= 0) {
          setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs);
        }
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ lines, killed: signal === 'SIGKILL', code, stderr, ms: performance.now() - t0 }));
  });
}
