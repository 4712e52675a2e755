import { expect } from 'vitest';

/**
 * Runs a policy over a corpus of hostile inputs (all must be refused) and legitimate inputs
 * (all must be accepted), prints one line `<id>: PASS|FAIL <false allows> false allows / <N> cases`
 * and fails the test on any false allow or false deny.
 */
export function runCorpus<T>(id: string, policy: (input: T) => boolean, hostile: readonly T[], allowed: readonly T[]): void {
  const falseAllows = hostile.filter((h) => policy(h));
  const falseDenies = allowed.filter((a) => !policy(a));
  const pass = falseAllows.length === 0 && falseDenies.length === 0;
  const cases = hostile.length + allowed.length;
  console.log(
    `${id}: ${pass ? 'PASS' : 'FAIL'} ${falseAllows.length} false allows / ${cases} cases (hostile=${hostile.length}, legitimate=${allowed.length}, false denies=${falseDenies.length})`,
  );
  expect(falseAllows.map(show), 'hostile inputs that were allowed').toEqual([]);
  expect(falseDenies.map(show), 'legitimate inputs that were refused').toEqual([]);
}

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v)));
