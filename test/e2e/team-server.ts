import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The real team server for the e2e suite: the built CLI (`dist/serve/cli.mjs serve --team`),
 * started as its own process on a database URL given through the environment, resolved once it
 * prints its URL (its readiness signal). Every line it logs is kept, so a test can check them.
 */
export const CLI = resolve(import.meta.dirname, '../../dist/serve/cli.mjs');

export type TeamServerProcess = { origin: string; log: () => string; stop: () => Promise<void>; process: ChildProcess };

/** `extra`: more flags and environment (the OIDC tests add the provider's). */
export function startTeamServerProcess(
  databaseUrl: string,
  dataDir: string,
  extra: { args?: string[]; env?: Record<string, string> } = {},
): Promise<TeamServerProcess> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--team', '--listen', '127.0.0.1:0', '--data', dataDir, ...(extra.args ?? [])], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AGENT_READINESS_DATABASE_URL: databaseUrl, AR_QUIET: '1', ...extra.env },
    });
    let out = '';
    let err = '';
    let started = false;
    const timer = setTimeout(() => fail(new Error(`team server did not start in time:\n${out}\n${err}`)), 30_000);
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /AGENT_READINESS_TEAM_URL=(\S+)/.exec(out);
      if (!m?.[1] || started) return;
      started = true;
      clearTimeout(timer);
      done({
        origin: m[1],
        log: () => out + err,
        process: child,
        stop: () =>
          new Promise<void>((stopped) => {
            if (child.exitCode !== null) return stopped();
            child.once('exit', () => stopped());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!/AGENT_READINESS_TEAM_URL=/.test(out)) fail(new Error(`team server exited with ${code}:\n${out}\n${err}`));
    });
  });
}

/** Runs `agent-readiness <args>` (the built CLI) to completion; stdout, or a thrown error with stderr. */
export function cli(args: string[], env: Record<string, string>): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`agent-readiness ${args[0]} ${args[1] ?? ''} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}
