import { esc } from './escape';
import type { ReportHistoryPoint } from './input';

/** Inline SVG line chart of the mean readiness score over assessments. No script, no external refs. */
export function trendSvg(points: ReportHistoryPoint[], width = 640, height = 200): string {
  const pad = { l: 40, r: 16, t: 16, b: 40 };
  const w = width - pad.l - pad.r;
  const h = height - pad.t - pad.b;
  const y = (v: number): number => pad.t + h - (v / 100) * h;
  const scored = points.filter((p) => p.meanScore !== null);
  const x = (i: number): number => pad.l + (points.length <= 1 ? w / 2 : (i / (points.length - 1)) * w);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Mean readiness score by assessment">`);
  for (const v of [0, 25, 50, 75, 100]) {
    parts.push(`<line x1="${pad.l}" x2="${pad.l + w}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd" stroke-width="1"/>`);
    parts.push(`<text x="${pad.l - 6}" y="${y(v) + 4}" font-size="10" text-anchor="end" fill="#555">${v}</text>`);
  }
  if (scored.length === 0) {
    parts.push(`<text x="${pad.l + w / 2}" y="${pad.t + h / 2}" font-size="12" text-anchor="middle" fill="#555">No scored assessments yet</text>`);
  } else {
    const coords = points.map((p, i) => (p.meanScore === null ? null : [x(i), y(p.meanScore)] as const)).filter((c): c is readonly [number, number] => c !== null);
    parts.push(`<polyline fill="none" stroke="#1f5fbf" stroke-width="2" points="${coords.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>`);
    points.forEach((p, i) => {
      if (p.meanScore === null) return;
      parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(p.meanScore).toFixed(1)}" r="3.5" fill="#1f5fbf"/>`);
      parts.push(`<text x="${x(i).toFixed(1)}" y="${(y(p.meanScore) - 8).toFixed(1)}" font-size="10" text-anchor="middle" fill="#111">${p.meanScore}</text>`);
    });
  }
  points.forEach((p, i) => {
    const label = p.label.length > 18 ? `${p.label.slice(0, 17)}…` : p.label;
    parts.push(`<text x="${x(i).toFixed(1)}" y="${pad.t + h + 16}" font-size="10" text-anchor="middle" fill="#333">${esc(label)}</text>`);
    parts.push(`<text x="${x(i).toFixed(1)}" y="${pad.t + h + 30}" font-size="9" text-anchor="middle" fill="#777">${esc(p.date)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
