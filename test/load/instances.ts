/**
 * Team server instances for `npm run load:team`: each a process of the built CLI
 * (`serve --team --trust-proxy`, as deployed behind a proxy), on one database URL (through the
 * environment) and one data folder, ready once it prints its URL. Its request log is read as it
 * comes (a full pipe would stall the server) and only its error lines are kept.
 */
import { spawn } from 'node:child_process';

export type Instance = { origin: string; errors: string[]; requests: () => number; stop: () => Promise<void> };

export function startInstance(cli: string, databaseUrl: string, dataDir: string): Promise<Instance> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, 'serve', '--team', '--listen', '127.0.0.1:0', '--data', dataDir, '--trust-proxy'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AGENT_READINESS_DATABASE_URL: databaseUrl, AR_QUIET: '1' },
    });
    const errors: string[] = [];
    let requests = 0;
    let partial = '';
    let started = false;
    const timer = setTimeout(() => fail(new Error(`the team server did not start in 60 s: ${errors.join('\n')}`)), 60_000);
    child.stderr.on('data', (c: Buffer) => errors.length < 50 && errors.push(c.toString().trim()));
    child.stdout.on('data', (c: Buffer) => {
      const lines = (partial + c.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line.includes('"event":"request"')) requests++;
        if (line.includes('"level":"error"') && errors.length < 50) errors.push(line);
        const m = /AGENT_READINESS_TEAM_URL=(\S+)/.exec(line);
        if (!m?.[1] || started) continue;
        started = true;
        clearTimeout(timer);
        done({
          origin: m[1],
          errors,
          requests: () => requests,
          stop: () =>
            new Promise<void>((stopped) => {
              if (child.exitCode !== null) return stopped();
              child.once('exit', () => stopped());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!started) fail(new Error(`the team server exited with ${code}: ${errors.join('\n')}`));
    });
  });
}
