import { describe, expect, it } from 'vitest';
import { controlContent, splitCarryOver, type StoredAnswer } from '../../../core/scoring/carry-over';
import type { Checklist } from '../../../core/checklist/schema';
import { checklistOf, control } from './fixtures';

const v1 = {
  ...checklistOf([control({ id: 'PRM-1', question: 'Is it gated?', weight: 3 }), control({ id: 'PRM-2', question: 'Is it logged?' })]),
  id: 'ops',
  version: '1.0.0',
};
const withVersion = (version: string, controls: Record<string, unknown>[]): Checklist => ({ ...checklistOf(controls), id: 'ops', version });
const hashes = (cl: Checklist) => new Map(cl.controls.map((c) => [c.id, controlContent(c)]));
const answer = (controlId: string, over: Partial<StoredAnswer> = {}): StoredAnswer => ({
  agentId: 'a',
  controlId,
  value: 'yes',
  naReason: '',
  note: '',
  answeredBy: 'Ana',
  answeredAt: '2026-05-01T00:00:00.000Z',
  evidence: [],
  checklistId: 'ops',
  checklistVersion: '1.0.0',
  ...over,
});
const split = (active: Checklist, answers: StoredAnswer[], loaded: Checklist[] = [v1, active]) => {
  const byVersion = new Map(loaded.map((c) => [c.version, hashes(c)]));
  return splitCarryOver(answers, active, (v) => byVersion.get(v));
};

describe('re-attestation instead of silent carry-over', () => {
  it('same control unchanged in a new version: carried', () => {
    const v2 = withVersion('2.0.0', [
      control({ id: 'PRM-1', question: 'Is it gated?', weight: 3 }),
      control({ id: 'PRM-2', question: 'Is it logged?' }),
    ]);
    const r = split(v2, [answer('PRM-1'), answer('PRM-2')]);
    expect(r.inForce.map((a) => a.controlId)).toEqual(['PRM-1', 'PRM-2']);
    expect(r.reattest).toEqual([]);
  });
  it('question text changed: needs re-attestation, the old answer kept for reference', () => {
    const v2 = withVersion('2.0.0', [
      control({ id: 'PRM-1', question: 'Is every delete gated?', weight: 3 }),
      control({ id: 'PRM-2', question: 'Is it logged?' }),
    ]);
    const r = split(v2, [answer('PRM-1'), answer('PRM-2')]);
    expect(r.inForce.map((a) => a.controlId)).toEqual(['PRM-2']);
    expect(r.reattest.map((x) => [x.previous.controlId, x.previous.value, x.previous.checklistVersion])).toEqual([
      ['PRM-1', 'yes', '1.0.0'],
    ]);
    expect(r.reattest[0]!.reason).toMatch(/question, rule or weight changed in version 2.0.0/);
  });
  it('weight changed: needs re-attestation', () => {
    const v2 = withVersion('2.0.0', [
      control({ id: 'PRM-1', question: 'Is it gated?', weight: 1 }),
      control({ id: 'PRM-2', question: 'Is it logged?' }),
    ]);
    expect(split(v2, [answer('PRM-1')]).reattest.map((x) => x.previous.controlId)).toEqual(['PRM-1']);
  });
  it('rule changed: needs re-attestation', () => {
    const v2 = withVersion('2.0.0', [
      control({ id: 'PRM-1', question: 'Is it gated?', weight: 3, rule: { id: 'stale-access' } as never }),
      control({ id: 'PRM-2', question: 'Is it logged?' }),
    ]);
    expect(split(v2, [answer('PRM-1')]).reattest).toHaveLength(1);
  });
  it('a different checklist id: never carried, not even for reference', () => {
    const other = { ...v1, id: 'vendor' };
    const r = splitCarryOver([answer('PRM-1'), answer('PRM-2')], other, () => hashes(other));
    expect(r).toEqual({ inForce: [], reattest: [] });
  });
  it('answers to the active version always count; a control that left the checklist drops out', () => {
    const v2 = withVersion('2.0.0', [control({ id: 'PRM-2', question: 'Is it logged?' })]);
    const r = split(v2, [answer('PRM-1'), answer('PRM-2', { checklistVersion: '2.0.0' })]);
    expect(r.inForce.map((a) => a.controlId)).toEqual(['PRM-2']);
    expect(r.reattest).toEqual([]);
  });
  it('rule params compare by content, not key order', () => {
    expect(controlContent({ question: 'q', weight: 1, rule: { id: 'x', params: { a: 1, b: 2 } } as never })).toBe(
      controlContent({ question: 'q', weight: 1, rule: { id: 'x', params: { b: 2, a: 1 } } as never }),
    );
  });
});
