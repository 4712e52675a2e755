import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonArraySplitter } from '../../../electron/services/activity/json-array-splitter';
import { LineSplitter } from '../../../electron/services/activity/line-splitter';

/** Feeds `doc` to a splitter in the given chunk sizes and returns the parsed elements, lines and oversize reports. */
function split(doc: string, key: string | null, sizes: number[], max = 1_000_000) {
  const elements: unknown[] = [];
  const lines: number[] = [];
  const oversize: number[] = [];
  const splitter = new JsonArraySplitter(
    key,
    max,
    (text, line) => {
      elements.push(JSON.parse(text));
      lines.push(line);
    },
    (_line, index) => oversize.push(index),
  );
  let at = 0;
  for (let i = 0; at < doc.length; i++) {
    const size = sizes.length === 0 ? doc.length : Math.max(1, sizes[i % sizes.length] ?? 1);
    splitter.push(doc.slice(at, at + size));
    at += size;
  }
  return { elements, lines, oversize, found: splitter.foundArray };
}

const tricky = [
  { eventName: 'a', s: 'brackets ] } [ { and "quotes" and \\ backslash', n: 1 },
  { nested: { Records: [{ x: 1 }], list: [1, [2, [3]]] }, u: 'naïve ✓ \u2028' },
  { empty: {}, arr: [], esc: '\\"' },
];

describe('JsonArraySplitter', () => {
  it('finds the Records elements whatever the chunk boundaries (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 17 }), { maxLength: 6 }),
        fc.boolean(),
        (values, sizes, pretty) => {
          const records = [...tricky, ...values];
          const doc = JSON.stringify({ before: { Records: 'not this' }, Records: records, after: [1, 2] }, null, pretty ? 2 : undefined);
          expect(split(doc, 'Records', sizes).elements).toEqual(JSON.parse(JSON.stringify(records)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads a bare top-level array (GitHub export) and a lookup-events Events array', () => {
    expect(split('[{"a":1}, {"b":[2]} ,3]', null, [2]).elements).toEqual([{ a: 1 }, { b: [2] }, 3]);
    expect(split('{"NextToken":"x","Events":[{"EventId":"1"}]}', 'Events', [5]).elements).toEqual([{ EventId: '1' }]);
  });

  it('gives each element its starting line, and ignores a same-named key deeper down', () => {
    const doc = '{\n  "x": {"Records": [9]},\n  "Records": [\n    {"a": 1},\n    {"b": 2}\n  ]\n}';
    expect(split(doc, 'Records', [3])).toMatchObject({ elements: [{ a: 1 }, { b: 2 }], lines: [4, 5] });
  });

  it('skips an element larger than the bound and reports it, then goes on', () => {
    const doc = JSON.stringify({ Records: [{ a: 'x'.repeat(500) }, { b: 1 }] });
    expect(split(doc, 'Records', [64], 100)).toMatchObject({ elements: [{ b: 1 }], oversize: [0] });
  });

  it('says when there is no such array', () => {
    expect(split('{"records":[1]}', 'Records', []).found).toBe(false);
  });
});

describe('LineSplitter', () => {
  it('cuts LF and CRLF lines across chunks, and drops an over-long line with its number', () => {
    const lines: [string, number][] = [];
    const long: number[] = [];
    const s = new LineSplitter(
      10,
      (t, n) => lines.push([t, n]),
      (n) => long.push(n),
    );
    for (const chunk of ['ab', 'c\r\nde', 'f\n', 'x'.repeat(30), '\nlast']) s.push(chunk);
    s.end();
    expect(lines).toEqual([
      ['abc', 1],
      ['def', 2],
      ['last', 4],
    ]);
    expect(long).toEqual([3]);
  });
});
