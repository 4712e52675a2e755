import { drillTrendSvg, trendSvg } from './chart';
import { esc } from './escape';
import { REPORT_TIME, reportDate } from './time';
import { formatDateTime } from '../common/format-time';
import type { ReportModel } from './model';
import { CROSSWALK_NOTE } from './words';

/**
 * The executive report as one self-contained HTML document: inline CSS, an inline SVG chart, and
 * a CSP that allows no script at all. Every value is escaped. Chromium prints it to PDF.
 */
/** Page 1 is the two-minute read: the longest list on it is capped (the rest is in the scorecards). */
export const NOT_READY_ON_PAGE_1 = 8;

export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

const CSS = `
@page { size: A4; margin: 14mm 14mm 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #111; font-size: 10pt; line-height: 1.3; margin: 0; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 5mm 0 2mm; border-bottom: 1px solid #ccc; padding-bottom: 1mm; }
h3 { font-size: 11pt; margin: 4mm 0 1mm; }
.meta { color: #444; font-size: 9pt; margin-bottom: 3mm; }
.draft { border: 2px solid #b00020; color: #b00020; font-weight: bold; padding: 1.5mm 3mm; margin: 2mm 0; }
.kpis { display: flex; gap: 3mm; margin: 2mm 0; }
.kpi { border: 1px solid #ccc; border-radius: 2mm; padding: 2mm 3mm; flex: 1; }
.kpi b { display: block; font-size: 16pt; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm; font-size: 9pt; }
th, td { border: 1px solid #ccc; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #f2f4f7; }
ol.risks li { margin-bottom: 1mm; }
tr { break-inside: avoid; }
.details { break-before: page; }
.card { break-inside: avoid; border: 1px solid #ddd; border-radius: 2mm; padding: 2mm 3mm; margin-bottom: 3mm; }
.v-ready { color: #106b21; font-weight: bold; } .v-conditional { color: #8a5a00; font-weight: bold; } .v-not-ready { color: #b00020; font-weight: bold; }
.muted { color: #666; }
.hash { font-family: "DejaVu Sans Mono", monospace; font-size: 7pt; word-break: break-all; }
/* User-typed text (names, titles, notes) is isolated so its direction cannot reorder what sits beside it. */
td, th, li, h3, b, .card p { unicode-bidi: isolate; }
@media screen { body { padding: 16px 20px; max-width: 210mm; } }
`;

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const verdictClass = (t: string): string => (t === 'Ready' ? 'v-ready' : t === 'Conditional' ? 'v-conditional' : 'v-not-ready');
const list = (items: string[]): string => (items.length ? `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : '');
const table = (head: string[], rows: string[][]): string =>
  `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.join('')}</tr>`).join('')}</tbody></table>`;
const td = (v: unknown, cls = ''): string => `<td${cls ? ` class="${cls}"` : ''}>${esc(v)}</td>`;

/**
 * The PDF's detail pages cover at most this many agents (printing every scorecard and finding of a
 * 1k-agent organisation takes thousands of pages and most of a minute). The HTML and Markdown
 * reports and the findings export keep every agent.
 */
export const PDF_DETAIL_AGENTS = 100;

const VERDICT_RANK: Record<string, number> = { 'Not ready': 0, Conditional: 1, Ready: 2 };

/** The agents whose details matter most: not ready first, production first, then the lowest scores (kept in report order). */
function mostTelling(cards: ReportModel['scorecards'], limit: number): ReportModel['scorecards'] {
  if (cards.length <= limit) return cards;
  const rank = (c: ReportModel['scorecards'][number]) =>
    [VERDICT_RANK[c.verdictText] ?? 0, c.lifecycle === 'production' ? 0 : 1, c.score ?? 0] as const;
  const keep = new Set(
    [...cards]
      .sort((a, b) => {
        const x = rank(a);
        const y = rank(b);
        return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
      })
      .slice(0, limit)
      .map((c) => c.agentId),
  );
  return cards.filter((c) => keep.has(c.agentId));
}

