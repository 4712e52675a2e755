import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SERVE = resolve(import.meta.dirname, '../../dist/serve/serve.mjs');

export type ServerHandle = {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  process: ChildProcess;
  stop: () => Promise<void>;
};

/**
 * Starts the real browser-mode server (the built dist/serve/serve.mjs) on a data folder and
 * resolves once it prints its URL: the server's own readiness signal, no sleeps.
 */
export function startServer(dataDir = mkdtempSync(join(tmpdir(), 'ar-e2e-')), opts: { profile?: boolean } = {}): Promise<ServerHandle> {
  // A saved acting profile, so the first-run profile dialog does not stand in front of every spec (history.spec.ts starts without one).
  const profileFile = join(dataDir, 'profile.json');
  if (opts.profile !== false && !existsSync(profileFile))
    writeFileSync(profileFile, JSON.stringify({ name: 'E2E tester', email: '', role: '' }));
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [SERVE, '--data', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AR_QUIET: '1' },
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${out}\n${err}`)), 30_000);
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /AGENT_READINESS_URL=(\S+)/.exec(out);
      if (!m?.[1]) return;
      clearTimeout(timer);
      const url = m[1];
      const parsed = new URL(url);
      resolvePromise({
        url,
        origin: parsed.origin,
        token: parsed.searchParams.get('token') ?? '',
        dataDir,
        process: child,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!/AGENT_READINESS_URL=/.test(out)) reject(new Error(`server exited with ${code}:\n${out}\n${err}`));
    });
  });
}
