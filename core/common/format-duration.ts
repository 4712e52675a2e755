/**
 * The one duration format of the drill UI, the after-action review and the reports (PDF, HTML,
 * Markdown), so "Time to detect" reads the same on screen and on paper: 80 000 ms is "1 min 20 s"
 * everywhere, never "1.3 min" in one place and "1 min 20 s" in another.
 */

/** 754000 -> "12 min 34 s"; 9000 -> "9 s"; 3 900 000 -> "1 h 05 min"; null -> `empty`. */
export function formatDuration(ms: number | null | undefined, empty = '—'): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return empty;
  const sign = ms < 0 ? '-' : '';
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${sign}${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${sign}${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${sign}${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
