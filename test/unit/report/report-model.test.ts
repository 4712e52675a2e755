import { describe, expect, it } from 'vitest';
import { trendSvg } from '../../../core/report/chart';
import { esc, escMd } from '../../../core/report/escape';
import { renderReportHtml } from '../../../core/report/html';
import { Grant } from '../../../core/inventory/model';
import type { ReportInput } from '../../../core/report/input';
import { renderReportMarkdown } from '../../../core/report/markdown';
import { buildReportModel } from '../../../core/report/model';
import { formatDuration, riskSentence } from '../../../core/report/words';

const XSS = '<script>alert(1)</script>';
const input = (): ReportInput => ({
  workspace: { id: 'ws-1', name: `Acme ${XSS}` },
  generatedAt: '2026-07-01T10:00:00.000Z',
  appVersion: '0.1.0',
  checklist: { id: 'default', version: '1.0.0', title: 'Agent readiness' },
  source: { kind: 'draft' },
  inventory: {
    workflows: [],
    environments: [{ id: 'e1', name: 'Production', tier: 'production', builtin: true, createdAt: '', updatedAt: '', version: 1 }],
    systems: [
      {
        id: 's1',
        name: 'Invoice ledger',
        kind: 'database',
        criticality: 'critical',
        dataSensitivity: 'restricted',
        createdAt: '',
        updatedAt: '',
        version: 1,
      },
    ],
    agents: [
      {
        id: 'a2',
        name: 'Zeta',
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
      {
        id: 'a1',
        name: `Billing Assistant ${XSS}`,
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
    grants: [
      {
        id: 'g1',
        agentId: 'a1',
        systemId: 's1',
        environmentId: 'e1',
        actions: ['read', 'delete'],
        scope: '*',
        credentialIdentity: '',
        approvalGate: 'none',
        expiresAt: null,
        justification: '',
        createdAt: '',
        updatedAt: '',
        version: 1,
      },
    ].map((g) => Grant.parse(g)),
  },
  scores: null,
  findings: [],
  history: [],
  drills: [],
  actions: [{ id: 'c1', title: 'Gate deletes', owner: 'Dana', dueDate: '2026-08-01', status: 'open', source: 'Drill' }],
});

describe('report model', () => {
  it('is deterministic and records workspace, checklist version and generation time', () => {
    const a = buildReportModel(input());
    const shuffled = input();
    shuffled.inventory.agents.reverse();
    expect(buildReportModel(shuffled)).toEqual(a);
    expect(a.generatedAt).toBe('2026-07-01T10:00:00.000Z');
    expect(a.checklist?.version).toBe('1.0.0');
    expect(a.isDraft).toBe(true);
    expect(a.scorecards.map((s) => s.agentName)).toEqual([`Billing Assistant ${XSS}`, 'Zeta']);
    expect(renderReportHtml(a)).toBe(renderReportHtml(buildReportModel(input())));
  });
  it('ranks risks in plain language from permissions when scores are missing', () => {
    const m = buildReportModel(input());
    expect(m.topRisks[0]!.sentence).toBe(`The Billing Assistant ${XSS} can delete data in Invoice ledger on Production with no approval.`);
    expect(
      riskSentence({
        agentName: 'the Bot',
        systemName: 'S',
        environmentName: 'E',
        actions: ['payment', 'write'],
        approvalGate: 'two-person',
      }),
    ).toBe('the Bot can move money and change data in S on E behind two-person approval.');
    expect(formatDuration(754_000)).toBe('12 min 34 s');
    expect(formatDuration(null)).toBe('not reached');
  });
  it('escapes user text in HTML, SVG and Markdown', () => {
    const m = buildReportModel(input());
    const html = renderReportHtml(m);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(
      trendSvg([{ label: XSS, date: '2026-01-01', meanScore: 50, verdicts: { ready: 0, conditional: 0, 'not-ready': 0 } }]),
    ).not.toContain('<script>');
    const md = renderReportMarkdown(m);
    expect(md).not.toMatch(/<script>/);
    expect(escMd('[x](javascript:y)')).toBe('\\[x\\]\\(javascript:y\\)');
    expect(esc(`"'&`)).toBe('&quot;&#39;&amp;');
  });
});
