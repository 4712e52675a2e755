import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreWorkspace } from '../../../core/scoring/engine';
import { agent, answer, checklistOf, control, evidence, grant, input, inventory } from './fixtures';

const tenths = (xs: number[]) => xs.reduce((s, x) => s + Math.round(x * 10), 0);

describe('answers and points', () => {
  const checklist = checklistOf([
    control({ id: 'LOG-1', weight: 3 }),
    control({ id: 'LOG-2', weight: 1 }),
    control({ id: 'LOG-3', weight: 2 }),
  ]);
  it('scores yes 2, partial 1, no 0, weighted, out of 100', () => {
    const res = scoreWorkspace(
      input({
        checklist,
        inventory: inventory({ agents: [agent('a')] }),
        answers: [
          answer('a', 'LOG-1', 'yes', { evidence: [evidence('2026-05-01')] }),
          answer('a', 'LOG-2', 'partial'),
          answer('a', 'LOG-3', 'no'),
        ],
      }),
    );
    // (3*2 + 1*1 + 2*0) / (6*2) = 7/12 = 58.3
    expect(res.agents[0]!.score).toBe(58);
  });
  it('excludes n/a with a reason from the denominator', () => {
    const res = scoreWorkspace(
      input({
        checklist,
        inventory: inventory({ agents: [agent('a')] }),
        answers: [
          answer('a', 'LOG-1', 'yes', { evidence: [evidence('2026-05-01')] }),
          answer('a', 'LOG-2', 'na', { naReason: 'No logs kept here' }),
          answer('a', 'LOG-3', 'na', { naReason: 'Not relevant' }),
        ],
      }),
    );
    expect(res.agents[0]!.score).toBe(100);
    const na = res.agents[0]!.controls.find((c) => c.controlId === 'LOG-2')!;
    expect(na.points).toBeNull();
    expect(na.notes).toContain('n/a: No logs kept here');
  });
  it('treats n/a without a reason as no', () => {
    const res = scoreWorkspace(
      input({ checklist, inventory: inventory({ agents: [agent('a')] }), answers: [answer('a', 'LOG-2', 'na', { naReason: '  ' })] }),
    );
    const c = res.agents[0]!.controls.find((x) => x.controlId === 'LOG-2')!;
    expect(c.effective).toBe('no');
    expect(c.notes[0]).toContain('needs a written reason');
  });
  it('counts unanswered controls as no and says so', () => {
    const res = scoreWorkspace(input({ checklist, inventory: inventory({ agents: [agent('a')] }) }));
    expect(res.agents[0]!.score).toBe(0);
    expect(res.agents[0]!.controls[0]!.source).toBe('unanswered');
  });
});

describe('freshness decay', () => {
  const checklist = checklistOf([control({ id: 'LOG-1', reviewPeriodDays: 30 })]);
  const score = (ev: string[]) =>
    scoreWorkspace(
      input({
        checklist,
        inventory: inventory({ agents: [agent('a')] }),
        answers: [answer('a', 'LOG-1', 'yes', { evidence: ev.map(evidence) })],
      }),
    ).agents[0]!;
  it('keeps yes when the newest evidence is within the review period', () => {
    const a = score(['2026-01-01', '2026-05-02']); // 30 days before 2026-06-01
    expect(a.controls[0]!.effective).toBe('yes');
    expect(a.score).toBe(100);
  });
  it('decays yes to partial when evidence is older than the review period, and says so', () => {
    const a = score(['2026-05-01']); // 31 days
    expect(a.controls[0]!.effective).toBe('partial');
    expect(a.controls[0]!.decayed).toBe(true);
    expect(a.controls[0]!.notes[0]).toMatch(/2026-05-01\) is 31 days old, older than the 30-day review period/);
    expect(a.score).toBe(50);
  });
  it('decays a yes with no evidence', () => {
    expect(score([]).controls[0]!.effective).toBe('partial');
  });
});