export function renderReportHtml(m: ReportModel, opts: { maxDetailAgents?: number } = {}): string {
  const cards = mostTelling(m.scorecards, opts.maxDetailAgents ?? Infinity);
  const o: string[] = [];
  o.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
  o.push(`<title>${esc(m.title)}</title><style>${CSS}</style></head><body>`);
  // ---- Page 1: the two-minute read ----
  o.push(`<section class="summary"><h1>Agent readiness report</h1>`);
  o.push(
    `<div class="meta">Workspace: <b>${esc(m.workspaceName)}</b> · Generated ${esc(formatDateTime(m.generatedAt, REPORT_TIME))} · Checklist ${esc(m.checklist ? `${m.checklist.title} v${m.checklist.version}` : 'not available')} · ${esc(m.sourceText)}</div>`,
  );
  if (m.provenance.banner) o.push(`<div class="draft" role="note">${esc(m.provenance.banner)}</div>`);
  o.push(`<p class="meta">${esc(m.provenance.text)}</p>`);
  o.push(`<h2>Overall readiness</h2><p>${esc(m.overall.headline)}</p><div class="kpis">`);
  o.push(`<div class="kpi"><b>${esc(m.overall.meanScore ?? '–')}</b>Mean score (of 100)</div>`);
  o.push(
    `<div class="kpi"><b class="v-ready">${m.verdicts.ready}</b>Ready</div><div class="kpi"><b class="v-conditional">${m.verdicts.conditional}</b>Conditional</div><div class="kpi"><b class="v-not-ready">${m.verdicts['not-ready']}</b>Not ready</div>`,
  );
  o.push(`<div class="kpi"><b>${m.overall.openFindings}</b>Open findings</div></div>`);
  o.push(`<h2>Trend since the last assessments</h2>${trendSvg(m.trend, 640, 160)}`);
  o.push(`<h2>Top risks</h2>`);
  o.push(
    m.topRisks.length
      ? `<ol class="risks">${m.topRisks.map((r) => `<li>${esc(r.sentence)} <span class="muted">(risk ${r.risk}: blast radius ${r.blastRadius} × gap ${r.gap})</span></li>`).join('')}</ol>`
      : '<p>No state-changing permissions recorded.</p>',
  );
  o.push(`<h2>Agents not ready for production</h2>`);
  const shown = m.notReady.slice(0, NOT_READY_ON_PAGE_1);
  o.push(
    shown.length
      ? table(
          ['Agent', 'Lifecycle', 'Score', 'Verdict', 'Why'],
          shown.map((a) => [
            td(a.agentName),
            td(a.lifecycle),
            td(a.score ?? '–'),
            td(a.verdictText, verdictClass(a.verdictText)),
            `<td>${esc(clip(a.reasons.slice(0, 2).join('; '), 140))}</td>`,
          ]),
        )
      : '<p>Every agent is ready or conditional.</p>',
  );
  if (m.notReady.length > shown.length)
    o.push(`<p class="muted">…and ${m.notReady.length - shown.length} more; see the agent scorecards.</p>`);
  o.push(`<h2>Drill results</h2>`);
  o.push(
    m.drills.length
      ? table(
          ['Drill', 'Scenario', 'Completed', 'Time to detect', 'Time to contain', 'Time to recover'],
          m.drills.map((d) => [
            td(d.title),
            td(d.scenario),
            td(d.completedAt ? reportDate(d.completedAt) : d.status),
            td(d.ttd),
            td(d.ttc),
            td(d.ttr),
          ]),
        )
      : '<p>No drills run yet.</p>',
  );
  if (m.drills.length > 1) o.push(drillTrendSvg(m.drills));
  const corrected = m.drills.filter((d) => d.corrections?.length);
  if (corrected.length) {
    o.push(`<h3>Corrections to drill records</h3><ul>`);
    for (const d of corrected) for (const c of d.corrections!) o.push(`<li>${esc(d.title)}: ${esc(c)}</li>`);
    o.push(`</ul>`);
  }
  o.push(`<h2>Open corrective actions</h2>`);
  if (m.overdueActions) o.push(`<p><strong>${m.overdueActions} overdue.</strong></p>`);
  o.push(
    m.openActions.length
      ? table(
          ['Action', 'Owner', 'Due', 'Status', 'From'],
          m.openActions.map((a) => [
            td(a.title),
            td(a.owner || 'Unassigned'),
            td(a.dueDate ? reportDate(a.dueDate) : 'No date'),
            a.overdue ? `<td><strong>Overdue</strong> (${esc(a.status)})</td>` : td(a.status),
            td(a.source),
          ]),
        )
      : '<p>No open corrective actions.</p>',
  );
  o.push(
    `<h2>Corrective actions closed ${m.closedSince ? `since the last assessment (${esc(reportDate(m.closedSince))})` : 'so far'}</h2>`,
  );
  o.push(
    m.closedActions.length
      ? table(
          ['Action', 'Owner', 'Status', 'Closed'],
          m.closedActions.map((a) => [
            td(a.title),
            td(a.owner || 'Unassigned'),
            td(a.status),
            td(a.closedAt ? reportDate(a.closedAt) : ''),
          ]),
        )
      : '<p>None.</p>',
  );
  o.push(`</section>`);
  // ---- Details ----
  o.push(`<section class="details"><h2>Agent scorecards</h2>`);
  if (cards.length < m.scorecards.length) {
    o.push(
      `<p class="muted">This PDF details the ${cards.length} agents that need attention most (not ready first, production first, then the lowest scores) of ${m.scorecards.length}. Every agent's scorecard and findings are in the HTML and Markdown reports and in the findings export (CSV or XLSX).</p>`,
    );
  }
  for (const s of cards) {
    o.push(
      `<div class="card"><h3>${esc(s.agentName)}</h3><p>Lifecycle: ${esc(s.lifecycle)} · Score: <b>${m.scored ? esc(s.score) : '–'}</b> · Verdict: <span class="${verdictClass(s.verdictText)}">${esc(s.verdictText)}</span> · Grants: ${s.grants} · Open findings: ${s.openFindings}</p>`,
    );
    if (s.capReasons.length) o.push(`<p>Capped at Not ready because:</p>${list(s.capReasons)}`);
    if (s.areas.length)
      o.push(
        table(
          ['Area', 'Score'],
          s.areas.map((a) => [td(a.title || a.area), td(a.score ?? 'n/a')]),
        ),
      );
    if (s.gaps.length)
      o.push(
        `<p>Largest gaps:</p>${list(s.gaps.map((g) => `${g.title} (−${g.lost})${g.reasons.length ? `: ${g.reasons.join('; ')}` : ''}`))}`,
      );
    o.push(`</div>`);
    // Outside the card: a card never breaks across pages, and 28 control rows do not fit on one.
    if (s.controls.length) {
      o.push(
        `<p>How each result is known: ${s.basis.measured} measured, ${s.basis.attested} attested, ${s.basis['not-evaluated']} not evaluated.</p>`,
      );
      o.push(
        table(
          ['Control', 'Result', 'Basis'],
          s.controls.map((c) => [td(`${c.controlId} ${c.title}`), td(c.resultText), td(c.basisText)]),
        ),
      );
    }
  }
  o.push(`<h2>Findings and evidence</h2>`);
  const withFindings = cards.filter((s) => s.findings.length);
  if (!withFindings.length) o.push('<p>No findings.</p>');
  for (const s of withFindings) {
    o.push(`<h3>${esc(s.agentName)}</h3>`);
    o.push(
      table(
        ['Control', 'Finding', 'Status', 'Evidence', 'Frameworks'],
        s.findings.map((f) => [
          td(`${f.controlId} ${f.controlTitle}`),
          td(f.message),
          td(f.status === 'accepted' && f.acceptance ? `Accepted by ${f.acceptance.owner} until ${f.acceptance.expiresOn}` : 'Open'),
          `<td>${esc(f.evidence.join('; ') || 'None recorded')}</td>`,
          td(f.frameworks.map((m) => `${m.framework} ${m.ids.join(', ')}`).join('; ')),
        ]),
      ),
    );
  }
  o.push(`<h2>Framework mappings</h2>`);
  o.push(`<p class="muted">${esc(CROSSWALK_NOTE)}</p>`);
  o.push(
    m.frameworks.length
      ? table(
          ['Framework', 'Item', 'Controls', 'Computed findings', 'Attested no/partial', 'Not evaluated', 'Agents'],
          m.frameworks.map((f) => [
            td(f.label),
            td(f.title ? `${f.id} ${f.title}` : f.id),
            td(f.controls.join(', ')),
            td(f.findings),
            td(f.attestedGaps),
            td(f.notEvaluated),
            td(f.agents.length > 30 ? `${f.agents.slice(0, 30).join(', ')} and ${f.agents.length - 30} more` : f.agents.join(', ')),
          ]),
        )
      : '<p>No gaps map to framework items.</p>',
  );
  o.push(`<h2>Evidence files</h2>`);
  o.push(
    m.evidenceFiles.length
      ? table(
          ['Agent', 'Control', 'File', 'Dated', 'SHA-256', 'Stored copy'],
          m.evidenceFiles.map((e) => [
            td(e.agentName),
            td(e.controlId),
            td(e.fileName),
            td(e.evidenceDate),
            td(e.sha256, 'hash'),
            td(e.check),
          ]),
        )
      : '<p>No evidence files recorded.</p>',
  );
  o.push(`<h2>Drill after-action reviews</h2>`);
  if (!m.aars.length) o.push('<p>No after-action reviews recorded.</p>');
  for (const d of m.aars) {
    o.push(`<div class="card"><h3>${esc(d.title)}</h3><p>${esc(d.aar?.summary ?? '')}</p>`);
    if (d.aar?.wentWell.length) o.push(`<p>What went well:</p>${list(d.aar.wentWell)}`);
    if (d.aar?.toImprove.length) o.push(`<p>What to improve:</p>${list(d.aar.toImprove)}`);
    o.push(`</div>`);
  }
  o.push(`<p class="muted">Agent Readiness ${esc(m.appVersion)} · workspace id ${esc(m.workspaceId)}</p>`);
  o.push(`<p class="muted history-head">${esc(m.changeHistoryText)}</p></section></body></html>`);
  return o.join('\n');
}
