import { escMd } from './escape';
import { REPORT_TIME, reportDate } from './time';
import { formatDateTime } from '../common/format-time';
import type { ReportModel } from './model';
import { CROSSWALK_NOTE } from './words';

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
  if (m.provenance.banner) o.push(`**${escMd(m.provenance.banner)}**`, '');
  o.push(escMd(m.provenance.text), '');
  o.push(escMd(m.changeHistoryText), '');
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
  const corrected = m.drills.filter((d) => d.corrections?.length);
  if (corrected.length) {
    o.push('### Corrections to drill records', '');
    for (const d of corrected) for (const c of d.corrections!) o.push(`- ${escMd(d.title)}: ${escMd(c)}`);
    o.push('');
  }
  o.push('## Open corrective actions', '');
  if (m.overdueActions) o.push(`**${m.overdueActions} overdue.**`, '');
  o.push(
    ...(m.openActions.length
      ? tbl(
          ['Action', 'Owner', 'Due', 'Status'],
          m.openActions.map((a) => [
            a.title,
            a.owner || 'Unassigned',
            a.dueDate ? reportDate(a.dueDate) : 'No date',
            a.overdue ? `OVERDUE (${a.status})` : a.status,
          ]),
        )
      : ['No open corrective actions.']),
    '',
  );
  o.push(`## Corrective actions closed ${m.closedSince ? `since the last assessment (${reportDate(m.closedSince)})` : 'so far'}`, '');
  o.push(
    ...(m.closedActions.length
      ? tbl(
          ['Action', 'Owner', 'Status', 'Closed'],
          m.closedActions.map((a) => [a.title, a.owner || 'Unassigned', a.status, a.closedAt ? reportDate(a.closedAt) : '']),
        )
      : ['None.']),
    '',
  );
  o.push('## Agent scores', '');
  o.push(
    ...tbl(
      ['Agent', 'Lifecycle', 'Score', 'Verdict', 'Open findings', 'Measured', 'Attested', 'Not evaluated'],
      m.scorecards.map((s) => [
        s.agentName,
        s.lifecycle,
        m.scored ? s.score : '–',
        s.verdictText,
        s.openFindings,
        s.basis.measured,
        s.basis.attested,
        s.basis['not-evaluated'],
      ]),
    ),
    '',
  );
  o.push('## Framework mappings', '', escMd(CROSSWALK_NOTE), '');
  o.push(
    ...(m.frameworks.length
      ? tbl(
          ['Framework', 'Item', 'Controls', 'Computed findings', 'Attested no/partial', 'Not evaluated', 'Agents'],
          m.frameworks.map((f) => [
            f.label,
            f.title ? `${f.id} ${f.title}` : f.id,
            f.controls.join(', '),
            f.findings,
            f.attestedGaps,
            f.notEvaluated,
            f.agents.length,
          ]),
        )
      : ['No gaps map to framework items.']),
    '',
  );
  if (m.evidenceFiles.length)
    o.push(
      '## Evidence files',
      '',
      ...tbl(
        ['Agent', 'Control', 'File', 'Dated', 'SHA-256', 'Stored copy'],
        m.evidenceFiles.map((e) => [e.agentName, e.controlId, e.fileName, e.evidenceDate, e.sha256, e.check]),
      ),
      '',
    );
  return o.join('\n');
}
