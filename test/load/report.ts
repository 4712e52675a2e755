/** The load run as a markdown table (the figures issue 14 §7 asks for), and its pass/fail verdict. */
import type { LoadResult } from './run-load';

const pct = (xs: number[], p: number): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const ms = (v: number) => v.toFixed(1);

export const errorCount = (r: LoadResult): number => r.recorder.samples.filter((s) => s.outcome === 'error').length;

/** Zero lost updates, zero lost acknowledged events, no gap, every edit in the history, no error, history intact. */
export function passed(r: LoadResult): boolean {
  const c = r.checks;
  return c.lostUpdates === 0 && c.lostEvents === 0 && c.sequenceGaps === 0 && c.unrecorded === 0 && c.history.intact && errorCount(r) === 0;
}

export function reportMarkdown(r: LoadResult): string {
  const seconds = r.elapsedMs / 1000;
  const samples = r.recorder.samples;
  const o = r.options;
  const lines = [
    `${o.clients} editors and ${o.drills} drill runners for ${seconds.toFixed(1)} s against ${r.instances} team server instances on one PostgreSQL database and one data folder; ${o.agents} agents with ${o.agents * 2} grants to edit.`,
    '',
    '| figure | value |',
    '|---|---|',
    `| lost updates (must be 0) | ${r.checks.lostUpdates} |`,
    `| lost acknowledged events (must be 0) | ${r.checks.lostEvents} |`,
    `| drill timelines with a gap in their sequence (must be 0) | ${r.checks.sequenceGaps} |`,
    `| acknowledged edits not in the change history once, under their author, in version order (must be 0) | ${r.checks.unrecorded} |`,
    `| errors (5xx, network, any refusal but a stale version) | ${errorCount(r)} |`,
    `| change history (\`history:verify\`) | ${r.checks.history.intact ? 'intact' : 'BROKEN'}: ${r.checks.history.count} entries |`,
    `| edits acknowledged | ${r.edits.length} (${(r.edits.length / seconds).toFixed(1)}/s) |`,
    `| conflicts (stale-version refusals, expected; each re-read and retried) | ${r.conflicts} |`,
    `| edits given up after 10 conflicts in a row | ${r.gaveUp} |`,
    `| drill events acknowledged | ${r.events.length} (${(r.events.length / seconds).toFixed(1)}/s) |`,
    `| requests | ${samples.length} (${(samples.length / seconds).toFixed(1)}/s) |`,
    '',
    '| channel | requests | p50 ms | p95 ms | max ms | conflicts | errors |',
    '|---|---|---|---|---|---|---|',
  ];
  const channels = [...new Set(samples.map((s) => s.channel))].sort();
  for (const ch of channels) {
    const mine = samples.filter((s) => s.channel === ch);
    const t = mine.map((s) => s.ms);
    const count = (k: string) => mine.filter((s) => s.outcome === k).length;
    lines.push(
      `| \`${ch}\` | ${mine.length} | ${ms(pct(t, 50))} | ${ms(pct(t, 95))} | ${ms(Math.max(...t))} | ${count('conflict')} | ${count('error')} |`,
    );
  }
  if (r.recorder.errors.size > 0 || r.checks.problems.length > 0) {
    lines.push('', 'Problems:', '');
    for (const [e, n] of r.recorder.errors) lines.push(`- ${n} x ${e}`);
    if (r.recorder.errorMs.length > 0) lines.push(`- errors answered after (ms): ${r.recorder.errorMs.slice(0, 30).join(', ')}`);
    for (const p of r.checks.problems.slice(0, 20)) lines.push(`- ${p.what}: ${p.detail}`);
  }
  return lines.join('\n') + '\n';
}
