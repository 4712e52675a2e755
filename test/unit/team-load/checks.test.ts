import { describe, expect, it } from 'vitest';
import { judgeEdits, judgeTimeline } from '../../load/checks';
import type { AckedEdit, AckedEvent } from '../../load/workload';

/** The load test's judges (test/load/checks.ts) catch what they are there to catch, so a 0 in its table means something. */
const edit = (baseVersion: number, value: string, version = baseVersion + 1): AckedEdit => ({
  kind: 'agent',
  id: 'a1',
  baseVersion,
  version,
  value,
});

describe('lost updates', () => {
  it('accepts a chain of saves whose last one is the current state', () => {
    expect(judgeEdits([edit(1, 'x'), edit(2, 'y'), edit(3, 'z')], { version: 4, value: 'z' })).toEqual([]);
  });
  it('counts two saves acknowledged from the same version (one overwrote the other)', () => {
    const p = judgeEdits([edit(1, 'x'), edit(1, 'y', 2)], { version: 2, value: 'y' });
    expect(p.map((x) => x.what)).toContain('lost update');
    expect(p.length).toBeGreaterThanOrEqual(1);
  });
  it('counts the latest acknowledged save when the record says something else', () => {
    expect(judgeEdits([edit(1, 'x'), edit(2, 'y')], { version: 3, value: 'x' })).toHaveLength(1);
    expect(judgeEdits([edit(1, 'x')], null)[0]!.detail).toContain('the record is gone');
  });
  it('counts a save that skipped a version (someone wrote between its check and its write)', () => {
    expect(judgeEdits([edit(1, 'x', 3)], { version: 3, value: 'x' })[0]!.detail).toContain('by one');
  });
});

describe('lost acknowledged events', () => {
  const acked = (seq: number, text: string): AckedEvent => ({ drillId: 'd1', seq, type: 'note', text });
  const note = (seq: number, text: string) => ({ seq, type: 'note', payload: { text } });
  it('accepts every acknowledged event at its seq in a gap-free timeline', () => {
    expect(
      judgeTimeline('d1', [acked(1, 'a'), acked(3, 'c')], [note(1, 'a'), { seq: 2, type: 'inject', payload: {} }, note(3, 'c')]),
    ).toEqual({
      gaps: [],
      lost: [],
    });
  });
  it('counts an acknowledged event that is missing, moved or doubled, and a gap', () => {
    const r = judgeTimeline('d1', [acked(1, 'a'), acked(2, 'b'), acked(3, 'c')], [note(1, 'a'), note(3, 'c'), note(4, 'a')]);
    expect(r.gaps).toHaveLength(1);
    expect(r.lost.map((p) => p.detail.split(':')[0])).toEqual(['drill d1 seq 1 note "a"', 'drill d1 seq 2 note "b"']);
  });
});
