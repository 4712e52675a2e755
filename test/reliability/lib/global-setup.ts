import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const ALL = Array.from({ length: 40 }, (_, i) => `R${i + 1}`);

export function setup(): void {
  const file = process.env.AR_RELIABILITY_RESULTS;
  if (file) writeFileSync(file, '');
}

/** Prints every catalogue line in id order, then one summary line the harness can count. */
export function teardown(): void {
  const file = process.env.AR_RELIABILITY_RESULTS;
  if (!file || !existsSync(file)) return;
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  rmSync(file, { force: true });
  const num = (l: string) => Number(/^R(\d+)/.exec(l)?.[1] ?? 999);
  lines.sort((a, b) => num(a) - num(b));
  const seen = new Set(lines.map((l) => l.split(' ')[0]));
  const count = (s: string) => lines.filter((l) => l.split(' ')[1] === s).length;
  const out = [
    '',
    '--- reliability and security catalogue' + (process.env.AR_RELIABILITY === 'fast' ? ' (fast subset)' : ' (full run)') + ' ---',
    ...lines,
  ];
  const missing = ALL.filter((id) => !seen.has(id));
  if (missing.length) out.push(`not run in this invocation: ${missing.join(' ')}`);
  out.push(`reliability (vitest, test/reliability): ${count('PASS')} passed, ${count('FAIL')} failed, ${count('SKIP')} skipped`);
  process.stdout.write(out.join('\n') + '\n');
}
