/**
 * The safety guard, enforced: whatever a scenario file, a crafted message to the rogue, or a planted
 * symlink tries, nothing outside the drill's own sandbox is read for writing, changed or removed.
 */
import BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIO_YAML } from '../../../core/drills/builtin';
import type { SandboxSpecInput } from '../../../core/drills/live-fire';
import { parseScenarioYaml } from '../../../core/drills/parse';
import { liveChildren, SqliteSandbox, type ChildScripts } from '../../../electron/services/live-fire/index';
import { exited, forkChild, killChild, nextMessage } from '../../../electron/services/live-fire/processes';
import type { RogueMessage } from '../../../electron/services/live-fire/rogue';
import { buildChildScripts, makeParentDir, removeDir, roguePids } from './helpers';

const SPEC: SandboxSpecInput = {
  seed: { seed: 3, tables: [{ name: 'customers', rows: 200 }] },
  before: { backup: 'take', location: 'same-volume' },
  rogue: { timeline: [{ at: 1, action: 'mass-delete', table: 'customers' }] },
};

let scripts: ChildScripts & { dist: string };
let parentDir = '';
let outside = '';
let outsideDb = '';
const hash = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

beforeAll(async () => {
  scripts = await buildChildScripts();
  parentDir = makeParentDir();
  // Someone's real data, next to the sandboxes: it must come through every test unchanged.
  outside = join(parentDir, 'not-a-sandbox');
  mkdirSync(outside);
  outsideDb = join(outside, 'workspace.sqlite');
  const db = new BetterSqlite3(outsideDb);
  db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES (1), (2), (3)');
  db.close();
  writeFileSync(join(outside, 'notes.txt'), 'keep me');
});

afterAll(() => {
  removeDir(parentDir);
  expect(liveChildren()).toBe(0);
  expect(roguePids(scripts.dist)).toEqual([]);
  removeDir(scripts.dist);
});

/** Starts a rogue by hand with a message the planner would never produce. */
async function rawRogue(start: Record<string, unknown>): Promise<{ messages: RogueMessage[]; code: number | null }> {
  const child = forkChild(scripts.rogue, [], parentDir);
  const messages: RogueMessage[] = [];
  child.on('message', (m: RogueMessage) => messages.push(m));
  await nextMessage<RogueMessage>(child, (m) => m.type === 'ready', 10_000);
  const done = nextMessage<RogueMessage>(child, (m) => m.type === 'timeline-done' || m.type === 'failed', 10_000);
  const end = exited(child);
  child.send({ type: 'start', maxStatements: 10, maxMs: 5000, heartbeatTimeoutMs: 5000, ...start });
  // A rogue that refused stops by itself; one that finished its timeline waits to be killed.
  const last = await done.catch(() => null);
  if (last?.type !== 'failed') await killChild(child);
  return { messages, code: (await end).code };
}

describe('a scenario cannot point the rogue anywhere', () => {
  it.each([
    ['sandbox', 'path', (y: string) => y.replace('  engine: sqlite\n', '  engine: sqlite\n  path: /home/me/prod.sqlite\n')],
    [
      'sandbox.rogue',
      'database',
      (y: string) => y.replace('    maxStatements: 20\n', '    maxStatements: 20\n    database: /var/lib/x.sqlite\n'),
    ],
    ['sandbox.rogue.timeline.0', 'file', (y: string) => y.replace('table: orders }', 'table: orders, file: ../../etc/passwd }')],
  ])('an unknown key naming a target is refused (%s.%s)', (field, key, edit) => {
    const d1 = BUILTIN_SCENARIO_YAML['d1-prod-db-dropped-during-freeze.yaml']!;
    const r = parseScenarioYaml(edit(d1));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ field, line: expect.any(Number), message: `Unrecognized key: "${key}"` });
  });

  it('re-opening a folder the app did not create is refused, and it is left as it was', () => {
    const before = hash(outsideDb);
    expect(() => SqliteSandbox.reopen(outside, 'a'.repeat(32), SPEC)).toThrow(/Live-fire guard/);
    expect(() => SqliteSandbox.reopen('/etc', 'a'.repeat(32), SPEC)).toThrow(/Live-fire guard/);
    expect(() => SqliteSandbox.reopen(`${parentDir}/../x`, 'a'.repeat(32), SPEC)).toThrow(/Live-fire guard/);
    expect(hash(outsideDb)).toBe(before);
  });

  it("a sandbox re-opened with another drill's id is refused", () => {
    const s = SqliteSandbox.create(SPEC, new Date(), parentDir);
    try {
      expect(() => SqliteSandbox.reopen(s.layout.root, 'b'.repeat(32), SPEC)).toThrow(/another drill/);
    } finally {
      s.dispose();
    }
  });
});

