import { escMd } from './escape';
import { REPORT_TIME, reportDate } from './time';
import { formatDateTime } from '../common/format-time';
import type { ReportModel } from './model';

const row = (cells: unknown[]): string => `| ${cells.map((c) => escMd(c)).join(' | ')} |`;
const tbl = (head: string[], rows: unknown[][]): string[] => [row(head), `|${head.map(() => ' --- ').join('|')}|`, ...rows.map(row)];

/** A Markdown summary: page 1 of the report. User text is escaped, so it cannot become links or HTML. */
export function renderReportMarkdown(m: ReportModel): string {
  const o: string[] = [];
  o.push(`# Agent readiness report: ${escMd(m.workspaceName)}`, '');
  o.push(
    `Generated ${escMd(formatDateTime(m.generatedAt, REPORT_TIME))} · Checklist ${escMd(m.checklist ? `${m.checklist.title} v${m.checklist.version}` : 'not available')} · ${escMd(m.sourceText)}`,
    '',
  );
  o.push(escMd(m.changeHistoryText), '');
  if (m.isDraft) o.push('**DRAFT: this report reflects the current, unfinalised state.**', '');
  o.push('## Overall readiness', '', escMd(m.overall.headline), '');
  o.push(
    `- Mean readiness score: ${escMd(m.overall.meanScore ?? '–')}`,
    `- Ready: ${m.verdicts.ready}`,
    `- Conditional: ${m.verdicts.conditional}`,
    `- Not ready: ${m.verdicts['not-ready']}`,
    `- Open findings: ${m.overall.openFindings}`,
    '',
  );
  if (m.trend.length)
    o.push(
      '## Trend',
      '',
      ...tbl(
        ['Assessment', 'Date', 'Mean score'],
        m.trend.map((p) => [p.label, p.date, p.meanScore ?? '–']),
      ),
      '',
    );
  o.push('## Top risks', '');
  o.push(
    ...(m.topRisks.length
      ? m.topRisks.map((r, i) => `${i + 1}. ${escMd(r.sentence)} (risk ${r.risk})`)
      : ['No state-changing permissions recorded.']),
    '',
  );
  o.push('## Agents not ready for production', '');
  o.push(
    ...(m.notReady.length
      ? tbl(
          ['Agent', 'Lifecycle', 'Score', 'Verdict', 'Why'],
          m.notReady.map((a) => [a.agentName, a.lifecycle, a.score ?? '–', a.verdictText, a.reasons.join('; ')]),
        )
      : ['Every agent is ready or conditional.']),
    '',
  );
  o.push('## Drill results', '');
  o.push(
    ...(m.drills.length
      ? tbl(
          ['Drill', 'Scenario', 'Completed', 'TTD', 'TTC', 'TTR'],
          m.drills.map((d) => [d.title, d.scenario, d.completedAt ? reportDate(d.completedAt) : d.status, d.ttd, d.ttc, d.ttr]),
        )
      : ['No drills run yet.']),
    '',
  );
  o.push('## Open corrective actions', '');
  o.push(
    ...(m.openActions.length
      ? tbl(
          ['Action', 'Owner', 'Due'],
          m.openActions.map((a) => [a.title, a.owner || 'Unassigned', a.dueDate ? reportDate(a.dueDate) : 'No date']),
        )
      : ['No open corrective actions.']),
    '',
  );
  o.push('## Agent scores', '');
  o.push(
    ...tbl(
      ['Agent', 'Lifecycle', 'Score', 'Verdict', 'Open findings'],
      m.scorecards.map((s) => [s.agentName, s.lifecycle, m.scored ? s.score : '–', s.verdictText, s.openFindings]),
    ),
    '',
  );
  return o.join('\n');
}
