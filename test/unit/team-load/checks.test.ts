import { describe, expect, it } from 'vitest';
import { judgeEdits, judgeHistory, judgeTimeline } from '../../load/checks';
import type { AckedEdit, AckedEvent } from '../../load/workload';

/** The load test's judges (test/load/checks.ts) catch what they are there to catch, so a 0 in its table means something. */
const edit = (baseVersion: number, value: string, version = baseVersion + 1): AckedEdit => ({
  kind: 'agent',
  id: 'a1',
  baseVersion,
  version,
  value,
  by: 'Ed',
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

describe('edits in the change history', () => {
  const e = (version: number, value: string, by = 'Ed'): AckedEdit => ({
    kind: 'grant',
    id: 'g1',
    baseVersion: version - 1,
    version,
    value,
    by,
  });
  const h = (seq: number, justification: string, name = 'Ed') => ({ seq, action: 'update', actor: { name }, after: { justification } });
  it('accepts each acknowledged edit recorded once, by its author, in version order', () => {
    expect(judgeHistory([e(2, 'a'), e(3, 'b')], 'justification', [h(10, 'a'), h(12, 'b')])).toEqual([]);
  });
  it('counts an edit missing, recorded twice, under someone else, or out of order', () => {
    const p = judgeHistory([e(2, 'a'), e(3, 'b'), e(4, 'c'), e(5, 'd', 'Pat')], 'justification', [
      h(20, 'a'),
      h(10, 'b'),
      h(11, 'c'),
      h(12, 'c'),
      h(13, 'd'),
    ]);
    expect(p.map((x) => x.what)).toEqual(['not in the history', 'not in the history', 'history out of order']);
  });
});
