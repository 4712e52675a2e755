import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../../core/report/html';
import type { ReportInput } from '../../../core/report/input';
import { renderReportMarkdown } from '../../../core/report/markdown';
import { buildReportModel } from '../../../core/report/model';

/** How the reports print times, durations and names a user typed: the same formats as the screens, names undisguisable. */
const DISGUISED = 'Invoice\u202Egpj.exe bot';
const input = (): ReportInput => ({
  workspace: { id: 'ws-1', name: 'Acme' },
  generatedAt: '2026-07-01T10:05:00.000Z',
  appVersion: '0.1.0',
  checklist: { id: 'default', version: '1.0.0', title: 'Agent readiness' },
  source: { kind: 'draft' },
  inventory: {
    workflows: [],
    environments: [],
    systems: [],
    agents: [
      {
        id: 'a1',
        name: DISGUISED,
        purpose: '',
        accountableOwner: '',
        technicalOperator: '',
        vendorModel: '',
        lifecycle: 'production',
        escalationContact: '',
        workflowIds: [],
        createdAt: '',
        updatedAt: '',
        version: 1,
      },
    ],
    grants: [],
  },
  scores: null,
  findings: [],
  history: [],
  drills: [
    {
      id: 'd1',
      title: 'Drive wipe',
      scenario: 'd7',
      agents: ['a1'],
      aar: null,
      status: 'completed',
      startedAt: '2026-06-30T09:00:00.000Z',
      completedAt: '2026-06-30T09:40:00.000Z',
      ttdMs: 80_000,
      ttcMs: 754_000,
      ttrMs: null,
    },
  ],
  actions: [{ id: 'c1', title: 'Gate deletes', owner: 'Dana', dueDate: '2026-08-01', status: 'open', source: 'Drill' }],
});

describe('report text', () => {
  it('prints the generation time through the shared formatter, in UTC with the zone named', () => {
    const m = buildReportModel(input());
    expect(renderReportHtml(m)).toContain('Generated 1 Jul 2026, 10:05 UTC');
    expect(renderReportMarkdown(m)).toContain('Generated 1 Jul 2026, 10:05 UTC');
  });

  it('prints drill durations exactly as the drill screens do', () => {
    const html = renderReportHtml(buildReportModel(input()));
    expect(html).toContain('<td>1 min 20 s</td>');
    expect(html).toContain('<td>12 min 34 s</td>');
    expect(html).toContain('<td>not reached</td>');
    expect(html).not.toMatch(/\d\.\d min/);
  });

  it('prints days as days ("1 Aug 2026"), not raw ISO', () => {
    const html = renderReportHtml(buildReportModel(input()));
    expect(html).toContain('<td>30 Jun 2026</td>');
    expect(html).toContain('<td>1 Aug 2026</td>');
  });

  it('shows a right-to-left override in a name as a marker in HTML (so the PDF) and Markdown, and isolates table cells', () => {
    const m = buildReportModel(input());
    const html = renderReportHtml(m);
    const md = renderReportMarkdown(m);
    expect(html).not.toContain('\u202E');
    expect(md).not.toContain('\u202E');
    expect(html).toContain('Invoice[RLO]gpj.exe bot');
    expect(html).toMatch(/td, th, li, h3, b, \.card p \{ unicode-bidi: isolate; \}/);
  });
});
