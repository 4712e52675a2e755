import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, removeDir, withWorkspace, type Harness } from '../helpers';

/**
 * Another process writing to the same workspace file (the team server's second instance): SQLite
 * may answer SQLITE_BUSY at the start of a transaction without waiting its busy timeout. The save
 * then waits for the other writer and goes through, instead of failing with "another process is
 * writing" (found by the team load test, test/load/).
 */
let harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses) h.close();
  if (harnesses[0]) removeDir(harnesses[0].dataDir);
  harnesses = [];
});

/** A second process that takes the write lock, says so, and lets go `holdMs` later (it writes nothing: the history stays whole). */
function otherWriter(file: string, holdMs: number): Promise<{ released: Promise<void> }> {
  const script = `
    const db = new (require('better-sqlite3'))(process.argv[1]);
    db.exec('BEGIN IMMEDIATE'); // the write lock, held as a writer in the middle of its transaction holds it
    console.log('locked');
    setTimeout(() => { db.exec('COMMIT'); db.close(); console.log('released'); }, Number(process.argv[2]));`;
  const child = spawn(process.execPath, ['-e', script, file, String(holdMs)], { cwd: resolve(import.meta.dirname, '../../..') });
  const released = new Promise<void>((done, fail) => {
    child.stdout.on('data', (c: Buffer) => c.toString().includes('released') && done());
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`the other writer exited with ${code}`))));
  });
  return new Promise((done, fail) => {
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => c.toString().includes('locked') && done({ released }));
    child.once('exit', (code) => fail(new Error(`the other writer exited with ${code} before locking: ${err}`)));
  });
}

describe('a save while another process holds the write lock', () => {
  it('waits for it and is saved, even where SQLite answers busy at once', async () => {
    const { h, workspaceId } = await withWorkspace(true);
    harnesses.push(h);
    const ws = h.ctx.workspace(workspaceId);
    // SQLite answering busy without waiting, as it does under contention between processes.
    ws.db.pragma('busy_timeout = 0');
    const other = await otherWriter(ws.file, 300);
    const t0 = performance.now();
    const made = await h.call('system:create', { workspaceId, system: { name: 'Orders DB', kind: 'database' } });
    expect(performance.now() - t0).toBeGreaterThan(100); // it did wait for the other writer
    await other.released;
    expect(made.name).toBe('Orders DB');
    const again = makeHarness({ dataDir: h.dataDir });
    harnesses.push(again);
    const systems = (await again.call('inventory:overview', { workspaceId })).systems.map((s) => s.name);
    expect(systems).toContain('Orders DB');
    expect((await again.call('history:verify', { workspaceId })).intact).toBe(true);
  });
});
