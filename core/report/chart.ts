import { esc } from './escape';
import type { ReportHistoryPoint } from './input';

/** Inline SVG line chart of the mean readiness score over assessments. No script, no external refs. */
export function trendSvg(points: ReportHistoryPoint[], width = 640, height = 200): string {
  const pad = { l: 40, r: 16, t: 16, b: 40 };
  const w = width - pad.l - pad.r;
  const h = height - pad.t - pad.b;
  const y = (v: number): number => pad.t + h - (v / 100) * h;
  const scored = points.filter((p) => p.meanScore !== null);
  // Points are inset so the first and last (centred) labels are not clipped at the edges.
  const inset = 48;
  const x = (i: number): number => pad.l + (points.length <= 1 ? w / 2 : inset + (i / (points.length - 1)) * (w - 2 * inset));
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Mean readiness score by assessment">`,
  );
  for (const v of [0, 25, 50, 75, 100]) {
    parts.push(`<line x1="${pad.l}" x2="${pad.l + w}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd" stroke-width="1"/>`);
    parts.push(`<text x="${pad.l - 6}" y="${y(v) + 4}" font-size="10" text-anchor="end" fill="#555">${v}</text>`);
  }
  if (scored.length === 0) {
    parts.push(
      `<text x="${pad.l + w / 2}" y="${pad.t + h / 2}" font-size="12" text-anchor="middle" fill="#555">No scored assessments yet</text>`,
    );
  } else {
    const coords = points
      .map((p, i) => (p.meanScore === null ? null : ([x(i), y(p.meanScore)] as const)))
      .filter((c): c is readonly [number, number] => c !== null);
    parts.push(
      `<polyline fill="none" stroke="#1f5fbf" stroke-width="2" points="${coords.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>`,
    );
    points.forEach((p, i) => {
      if (p.meanScore === null) return;
      parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(p.meanScore).toFixed(1)}" r="3.5" fill="#1f5fbf"/>`);
      parts.push(
        `<text x="${x(i).toFixed(1)}" y="${(y(p.meanScore) - 8).toFixed(1)}" font-size="10" text-anchor="middle" fill="#111">${p.meanScore}</text>`,
      );
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

const SERIES = [
  { key: 'ttdMs', label: 'Time to detect', color: '#1f5fbf', dash: '' },
  { key: 'ttcMs', label: 'Time to contain', color: '#8a5a00', dash: '6 3' },
  { key: 'ttrMs', label: 'Time to recover', color: '#b00020', dash: '2 3' },
] as const;

/** Inline SVG of TTD/TTC/TTR (minutes) over completed drills, oldest first. */
export function drillTrendSvg(
  drills: { title: string; completedAt: string | null; ttdMs: number | null; ttcMs: number | null; ttrMs: number | null }[],
  width = 640,
  height = 190,
): string {
  const points = drills
    .filter((d) => d.completedAt)
    .sort((a, b) => (a.completedAt! < b.completedAt! ? -1 : a.completedAt! > b.completedAt! ? 1 : 0));
  const pad = { l: 44, r: 16, t: 22, b: 30 };
  const w = width - pad.l - pad.r;
  const h = height - pad.t - pad.b;
  const all = points.flatMap((d) => SERIES.map((s) => d[s.key])).filter((v): v is number => v !== null);
  const maxMin = Math.max(5, Math.ceil(Math.max(0, ...all) / 60_000 / 5) * 5);
  const inset = 32;
  const x = (i: number): number => pad.l + (points.length <= 1 ? w / 2 : inset + (i / (points.length - 1)) * (w - 2 * inset));
  const y = (ms: number): number => pad.t + h - (ms / 60_000 / maxMin) * h;
  const o: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Drill response times by drill">`,
  ];
  for (const f of [0, 0.5, 1]) {
    const v = Math.round(maxMin * f);
    o.push(
      `<line x1="${pad.l}" x2="${pad.l + w}" y1="${y(v * 60_000)}" y2="${y(v * 60_000)}" stroke="#ddd"/><text x="${pad.l - 6}" y="${y(v * 60_000) + 4}" font-size="10" text-anchor="end" fill="#555">${v} min</text>`,
    );
  }
  SERIES.forEach((s, k) => {
    o.push(
      `<line x1="${pad.l + k * 150}" x2="${pad.l + k * 150 + 18}" y1="10" y2="10" stroke="${s.color}" stroke-width="2" stroke-dasharray="${s.dash}"/><text x="${pad.l + k * 150 + 22}" y="13" font-size="10" fill="#333">${s.label}</text>`,
    );
    const pts = points
      .map((d, i) => (d[s.key] === null ? null : `${x(i).toFixed(1)},${y(d[s.key]!).toFixed(1)}`))
      .filter((p): p is string => p !== null);
    if (pts.length)
      o.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" stroke-dasharray="${s.dash}" points="${pts.join(' ')}"/>`);
    for (const p of pts) o.push(`<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="3" fill="${s.color}"/>`);
  });
  points.forEach((d, i) =>
    o.push(
      `<text x="${x(i).toFixed(1)}" y="${pad.t + h + 16}" font-size="9" text-anchor="middle" fill="#555">${esc(d.completedAt!.slice(0, 10))}</text>`,
    ),
  );
  if (!points.length)
    o.push(
      `<text x="${pad.l + w / 2}" y="${pad.t + h / 2}" font-size="12" text-anchor="middle" fill="#555">No completed drills yet</text>`,
    );
  o.push('</svg>');
  return o.join('');
}
