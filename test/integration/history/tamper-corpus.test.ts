import type BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryFailureKind } from '../../../core/history/model';
import { verifyHistory } from '../../../electron/store/history/index';
import { removeDir } from '../helpers';
import { forgedEntry, insertRow, makeFixture, tamperCopy, type Fixture } from './tamper-fixture';

/**
 * Issue 11's tamper corpus: each case edits a copy of a real workspace file directly in SQLite
 * (append-only triggers dropped, as someone with the file and a SQLite shell would) and expects
 * `verify` to report it, naming the entry (or the record) and the kind of tampering.
 */
type Db = BetterSqlite3.Database;
type Case = {
  name: string;
  kinds: HistoryFailureKind[];
  tamper: (db: Db, f: Fixture) => void;
  /** What the report must name: an entry seq, or an entity id. */
  names: (db: Db, f: Fixture) => { seq?: number; entityId?: string };
};

const count = (db: Db): number => db.prepare('SELECT COUNT(*) FROM history').pluck().get() as number;
const row = (db: Db, seq: number) => db.prepare('SELECT * FROM history WHERE seq = ?').get(seq) as { hash: string; prev_hash: string };
const MID = 20;
const editCase = (name: string, set: string): Case => ({
  name,
  kinds: ['edited'],
  tamper: (db) => db.prepare(`UPDATE history SET ${set} WHERE seq = ?`).run(MID),
  names: () => ({ seq: MID }),
});
const renumber = (db: Db, from: number, by: number) => {
  db.prepare('UPDATE history SET seq = seq + 100000 WHERE seq >= ?').run(from);
  db.prepare('UPDATE history SET seq = seq - 100000 + ? WHERE seq >= 100000').run(by);
};
const swap = (db: Db, a: number, b: number) => {
  db.prepare('UPDATE history SET seq = -1 WHERE seq = ?').run(a);
  db.prepare('UPDATE history SET seq = ? WHERE seq = ?').run(a, b);
  db.prepare('UPDATE history SET seq = ? WHERE seq = -1').run(b);
};

