import { describe, expect, it } from 'vitest';
import { compareBinary, grantOrder } from '../../../electron/store/inventory/grant-order';

/** SQLite's BINARY collation: the bytes of UTF-8. */
const utf8 = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

describe('grant order in memory', () => {
  it('compares strings as the bytes of UTF-8, also where UTF-16 code units disagree', () => {
    const samples = ['', 'a', 'ab', 'b', 'Z', '\u00e9', '\uffff', '\ue000', '\u{1f600}', '\u{10000}', 'a\u{1f600}', 'a\uffff', 'a\ue000x'];
    for (const a of samples) for (const b of samples) expect(Math.sign(compareBinary(a, b))).toBe(Math.sign(utf8(a, b)));
    // The case a plain `<` gets wrong: U+FFFF is below U+1F600 in code point order.
    expect('\u{1f600}' < '\uffff').toBe(true);
    expect(compareBinary('\u{1f600}', '\uffff')).toBeGreaterThan(0);
  });

  it('gives ORDER BY agent_id, created_at, rowid for random rows', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 50; round++) {
      const ids = ['b', 'a', 'c\u{1f600}', 'c\uffff', 'aa', 'B'];
      const rows = Array.from({ length: rand(40) }, (_, rowid) => ({ rowid, agent: ids[rand(ids.length)]!, at: `2026-01-0${rand(4)}` }));
      const expected = [...rows].sort((x, y) => utf8(x.agent, y.agent) || utf8(x.at, y.at) || x.rowid - y.rowid).map((r) => r.rowid);
      const order = grantOrder(
        rows,
        (r) => r.agent,
        (r) => r.at,
      );
      expect(Array.from(order, (i) => rows[i]!.rowid)).toEqual(expected);
    }
  });
});