describe('the rogue process refuses every other target', () => {
  it('a grant naming a folder the app did not create: the rogue stops having written nothing', async () => {
    const before = hash(outsideDb);
    const { messages, code } = await rawRogue({
      grant: { engine: 'sqlite', root: outside, sandboxId: 'c'.repeat(32), token: 'd'.repeat(64) },
      steps: [{ kind: 'sql', atMs: 0, action: 'mass-delete', sql: 'DELETE FROM customers', params: [] }],
    });
    expect(messages.find((m) => m.type === 'failed')).toMatchObject({ message: expect.stringMatching(/Live-fire guard/) });
    expect(code).toBe(3);
    expect(hash(outsideDb)).toBe(before);
  });

  it('ATTACH, VACUUM INTO and load_extension are refused even when sent directly to the rogue', async () => {
    const s = SqliteSandbox.create(SPEC, new Date(), parentDir);
    const before0 = hash(outsideDb);
    try {
      const grant = s.grantRogue();
      const bad = [
        `ATTACH DATABASE '${outsideDb}' AS w`,
        `VACUUM INTO '${join(outside, 'copy.sqlite')}'`,
        "INSERT INTO customers (name, email, country, created_at) SELECT load_extension('/tmp/x.so'), 1, 1, 1",
        'DELETE FROM w.customers',
      ];
      const { messages } = await rawRogue({
        grant,
        steps: bad.map((sql) => ({ kind: 'sql', atMs: 0, action: 'crafted', sql, params: [] })),
      });
      const entries = messages.flatMap((m) => (m.type === 'statement' ? [m.entry] : []));
      expect(entries.map((e) => e.outcome)).toEqual(['refused', 'refused', 'refused', 'error']);
      expect(entries[3]!.message).toMatch(/no such table: w.customers/);
      expect(s.customerView()).toEqual([{ table: 'customers', visible: 200 }]);
      expect(hash(outsideDb)).toBe(before0);
    } finally {
      s.dispose();
    }
  });

  it('a symlink planted among the backups is not followed: the file it points to survives', async () => {
    const s = SqliteSandbox.create(SPEC, new Date(), parentDir);
    try {
      symlinkSync(join(outside, 'notes.txt'), join(s.layout.sameVolumeBackups, 'backup-20260101T000000-000Z.sqlite'));
      const { messages } = await rawRogue({ grant: s.grantRogue(), steps: [{ kind: 'delete-backups', atMs: 0, action: 'delete-backup' }] });
      const entry = messages.find((m) => m.type === 'statement');
      expect(entry).toMatchObject({ entry: { outcome: 'error', message: expect.stringMatching(/Symlinks are not followed/) } });
      expect(readFileSync(join(outside, 'notes.txt'), 'utf8')).toBe('keep me');
    } finally {
      s.dispose();
    }
  });

  it('a data file swapped for a symlink to another database is refused', async () => {
    const s = SqliteSandbox.create(SPEC, new Date(), parentDir);
    try {
      const before = hash(outsideDb);
      const grant = s.grantRogue();
      unlinkSync(s.layout.dataFile);
      symlinkSync(outsideDb, s.layout.dataFile);
      const { messages } = await rawRogue({
        grant,
        steps: [{ kind: 'sql', atMs: 0, action: 'mass-delete', sql: 'DELETE FROM customers', params: [] }],
      });
      expect(messages.find((m) => m.type === 'statement')).toMatchObject({ entry: { outcome: expect.not.stringMatching(/^ok$/) } });
      expect(hash(outsideDb)).toBe(before);
    } finally {
      s.dispose();
    }
  });

  it("the app's restore takes only this sandbox's own backups", async () => {
    const s = SqliteSandbox.create(SPEC, new Date(), parentDir);
    try {
      await expect(s.restore(outsideDb)).rejects.toThrow(/outside this drill's sandbox/);
      await expect(s.restore(`${s.layout.vault}/../volume/sandbox.sqlite`)).rejects.toThrow(/"\." or "\.\."/);
      await expect(s.restore(s.layout.dataFile)).rejects.toThrow(/Not a backup of this sandbox/);
    } finally {
      s.dispose();
    }
  });
});

describe('the rogue is bounded', () => {
  it('in statements and in time, and runs with a capped heap', async () => {
    const s = SqliteSandbox.create(SPEC, new Date(), parentDir);
    try {
      const step = (atMs: number) => ({ kind: 'sql', atMs, action: 'junk-rows', sql: 'UPDATE customers SET name = name', params: [] });
      const capped = await rawRogue({ grant: s.grantRogue(), maxStatements: 2, steps: [step(0), step(0), step(0), step(0)] });
      expect(capped.messages.filter((m) => m.type === 'statement')).toHaveLength(2);

      const child = forkChild(scripts.rogue, [], parentDir);
      expect(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8')).toContain('--max-old-space-size=64');
      await nextMessage<RogueMessage>(child, (m) => m.type === 'ready', 10_000);
      const messages: RogueMessage[] = [];
      child.on('message', (m: RogueMessage) => messages.push(m));
      child.send({ type: 'start', grant: s.grantRogue(), maxStatements: 10, maxMs: 300, heartbeatTimeoutMs: 5000, steps: [step(60_000)] });
      const end = await exited(child);
      expect(end.code).toBe(0);
      expect(messages.find((m) => m.type === 'failed')).toMatchObject({ message: expect.stringMatching(/time limit/) });
      expect(messages.some((m) => m.type === 'statement')).toBe(false);
    } finally {
      s.dispose();
    }
  });
});
