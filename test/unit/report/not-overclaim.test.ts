import { describe, expect, it } from 'vitest';
import { frameworkItemTitle } from '../../../core/checklist/frameworks';
import { reportScoresFrom } from '../../../core/report/from-scoring';
import { renderReportHtml } from '../../../core/report/html';
import type { ReportInput } from '../../../core/report/input';
import { renderReportMarkdown } from '../../../core/report/markdown';
import { buildReportModel } from '../../../core/report/model';
import { scoreWorkspace } from '../../../core/scoring/engine';
import { agent, answer, defaultChecklist, evidence, grant, input, inventory } from '../scoring/fixtures';

/**
 * Issue 11, section 10: each control in a report says how its result is known, and the crosswalk
 * carries manual gaps (answered no or partial, or never answered) to the framework rows.
 */
const checklist = defaultChecklist();
const inv = inventory({ agents: [agent('a1', { name: 'Ledger Bot' })], grants: [grant('a1', { actions: ['read', 'delete'] })] });
const answers = [
  answer('a1', 'LOG-2', 'partial', { answeredBy: 'Priya Raman', answeredAt: '2026-05-20T08:00:00.000Z' }),
  answer('a1', 'REC-4', 'yes', { answeredBy: 'Sam Ode', answeredAt: '2026-05-21T08:00:00.000Z', evidence: [evidence('2026-05-01')] }),
];
const scores = scoreWorkspace(input({ checklist, inventory: inv, answers }));

function reportInput(over: Partial<ReportInput> = {}): ReportInput {
  const byKey = new Map(answers.map((a) => [`${a.agentId}/${a.controlId}`, a]));
  const scoring = reportScoresFrom(
    scores,
    checklist,
    (a, c) => (byKey.get(`${a}/${c}`)?.evidence ?? []).map((e) => `${e.label} (${e.evidenceDate})`),
    (a, c) => {
      const x = byKey.get(`${a}/${c}`);
      return x ? { value: x.value, by: x.answeredBy, at: x.answeredAt } : undefined;
    },
  );
  return {
    workspace: { id: 'ws', name: 'Acme' },
    generatedAt: '2026-06-01T10:00:00.000Z',
    appVersion: '0.1.0',
    source: { kind: 'draft' },
    inventory: inv,
    history: [],
    drills: [],
    actions: [],
    ...scoring,
    ...over,
  };
}

describe('controls in a report are marked measured, attested or not evaluated', () => {
  const m = buildReportModel(reportInput());
  const card = m.scorecards[0]!;
  const row = (id: string) => card.controls.find((c) => c.controlId === id)!;

  it('marks a computed rule as measured, an answer as attested with attester, date and evidence, and a blank as not evaluated', () => {
    expect(card.controls).toHaveLength(checklist.controls.length);
    expect(row('PRM-2')).toMatchObject({ basis: 'measured', basisText: 'Measured: a computed rule checked the data' });
    expect(row('REC-4')).toMatchObject({ basis: 'attested', result: 'yes' });
    expect(row('REC-4').basisText).toBe('Attested: "yes" by Sam Ode on 21 May 2026; evidence: note (2026-05-01)');
    expect(row('LOG-2').basisText).toBe('Attested: "partial" by Priya Raman on 20 May 2026; no evidence attached');
    expect(row('LOG-1')).toMatchObject({ basis: 'not-evaluated', result: 'no' });
    const computed = checklist.controls.filter((c) => c.rule).length;
    expect(card.basis).toEqual({ measured: computed, attested: 2, 'not-evaluated': checklist.controls.length - computed - 2 });
  });

  it('prints the basis in HTML and Markdown', () => {
    const html = renderReportHtml(m);
    expect(html).toContain('Attested: &quot;yes&quot; by Sam Ode on 21 May 2026');
    expect(html).toMatch(/How each result is known: \d+ measured, 2 attested, \d+ not evaluated/);
    expect(renderReportMarkdown(m)).toContain('| Measured | Attested | Not evaluated |');
  });
});

describe('the framework crosswalk carries manual gaps', () => {
  const m = buildReportModel(reportInput());
  const fw = (framework: string, id: string) => m.frameworks.find((f) => f.framework === framework && f.id === id);

  it('an unanswered logging control reaches NIST 800-53 AU-2 and EU AI Act Art. 12(1)', () => {
    expect(fw('NIST-800-53', 'AU-2')).toMatchObject({
      findings: 0,
      attestedGaps: 0,
      notEvaluated: 1,
      controls: ['LOG-1'],
      agents: ['Ledger Bot'],
    });
    expect(fw('EU-AI-ACT', 'Art. 12(1)')?.notEvaluated).toBeGreaterThanOrEqual(1);
    expect(fw('EU-AI-ACT', 'Art. 12(1)')?.controls).toContain('LOG-1');
  });

  it('a manual control answered partial counts as an attested gap; a yes with fresh evidence counts as none', () => {
    expect(fw('NIST-800-53', 'AU-9')).toMatchObject({ attestedGaps: 1, notEvaluated: 0, controls: ['LOG-2'] });
    expect(fw('NIST-800-53', 'IR-6')).toBeUndefined(); // REC-4 answered yes with evidence
  });

  it('still maps computed findings, and names ASI items with their titles', () => {
    const findings = m.scorecards[0]!.findings;
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings)
      for (const x of f.frameworks) for (const id of x.ids) expect(fw(x.framework, id)!.findings).toBeGreaterThan(0);
    const asi = m.frameworks.filter((f) => f.framework === 'OWASP-AGENTIC');
    expect(asi.length).toBeGreaterThan(0);
    for (const r of asi) expect(r.title).toBe(frameworkItemTitle('OWASP-AGENTIC', r.id));
    expect(renderReportHtml(m)).toContain('ASI02 Tool Misuse and Exploitation');
  });

  it('drafts and reconstructed assessments say where their data came from; frozen ones give the snapshot hash', () => {
    expect(m.provenance.banner).toBe('Draft: live data as of 1 Jun 2026, 10:00 UTC');
    const old = buildReportModel(
      reportInput({
        source: { kind: 'assessment', id: 'x', title: 'Q1', finalisedAt: '2026-03-31T00:00:00.000Z' },
        provenance: { kind: 'reconstructed' },
      }),
    );
    expect(old.provenance.banner).toMatch(/^Reconstructed from live data: .* cannot be frozen retroactively\.$/);
    expect(renderReportMarkdown(old)).toContain('Reconstructed from live data');
    const frozen = buildReportModel(
      reportInput({
        source: { kind: 'assessment', id: 'x', title: 'Q1', finalisedAt: '2026-03-31T00:00:00.000Z' },
        provenance: { kind: 'frozen', snapshotSha256: 'a'.repeat(64), frozenAt: '2026-03-31T00:00:00.000Z', historyHead: null },
      }),
    );
    expect(frozen.provenance.banner).toBeNull();
    expect(renderReportHtml(frozen)).toContain(`SHA-256 ${'a'.repeat(64)}`);
    // A finalised report's trend point is dated when it was finalised, not when it is generated.
    expect(frozen.trend.at(-1)!.date).toBe('2026-03-31');
  });
});
