/**
 * Facilitator documents (HSEEP style: the Situation Manual and the After-Action Report / Improvement
 * Plan) as plain data: a title and sections of paragraphs, bullet lists and tables. One model, two
 * renderers (HTML for the PDF here, DOCX in electron/services/facilitator-docx.ts), so both formats
 * always say the same thing. Every string is user or scenario text: the HTML renderer escapes it all.
 */
import { esc } from '../report/escape';

export type DocBlock =
  | { kind: 'p'; text: string; strong?: boolean }
  | { kind: 'bullets'; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][] };

export type DocSection = { heading: string; level: 1 | 2; blocks: DocBlock[] };

export type FacilitatorDoc = {
  /** "Situation Manual" or "After-Action Report / Improvement Plan". */
  kind: string;
  title: string;
  /** Lines under the title: exercise name, dates, handling note. */
  meta: string[];
  sections: DocSection[];
};

function blockHtml(b: DocBlock): string {
  switch (b.kind) {
    case 'p':
      return b.strong ? `<p><strong>${esc(b.text)}</strong></p>` : `<p>${esc(b.text)}</p>`;
    case 'bullets':
      return `<ul>${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
    case 'table':
      return (
        `<table><thead><tr>${b.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>` +
        `<tbody>${b.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`
      );
  }
}

const CSS = `body{font:11pt/1.45 system-ui,Segoe UI,Arial,sans-serif;color:#111;margin:0}main{padding:0 4mm}
h1{font-size:20pt;margin:0 0 4pt}h2{font-size:14pt;margin:16pt 0 4pt;border-bottom:1px solid #999}h3{font-size:12pt;margin:10pt 0 3pt}
.kind{font-size:10pt;letter-spacing:.08em;color:#444}.meta{color:#333;margin:0}
table{border-collapse:collapse;width:100%;margin:4pt 0 8pt;font-size:10pt}th,td{border:1px solid #999;padding:3pt 5pt;text-align:left;vertical-align:top}
th{background:#eee}tr{break-inside:avoid}@page{size:A4;margin:16mm 14mm}`;

/** A self-contained page (no scripts, no external resources) for Chromium's print engine. */
export function renderFacilitatorHtml(d: FacilitatorDoc): string {
  const body = d.sections.map((s) => `<h${s.level + 1}>${esc(s.heading)}</h${s.level + 1}>${s.blocks.map(blockHtml).join('')}`).join('');
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
    `<title>${esc(d.title)}</title><style>${CSS}</style></head><body><main>` +
    `<p class="kind">${esc(d.kind)}</p><h1>${esc(d.title)}</h1>${d.meta.map((m) => `<p class="meta">${esc(m)}</p>`).join('')}` +
    `${body}</main></body></html>`
  );
}