describe('verdicts and capping', () => {
  const list = (critical: boolean) =>
    checklistOf([
      control({ id: 'APR-2', weight: 3, critical, rule: { id: 'destructive-without-gate' } as never }),
      ...Array.from({ length: 9 }, (_, i) => control({ id: `LOG-${i + 1}`, weight: 3 })),
    ]);
  const answers = Array.from({ length: 9 }, (_, i) => answer('a', `LOG-${i + 1}`, 'yes', { evidence: [evidence('2026-05-20')] }));
  it('caps at Not ready when a critical control has an open finding, whatever the total', () => {
    const a = scoreWorkspace(
      input({
        checklist: list(true),
        inventory: inventory({ agents: [agent('a')], grants: [grant('a', { actions: ['delete'] })] }),
        answers,
      }),
    ).agents[0]!;
    expect(a.score).toBe(90);
    expect(a.bandVerdict).toBe('ready');
    expect(a.verdict).toBe('not-ready');
    expect(a.capReasons[0]).toContain('APR-2');
  });
  it('lists cap reasons proven by data before unanswered controls', () => {
    const cl = checklistOf([
      control({ id: 'ENV-3', weight: 3, critical: true }),
      control({ id: 'APR-2', weight: 3, critical: true, rule: { id: 'destructive-without-gate' } as never }),
    ]);
    const a = scoreWorkspace(
      input({ checklist: cl, inventory: inventory({ agents: [agent('a')], grants: [grant('a', { actions: ['delete'] })] }) }),
    ).agents[0]!;
    expect(a.capReasons).toHaveLength(2);
    expect(a.capReasons[0]).toMatch(/^APR-2 .*1 open finding \(System db in Prod: can delete with no approval gate\.\)$/);
    expect(a.capReasons[1]).toContain('ENV-3');
    expect(a.capReasons[1]).toContain('not answered yet');
  });
  it('does not cap on a non-critical finding', () => {
    const a = scoreWorkspace(
      input({
        checklist: list(false),
        inventory: inventory({ agents: [agent('a')], grants: [grant('a', { actions: ['delete'] })] }),
        answers,
      }),
    ).agents[0]!;
    expect(a.verdict).toBe('ready');
  });
  it('caps when a critical manual control is answered no', () => {
    const cl = checklistOf([
      control({ id: 'LOG-1', weight: 3, critical: true }),
      ...Array.from({ length: 20 }, (_, i) => control({ id: `REC-${i + 1}`, weight: 3 })),
    ]);
    const ans = [
      answer('a', 'LOG-1', 'no'),
      ...Array.from({ length: 20 }, (_, i) => answer('a', `REC-${i + 1}`, 'yes', { evidence: [evidence('2026-05-20')] })),
    ];
    const a = scoreWorkspace(input({ checklist: cl, inventory: inventory({ agents: [agent('a')] }), answers: ans })).agents[0]!;
    expect(a.score).toBe(95);
    expect(a.verdict).toBe('not-ready');
    expect(a.capReasons[0]).toContain('answered no');
  });
  it('uses the bands: >=85 ready, 60-84 conditional, <60 not ready', () => {
    const cl = checklistOf(Array.from({ length: 20 }, (_, i) => control({ id: `LOG-${i + 1}`, weight: 1 })));
    const verdictFor = (yes: number, partial: number) => {
      const ans = Array.from({ length: 20 }, (_, i) =>
        answer('a', `LOG-${i + 1}`, i < yes ? 'yes' : i < yes + partial ? 'partial' : 'no', { evidence: [evidence('2026-05-20')] }),
      );
      const a = scoreWorkspace(input({ checklist: cl, inventory: inventory({ agents: [agent('a')] }), answers: ans })).agents[0]!;
      return [a.score, a.verdict];
    };
    expect(verdictFor(17, 0)).toEqual([85, 'ready']);
    expect(verdictFor(16, 1)).toEqual([83, 'conditional']);
    expect(verdictFor(12, 0)).toEqual([60, 'conditional']);
    expect(verdictFor(11, 1)).toEqual([58, 'not-ready']);
  });
});

