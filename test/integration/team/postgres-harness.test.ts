import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { postgresBinDir, startPostgres } from '../../support/postgres';

const server = await startPostgres();

describe.skipIf(!server.ok)('the PostgreSQL test harness (a real server on a temporary data folder)', () => {
  afterAll(async () => {
    if (server.ok) await server.stop();
  });

  it('serves SQL on 127.0.0.1 with a password, and every new database starts empty and separate', async () => {
    if (!server.ok) return;
    expect(server.url).toMatch(/^postgres:\/\/[^:]+:[^@]+@127\.0\.0\.1:\d+\/app$/);
    const a = new pg.Client({ connectionString: server.url });
    await a.connect();
    await a.query('CREATE TABLE t (v text)');
    await a.query("INSERT INTO t VALUES ('one')");
    expect((await a.query('SELECT v FROM t')).rows).toEqual([{ v: 'one' }]);
    await a.end();

    const other = new pg.Client({ connectionString: await server.createDatabase() });
    await other.connect();
    const tables = await other.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
    expect(tables.rows[0].n).toBe(0);
    await other.end();
  });

  it('refuses a wrong password (host connections are not trusted)', async () => {
    if (!server.ok) return;
    const wrong = server.url.replace(/:[^:@/]+@/, ':not-the-password@');
    const c = new pg.Client({ connectionString: wrong });
    await expect(c.connect()).rejects.toThrow(/password authentication failed/);
  });

  it('stop() ends the server and removes its folder', async () => {
    if (!server.ok) return;
    const second = await startPostgres();
    if (!second.ok) throw new Error(second.reason);
    const c = new pg.Client({ connectionString: second.url });
    await c.connect();
    const dir = (await c.query('SHOW data_directory')).rows[0].data_directory as string;
    await c.end();
    expect(existsSync(dir)).toBe(true);
    await second.stop();
    expect(existsSync(dir)).toBe(false);
    await expect(new pg.Client({ connectionString: second.url }).connect()).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('finding PostgreSQL', () => {
  it('picks the newest installed major version', () => {
    const root = mkdtempSync(join(tmpdir(), 'ar-pgroot-'));
    for (const v of ['9', '15', '13', 'notes']) mkdirSync(join(root, v, 'bin'), { recursive: true });
    for (const v of ['9', '13']) writeFileSync(join(root, v, 'bin', 'initdb'), '');
    expect(postgresBinDir(root)).toBe(join(root, '13', 'bin')); // 15 has no initdb
    rmSync(root, { recursive: true });
  });

  it('without PostgreSQL the suites skip and print why, instead of failing', async () => {
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
    const r = await startPostgres({ root: '/nonexistent-folder' });
    log.mockRestore();
    expect(r).toMatchObject({ ok: false, reason: expect.stringContaining('no initdb') });
    expect(printed).toEqual([expect.stringMatching(/^postgres: SKIPPED \(no initdb under \/nonexistent-folder/)]);
  });
});
