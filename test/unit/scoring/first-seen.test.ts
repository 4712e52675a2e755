import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FirstSeen } from '../../../core/scoring/first-seen';

describe('FirstSeen (credential identities seen before)', () => {
  it('answers like a Map of first positions, for any keys (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('svc', 'SVC', 'svc ', 'é', '')), { maxLength: 300 }),
        (keys) => {
          const table = new FirstSeen(keys.length);
          const reference = new Map<string, number>();
          keys.forEach((k, pos) => {
            const expected = reference.has(k) ? reference.get(k)! : -1;
            if (!reference.has(k)) reference.set(k, pos);
            expect(table.firstOrAdd(k, pos)).toBe(expected);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('matches equal strings built separately, across 50k keys with probe collisions', () => {
    const n = 50_000;
    const table = new FirstSeen(n * 2);
    for (let i = 0; i < n; i++) expect(table.firstOrAdd(`svc-${i}`, i)).toBe(-1);
    for (let i = 0; i < n; i++) expect(table.firstOrAdd(['svc', String(i)].join('-'), n + i)).toBe(i);
  });
});