describe('computed findings versus self-attested answers', () => {
  const checklist = checklistOf([control({ id: 'APR-2', weight: 3, critical: true, rule: { id: 'destructive-without-gate' } as never })]);
  const inv = inventory({ agents: [agent('a')], grants: [grant('a', { id: 'gx', actions: ['delete'] })] });
  it('a self-attested yes cannot override an open finding', () => {
    const a = scoreWorkspace(
      input({ checklist, inventory: inv, answers: [answer('a', 'APR-2', 'yes', { evidence: [evidence('2026-05-30')] })] }),
    ).agents[0]!;
    expect(a.controls[0]!.effective).toBe('no');
    expect(a.controls[0]!.notes.join(' ')).toContain('cannot override a finding');
    expect(a.score).toBe(0);
  });
  it('an accepted risk (owner + expiry) lifts the cap and counts as partial', () => {
    const first = scoreWorkspace(input({ checklist, inventory: inv })).agents[0]!;
    const key = first.controls[0]!.findings[0]!.key;
    const risk = {
      findingKey: key,
      agentId: 'a',
      controlId: 'APR-2',
      owner: 'CISO',
      reason: 'Vendor fix due',
      expiresOn: '2026-07-01',
      acceptedBy: 't',
      acceptedAt: 't',
    };
    const a = scoreWorkspace(input({ checklist, inventory: inv, acceptedRisks: [risk] })).agents[0]!;
    expect(a.controls[0]!.findings[0]!.status).toBe('accepted');
    expect(a.controls[0]!.effective).toBe('partial');
    expect(a.capReasons).toEqual([]);
    expect(a.verdict).toBe(a.bandVerdict);
    expect(a.score).toBe(50);
    const expired = scoreWorkspace(input({ checklist, inventory: inv, acceptedRisks: [{ ...risk, expiresOn: '2026-05-31' }] })).agents[0]!;
    expect(expired.controls[0]!.findings[0]!.status).toBe('open');
    expect(expired.controls[0]!.notes[0]).toContain('expired on 2026-05-31');
    expect(expired.verdict).toBe('not-ready');
  });
  it('a stricter manual answer beats a clean computed result', () => {
    const clean = inventory({ agents: [agent('a')], grants: [grant('a', { actions: ['delete'], approvalGate: 'single' })] });
    const a = scoreWorkspace(input({ checklist, inventory: clean, answers: [answer('a', 'APR-2', 'partial')] })).agents[0]!;
    expect(a.controls[0]!.effective).toBe('partial');
    expect(scoreWorkspace(input({ checklist, inventory: clean })).agents[0]!.controls[0]!.effective).toBe('yes');
  });
  it('a "yes" without evidence does not drag a clean computed result down (the data is the evidence)', () => {
    const clean = inventory({ agents: [agent('a')], grants: [grant('a', { actions: ['delete'], approvalGate: 'single' })] });
    const c = scoreWorkspace(input({ checklist, inventory: clean, answers: [answer('a', 'APR-2', 'yes')] })).agents[0]!.controls[0]!;
    expect(c.effective).toBe('yes');
    expect(c.notes.join(' ')).not.toContain('no evidence');
  });
  it('an open drill corrective action re-opens the controls it names', () => {
    const clean = inventory({ agents: [agent('a')], grants: [grant('a', { actions: ['delete'], approvalGate: 'single' })] });
    const drills = {
      recoveries: [],
      openCorrectiveActions: [
        {
          correctiveActionId: 'ca1',
          drillId: 'd1',
          agentId: 'a',
          controlIds: ['APR-2'],
          title: 'Add gate to purge job',
          owner: 'Marcus',
          dueDate: '2026-07-01',
        },
      ],
    };
    const a = scoreWorkspace(input({ checklist, inventory: clean, drillEvidence: drills })).agents[0]!;
    expect(a.controls[0]!.effective).toBe('no');
    expect(a.controls[0]!.findings[0]!.source).toBe('drill');
    expect(a.verdict).toBe('not-ready');
  });
});

describe('explanations add up', () => {
  it('explanation points sum exactly to the score and lost points to 100 - score', () => {
    const cl = checklistOf([
      control({ id: 'LOG-1', weight: 3 }),
      control({ id: 'LOG-2', weight: 1 }),
      control({ id: 'LOG-3', weight: 2 }),
      control({ id: 'REC-1', weight: 3 }),
      control({ id: 'REC-2', weight: 1 }),
      control({ id: 'REC-3', weight: 2 }),
      control({ id: 'REC-4', weight: 2 }),
    ]);
    const vals = ['yes', 'partial', 'no', 'partial', 'yes', 'partial', 'na'] as const;
    const ids = ['LOG-1', 'LOG-2', 'LOG-3', 'REC-1', 'REC-2', 'REC-3', 'REC-4'];
    const a = scoreWorkspace(
      input({
        checklist: cl,
        inventory: inventory({ agents: [agent('a')] }),
        answers: ids.map((id, i) => answer('a', id, vals[i]!, { evidence: [evidence('2026-05-30')], naReason: 'x' })),
      }),
    ).agents[0]!;
    // earned 3*2 + 1*1 + 2*0 + 3*1 + 1*2 + 2*1 = 14 of 24 -> 58.3
    expect(a.score).toBe(58);
    expect(tenths(a.explanation.map((e) => e.points))).toBe(a.score * 10);
    expect(tenths(a.explanation.map((e) => e.lost))).toBe((100 - a.score) * 10);
    expect(a.explanation.at(-1)!.effective).toBe('na');
  });
});

describe('explanations add up for any mix of answers (property)', () => {
  const cl = checklistOf(Array.from({ length: 12 }, (_, i) => control({ id: `OWN-${i + 1}`, weight: (i % 3) + 1 })));
  it('holds for 300 random agents', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('yes', 'partial', 'no', 'na', 'skip'), { minLength: 12, maxLength: 12 }), (vals) => {
        const ans = vals.flatMap((v, i) =>
          v === 'skip' ? [] : [answer('a', `OWN-${i + 1}`, v as 'yes', { naReason: 'reason', evidence: [evidence('2026-05-30')] })],
        );
        const a = scoreWorkspace(input({ checklist: cl, inventory: inventory({ agents: [agent('a')] }), answers: ans })).agents[0]!;
        if (a.explanation.every((e) => e.effective === 'na')) return;
        expect(tenths(a.explanation.map((e) => e.points))).toBe(a.score * 10);
        expect(tenths(a.explanation.map((e) => e.lost))).toBe((100 - a.score) * 10);
      }),
      { numRuns: 300 },
    );
  });
});