const CASES: Case[] = [
  editCase('edit the new value of a change', `after_json = '{"approval_gate":"none"}'`),
  editCase('edit the actor of an entry', `actor_name = 'Someone else'`),
  editCase('edit the time of an entry', `at = '2020-01-01T00:00:00.000Z'`),
  editCase('edit the entity id of an entry', `entity_id = 'another-record'`),
  editCase('edit the action of an entry', `action = CASE action WHEN 'delete' THEN 'update' ELSE 'delete' END`),
  editCase('add a reason to an entry', `reason = 'it was always like this'`),
  editCase('edit the door of an entry', `door = 'http'`),
  editCase('break the JSON of an entry', `before_json = '{not json'`),
  editCase("replace an entry's hash", `hash = '${'0'.repeat(64)}'`),
  editCase("replace an entry's previous hash", `prev_hash = '${'1'.repeat(64)}'`),
  editCase("change an entry's recorded state hash", `state_hash = '${'2'.repeat(64)}'`),
  {
    name: 'delete an entry in the middle',
    kinds: ['deleted'],
    tamper: (db) => db.prepare('DELETE FROM history WHERE seq = ?').run(MID),
    names: () => ({ seq: MID + 1 }),
  },
  {
    name: 'delete the first entry',
    kinds: ['deleted'],
    tamper: (db) => db.prepare('DELETE FROM history WHERE seq = 1').run(),
    names: () => ({ seq: 2 }),
  },
  {
    name: 'delete a range of entries',
    kinds: ['deleted'],
    tamper: (db) => db.prepare('DELETE FROM history WHERE seq BETWEEN ? AND ?').run(MID, MID + 4),
    names: () => ({ seq: MID + 5 }),
  },
  {
    name: 'delete an entry and renumber the rest to close the gap',
    kinds: ['deleted', 'edited'],
    tamper: (db) => {
      db.prepare('DELETE FROM history WHERE seq = ?').run(MID);
      renumber(db, MID + 1, -1);
    },
    names: () => ({ seq: MID }),
  },
  { name: 'swap two neighbouring entries', kinds: ['reordered'], tamper: (db) => swap(db, MID, MID + 1), names: () => ({ seq: MID }) },
  { name: 'swap two distant entries', kinds: ['reordered'], tamper: (db) => swap(db, MID, MID + 10), names: () => ({ seq: MID }) },
  {
    name: 'insert a forged entry (hash computed correctly) in the middle',
    kinds: ['inserted'],
    tamper: (db) => {
      const prev = row(db, MID - 1).hash;
      renumber(db, MID, 1);
      insertRow(db, forgedEntry(MID, prev));
    },
    names: () => ({ seq: MID }),
  },
  {
    name: 'insert a forged entry with a made-up hash in the middle',
    kinds: ['inserted'],
    tamper: (db) => {
      const prev = row(db, MID - 1).hash;
      renumber(db, MID, 1);
      insertRow(db, { ...forgedEntry(MID, prev), hash: '3'.repeat(64) });
    },
    names: () => ({ seq: MID }),
  },
  {
    name: 'append a forged entry (hash computed correctly) at the end',
    kinds: ['inserted'],
    tamper: (db) => {
      const n = count(db);
      insertRow(db, forgedEntry(n + 1, row(db, n).hash));
    },
    names: (db) => ({ seq: count(db) }),
  },
  {
    name: 'append a forged entry and move the head record too',
    kinds: ['changed-without-entry'],
    tamper: (db) => {
      const n = count(db);
      const forged = forgedEntry(n + 1, row(db, n).hash);
      insertRow(db, forged);
      db.prepare('UPDATE history_head SET seq = ?, hash = ?').run(n + 1, forged.hash);
    },
    // The forged entry claims a grant that does not exist: the state check names it.
    names: () => ({ entityId: 'forged' }),
  },
  {
    name: 'truncate the last three entries',
    kinds: ['truncated'],
    tamper: (db) => db.prepare('DELETE FROM history WHERE seq > ?').run(count(db) - 3),
    names: (db) => ({ seq: count(db) + 1 }),
  },
  {
    name: 'truncate the whole history',
    kinds: ['truncated'],
    tamper: (db) => db.prepare('DELETE FROM history').run(),
    names: () => ({ seq: 1 }),
  },
  {
    name: 'truncate the tail and rewind the head record',
    kinds: ['changed-without-entry'],
    tamper: (db) => {
      const keep = count(db) - 4;
      db.prepare('DELETE FROM history WHERE seq > ?').run(keep);
      db.prepare('UPDATE history_head SET seq = ?, hash = ?').run(keep, row(db, keep).hash);
    },
    // The first record whose last change was cut off is named (which one depends on the order of the tail).
    names: () => ({}),
  },
  {
    name: 'delete the head record',
    kinds: ['truncated'],
    tamper: (db) => db.prepare('DELETE FROM history_head').run(),
    names: (db) => ({ seq: count(db) }),
  },
  {
    name: "change an agent's purpose without an entry",
    kinds: ['changed-without-entry'],
    tamper: (db, f) => db.prepare("UPDATE agents SET purpose = 'quietly changed' WHERE id = ?").run(f.agentId),
    names: (_db, f) => ({ entityId: f.agentId }),
  },
  {
    name: "weaken a grant's approval gate without an entry",
    kinds: ['changed-without-entry'],
    tamper: (db, f) => db.prepare("UPDATE grants SET approval_gate = 'none' WHERE id = ?").run(f.grantId),
    names: (_db, f) => ({ entityId: f.grantId }),
  },
  {
    name: 'delete a grant without an entry',
    kinds: ['changed-without-entry'],
    tamper: (db, f) => db.prepare('DELETE FROM grants WHERE id = ?').run(f.grantId),
    names: (_db, f) => ({ entityId: f.grantId }),
  },
  {
    name: 'add an agent without an entry',
    kinds: ['changed-without-entry'],
    tamper: (db) =>
      db
        .prepare(
          "INSERT INTO agents (id, name, name_key, lifecycle, created_at, updated_at) VALUES ('ghost', 'Ghost', 'ghost', 'production', 'x', 'x')",
        )
        .run(),
    names: () => ({ entityId: 'ghost' }),
  },
  {
    name: 'rename the workspace without an entry',
    kinds: ['changed-without-entry'],
    tamper: (db) => db.prepare("UPDATE meta SET value = 'Renamed' WHERE key = 'name'").run(),
    names: () => ({ entityId: 'name' }),
  },
  {
    name: "unlink an agent's workflow without an entry",
    kinds: ['changed-without-entry'],
    tamper: (db) => db.prepare('DELETE FROM agent_workflows WHERE agent_id = (SELECT MIN(agent_id) FROM agent_workflows)').run(),
    names: () => ({}),
  },
];

let fixture: Fixture;
beforeAll(async () => {
  fixture = await makeFixture();
}, 120_000);
afterAll(() => removeDir(fixture.dataDir));

describe('tamper corpus: every case made directly in SQLite is detected, with the entry named', () => {
  it('the untouched file verifies intact', () => {
    const { db } = tamperCopy(fixture, 'untouched');
    const v = verifyHistory(db);
    expect(v.message).toMatch(/^history intact: \d+ entries, head [0-9a-f]{64}$/);
    expect(v.count).toBeGreaterThan(MID + 15);
    db.close();
  });

  it(`has at least 25 cases (${CASES.length})`, () => expect(CASES.length).toBeGreaterThanOrEqual(25));

  const detected: string[] = [];
  for (const c of CASES)
    it(c.name, () => {
      const { db } = tamperCopy(fixture, c.name.replace(/\W+/g, '-'));
      try {
        c.tamper(db, fixture);
        const v = verifyHistory(db);
        expect(v.intact, v.message).toBe(false);
        if (v.intact) return;
        expect(c.kinds, v.message).toContain(v.kind);
        expect(v.seq !== null || v.entityId !== null, 'names an entry or a record').toBe(true);
        const named = c.names(db, fixture);
        if (named.seq !== undefined) expect(v.seq, v.message).toBe(named.seq);
        if (named.entityId !== undefined) expect(v.entityId, v.message).toBe(named.entityId);
        detected.push(`${c.name}: ${v.kind} - ${v.message}`);
      } finally {
        db.close();
      }
    });

  it('figure for the closing note: detected / total', () => {
    console.log(`tamper corpus: ${detected.length} / ${CASES.length} detected\n${detected.join('\n')}`);
    expect(detected.length).toBe(CASES.length);
  });
});
