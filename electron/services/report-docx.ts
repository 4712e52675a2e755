import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { ReportModel } from '../../core/report/model';
import { CROSSWALK_NOTE } from '../../core/report/words';

/** The executive report as an editable Word document (docx library; no external relations, no macros). */
const h = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) => new Paragraph({ text, heading: level });
const p = (text: string, bold = false) => new Paragraph({ children: [new TextRun({ text, bold })] });
const bullet = (text: string) => new Paragraph({ text, bullet: { level: 0 } });
const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
const table = (head: string[], rows: string[][]) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: head.map((x) => cell(x, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((x) => cell(x)) })),
    ],
  });

export async function renderReportDocx(m: ReportModel): Promise<Buffer> {
  const c: (Paragraph | Table)[] = [];
  c.push(new Paragraph({ text: 'Agent readiness report', heading: HeadingLevel.TITLE }));
  c.push(p(`Workspace: ${m.workspaceName}`, true));
  c.push(
    p(
      `Generated ${m.generatedAt} · Checklist ${m.checklist ? `${m.checklist.title} v${m.checklist.version}` : 'not available'} · ${m.sourceText}`,
    ),
  );
  c.push(p(m.changeHistoryText));
  if (m.provenance.banner)
    c.push(
      new Paragraph({
        alignment: AlignmentType.LEFT,
        children: [new TextRun({ text: m.provenance.banner, bold: true, color: 'B00020' })],
      }),
    );
  c.push(p(m.provenance.text));
  c.push(h('Overall readiness', HeadingLevel.HEADING_1));
  c.push(p(m.overall.headline));
  c.push(
    table(
      ['Mean score', 'Ready', 'Conditional', 'Not ready', 'Open findings'],
      [
        [
          String(m.overall.meanScore ?? '–'),
          String(m.verdicts.ready),
          String(m.verdicts.conditional),
          String(m.verdicts['not-ready']),
          String(m.overall.openFindings),
        ],
      ],
    ),
  );
  c.push(h('Trend since the last assessments', HeadingLevel.HEADING_1));
  c.push(
    m.trend.length
      ? table(
          ['Assessment', 'Date', 'Mean score'],
          m.trend.map((t) => [t.label, t.date, String(t.meanScore ?? '–')]),
        )
      : p('No scored assessments yet.'),
  );
  c.push(h('Top risks', HeadingLevel.HEADING_1));
  if (m.topRisks.length) m.topRisks.forEach((r, i) => c.push(p(`${i + 1}. ${r.sentence} (risk ${r.risk})`)));
  else c.push(p('No state-changing permissions recorded.'));
  c.push(h('Agents not ready for production', HeadingLevel.HEADING_1));
  c.push(
    m.notReady.length
      ? table(
          ['Agent', 'Lifecycle', 'Score', 'Verdict', 'Why'],
          m.notReady.map((a) => [a.agentName, a.lifecycle, String(a.score ?? '–'), a.verdictText, a.reasons.join('; ')]),
        )
      : p('Every agent is ready or conditional.'),
  );
  c.push(h('Drill results', HeadingLevel.HEADING_1));
  c.push(
    m.drills.length
      ? table(
          ['Drill', 'Scenario', 'Completed', 'TTD', 'TTC', 'TTR'],
          m.drills.map((d) => [d.title, d.scenario, d.completedAt?.slice(0, 10) ?? d.status, d.ttd, d.ttc, d.ttr]),
        )
      : p('No drills run yet.'),
  );
  c.push(h('Open corrective actions', HeadingLevel.HEADING_1));
  c.push(
    m.openActions.length
      ? table(
          ['Action', 'Owner', 'Due', 'Status', 'From'],
          m.openActions.map((a) => [
            a.title,
            a.owner || 'Unassigned',
            a.dueDate ?? 'No date',
            a.overdue ? `Overdue (${a.status})` : a.status,
            a.source,
          ]),
        )
      : p('No open corrective actions.'),
  );
  c.push(
    h(
      `Corrective actions closed ${m.closedSince ? `since the last assessment (${m.closedSince.slice(0, 10)})` : 'so far'}`,
      HeadingLevel.HEADING_1,
    ),
  );
  c.push(
    m.closedActions.length
      ? table(
          ['Action', 'Owner', 'Status', 'Closed'],
          m.closedActions.map((a) => [a.title, a.owner || 'Unassigned', a.status, a.closedAt?.slice(0, 10) ?? '']),
        )
      : p('None.'),
  );
  for (const d of m.drills) for (const note of d.corrections ?? []) c.push(p(`Correction to ${d.title}: ${note}`));
  c.push(new Paragraph({ text: 'Agent scorecards', heading: HeadingLevel.HEADING_1, pageBreakBefore: true }));
  for (const s of m.scorecards) {
    c.push(h(s.agentName, HeadingLevel.HEADING_2));
    c.push(
      p(
        `Lifecycle: ${s.lifecycle} · Score: ${m.scored ? s.score : '–'} · Verdict: ${s.verdictText} · Grants: ${s.grants} · Open findings: ${s.openFindings}`,
      ),
    );
    for (const r of s.capReasons) c.push(bullet(r));
    if (s.areas.length)
      c.push(
        table(
          ['Area', 'Score'],
          s.areas.map((a) => [a.title || a.area, String(a.score ?? 'n/a')]),
        ),
      );
    if (s.gaps.length) {
      c.push(p('Largest gaps:'));
      for (const g of s.gaps) c.push(bullet(`${g.title} (−${g.lost})${g.reasons.length ? `: ${g.reasons.join('; ')}` : ''}`));
    }
    if (s.controls.length) {
      c.push(
        p(
          `How each result is known: ${s.basis.measured} measured, ${s.basis.attested} attested, ${s.basis['not-evaluated']} not evaluated.`,
        ),
      );
      c.push(
        table(
          ['Control', 'Result', 'Basis'],
          s.controls.map((x) => [`${x.controlId} ${x.title}`, x.resultText, x.basisText]),
        ),
      );
    }
  }
  c.push(h('Findings and evidence', HeadingLevel.HEADING_1));
  const withFindings = m.scorecards.filter((s) => s.findings.length);
  if (!withFindings.length) c.push(p('No findings.'));
  for (const s of withFindings) {
    c.push(h(s.agentName, HeadingLevel.HEADING_2));
    c.push(
      table(
        ['Control', 'Finding', 'Status', 'Evidence', 'Frameworks'],
        s.findings.map((f) => [
          `${f.controlId} ${f.controlTitle}`,
          f.message,
          f.status === 'accepted' && f.acceptance ? `Accepted by ${f.acceptance.owner} until ${f.acceptance.expiresOn}` : 'Open',
          f.evidence.join('; ') || 'None recorded',
          f.frameworks.map((m) => `${m.framework} ${m.ids.join(', ')}`).join('; '),
        ]),
      ),
    );
  }
  c.push(h('Framework mappings', HeadingLevel.HEADING_1));
  c.push(p(CROSSWALK_NOTE));
  c.push(
    m.frameworks.length
      ? table(
          ['Framework', 'Item', 'Controls', 'Computed findings', 'Attested no/partial', 'Not evaluated', 'Agents'],
          m.frameworks.map((f) => [
            f.label,
            f.title ? `${f.id} ${f.title}` : f.id,
            f.controls.join(', '),
            String(f.findings),
            String(f.attestedGaps),
            String(f.notEvaluated),
            f.agents.join(', '),
          ]),
        )
      : p('No gaps map to framework items.'),
  );
  c.push(h('Evidence files', HeadingLevel.HEADING_1));
  c.push(
    m.evidenceFiles.length
      ? table(
          ['Agent', 'Control', 'File', 'Dated', 'SHA-256', 'Stored copy'],
          m.evidenceFiles.map((e) => [e.agentName, e.controlId, e.fileName, e.evidenceDate, e.sha256, e.check]),
        )
      : p('No evidence files recorded.'),
  );
  c.push(h('Drill after-action reviews', HeadingLevel.HEADING_1));
  if (!m.aars.length) c.push(p('No after-action reviews recorded.'));
  for (const d of m.aars) {
    c.push(h(d.title, HeadingLevel.HEADING_2));
    c.push(p(d.aar?.summary ?? ''));
    for (const x of d.aar?.wentWell ?? []) c.push(bullet(`Went well: ${x}`));
    for (const x of d.aar?.toImprove ?? []) c.push(bullet(`To improve: ${x}`));
  }
  const doc = new Document({
    creator: 'Agent Readiness',
    title: m.title,
    description: 'Executive readiness report',
    sections: [{ children: c }],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}
