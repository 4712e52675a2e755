import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/**
 * A real PostgreSQL for the team-workspace suites (issue 14 §7 "Setup"): Debian's binaries
 * (/usr/lib/postgresql/<newest>/bin), a fresh cluster made by `initdb` in a temporary folder,
 * started with `pg_ctl -w` (which waits until the server accepts connections; no sleeps) on a
 * free 127.0.0.1 port, its unix socket inside the same folder. PostgreSQL refuses to run as root,
 * so as root the folder is chowned to `postgres` and every command runs through
 * `runuser -u postgres --`; as anyone else the commands run directly.
 *
 * Use it from a test file with top-level await, so a machine without PostgreSQL skips the suite
 * with a printed reason instead of failing:
 *
 *   const pgs = await startPostgres();
 *   describe.skipIf(!pgs.ok)('...', () => { afterAll(() => pgs.ok && pgs.stop()); ... });
 */
export type PostgresServer = {
  ok: true;
  /** Connection string of the database made for this server (`createDatabase` makes more). */
  url: string;
  port: number;
  /** A fresh, empty database on the same cluster (cheap: one CREATE DATABASE). */
  createDatabase: (name?: string) => Promise<string>;
  /** Stops the server (immediate mode) and removes the folder: data, socket, logs. */
  stop: () => Promise<void>;
};
export type PostgresUnavailable = { ok: false; reason: string };

const run = promisify(execFile);
const PG_ROOT = '/usr/lib/postgresql';

/** The newest installed major version's bin folder, or null. */
export function postgresBinDir(root = PG_ROOT): string | null {
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** As root the server runs as postgres, which must be able to reach the folder: $TMPDIR if every parent lets it through, else /tmp. */
function baseDirFor(uid: number): string {
  const base = tmpdir();
  for (let d = base; ; d = dirname(d)) {
    const st = statSync(d);
    if (st.uid !== uid && (st.mode & 0o001) === 0) return '/tmp';
    if (dirname(d) === d) return base;
  }
}

type Runner = (bin: string, args: string[]) => Promise<void>;

function runner(binDir: string, dir: string, asRoot: boolean): Runner {
  return async (bin, args) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(binDir, bin), ...args]] : [join(binDir, bin), args];
    await run(file, argv, { cwd: dir, timeout: 60_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' } });
  };
}

function describeFailure(err: unknown): string {
  const e = err as { stderr?: string; message?: string };
  return (e.stderr?.trim() || e.message || String(err)).split('\n').slice(-3).join(' ').slice(0, 300);
}

/** Starts a throwaway PostgreSQL, or says why it cannot (and prints `postgres: SKIPPED (reason)`). */
export async function startPostgres(opts: { root?: string } = {}): Promise<PostgresServer | PostgresUnavailable> {
  const skip = (reason: string): PostgresUnavailable => {
    // CI (.ci/run) installs PostgreSQL and sets this: there, a suite that would skip fails instead.
    if (process.env.AR_REQUIRE_POSTGRES === '1' && !opts.root) throw new Error(`PostgreSQL is required here but cannot start: ${reason}`);
    console.log(`postgres: SKIPPED (${reason})`);
    return { ok: false, reason };
  };
  const root = opts.root ?? PG_ROOT;
  const binDir = postgresBinDir(root);
  if (!binDir) return skip(`no initdb under ${root}/*/bin; install Debian's postgresql package`);
  const asRoot = process.getuid?.() === 0;
  let pgUid = -1;
  let pgGid = -1;
  if (asRoot) {
    try {
      const ids = await run('id', ['-u', 'postgres']);
      const gids = await run('id', ['-g', 'postgres']);
      pgUid = Number(ids.stdout.trim());
      pgGid = Number(gids.stdout.trim());
    } catch {
      return skip('running as root and there is no postgres user to run the server as');
    }
  }
  const dir = mkdtempSync(join(asRoot ? baseDirFor(pgUid) : tmpdir(), 'ar-pg-'));
  const data = join(dir, 'data');
  const socketDir = join(dir, 'socket');
  mkdirSync(socketDir);
  const password = randomBytes(18).toString('base64url');
  writeFileSync(join(dir, 'pwfile'), `${password}\n`, { mode: 0o600 });
  if (asRoot) for (const p of [dir, socketDir, join(dir, 'pwfile')]) chownSync(p, pgUid, pgGid);
  const exec = runner(binDir, dir, asRoot);
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const superuser = asRoot ? 'postgres' : userInfo().username;
  try {
    await exec('initdb', [
      '-D',
      data,
      '-U',
      superuser,
      '--pwfile',
      join(dir, 'pwfile'),
      '--auth-host=scram-sha-256',
      '--auth-local=peer',
      '--encoding=UTF8',
      '--no-sync',
    ]);
  } catch (err) {
    remove();
    return skip(`initdb failed: ${describeFailure(err)}`);
  }
  let port = 0;
  for (let attempt = 0; attempt < 3 && !port; attempt++) {
    const candidate = await freePort();
    // Test clusters trade durability for speed: nothing here outlives the test file.
    const options = `-c listen_addresses=127.0.0.1 -p ${candidate} -k ${socketDir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    try {
      await exec('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', options, 'start']);
      port = candidate;
    } catch (err) {
      if (attempt === 2) {
        remove();
        return skip(`pg_ctl start failed: ${describeFailure(err)}`);
      }
    }
  }
  const urlOf = (db: string) => `postgres://${superuser}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;
  const stop = async () => {
    try {
      await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      remove();
    }
  };
  let counter = 0;
  const createDatabase = async (name = `t${process.pid}_${++counter}`) => {
    if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Not a plain database name: ${name}`);
    const admin = new pg.Client({ connectionString: urlOf('postgres') });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    return urlOf(name);
  };
  try {
    const url = await createDatabase('app');
    return { ok: true, url, port, createDatabase, stop };
  } catch (err) {
    await stop().catch(() => undefined);
    return skip(`the server started but a database could not be created: ${describeFailure(err)}`);
  }
}
