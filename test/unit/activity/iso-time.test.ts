import { describe, expect, it } from 'vitest';
import { isoTime } from '../../../core/activity/parsers/common';

/** The fast path for CloudTrail's whole-second form must give exactly what Date gives, including its odd cases. */
const viaDate = (v: string): string | null => {
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};

describe('isoTime', () => {
  it('whole-second UTC times read the same as through Date, impossible days and hour 24 included', () => {
    for (const v of [
      '2026-05-04T10:15:02Z',
      '2024-02-29T10:00:00Z',
      '2026-02-28T23:59:59Z',
      '2026-02-30T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-05-04T24:00:00Z',
      '2026-05-04T10:60:00Z',
      '2026-05-04T10:15:02.123Z',
    ])
      expect(isoTime(v), v).toBe(viaDate(v));
  });
});
