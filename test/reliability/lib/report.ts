import { appendFileSync } from 'node:fs';

/** Full run (npm run test:reliability) or the fast subset wired into npm test (AR_RELIABILITY=fast). */
export const FAST = process.env.AR_RELIABILITY === 'fast';
export const pick = <T>(full: T, fast: T): T => (FAST ? fast : full);

/**
 * Prints a catalogue line `<ID> PASS|FAIL <figure>` and records it for the run summary.
 * Returns `pass` so a test can `expect(report(...)).toBe(true)`.
 */
export function report(id: string, pass: boolean, figure: string): boolean {
  emit(`${id} ${pass ? 'PASS' : 'FAIL'} ${figure}`);
  return pass;
}

export function skip(id: string, reason: string): void {
  emit(`${id} SKIP ${reason}`);
}

function emit(line: string): void {
  const clean = line.replace(/[\r\n]+/g, ' ');
  console.log(clean);
  const file = process.env.AR_RELIABILITY_RESULTS;
  if (file) appendFileSync(file, clean + '\n');
}
