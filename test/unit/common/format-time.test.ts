import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatTime, NO_TIME } from '../../../core/common/format-time';
import { formatDuration } from '../../../core/common/format-duration';
import { formatDuration as reportDuration } from '../../../core/report/words';

const AT = '2026-12-02T15:38:30.000Z';

describe('formatDateTime: one format, in the reader’s locale and zone', () => {
  it('shows the same instant in the zone it is given, with the zone named', () => {
    expect(formatDateTime(AT, { locale: 'en-GB', timeZone: 'UTC' })).toBe('2 Dec 2026, 15:38 UTC');
    // Berlin is UTC+1 in December: the clock reads an hour later and the label says which zone.
    expect(formatDateTime(AT, { locale: 'en-GB', timeZone: 'Europe/Berlin' })).toBe('2 Dec 2026, 16:38 CET');
  });

  it('follows the locale’s order and clock', () => {
    const us = formatDateTime(AT, { locale: 'en-US', timeZone: 'America/New_York' });
    expect(us).toBe('Dec 2, 2026, 10:38 AM EST');
  });

  it('can leave the zone out where the time is not evidence', () => {
    expect(formatDateTime(AT, { locale: 'en-GB', timeZone: 'UTC' }, false)).toBe('2 Dec 2026, 15:38');
  });

  it('shows a dash for missing or unreadable input instead of "Invalid Date"', () => {
    expect(formatDateTime(null)).toBe(NO_TIME);
    expect(formatDateTime('')).toBe(NO_TIME);
    expect(formatDateTime('not a date')).toBe(NO_TIME);
    expect(formatTime(undefined)).toBe(NO_TIME);
    expect(formatDate('2026-13-45')).toBe(NO_TIME);
  });
});

describe('formatDate and formatTime', () => {
  it('shows a bare calendar day as that day in every zone (no midnight-UTC shift)', () => {
    expect(formatDate('2026-08-01', { locale: 'en-GB', timeZone: 'Pacific/Honolulu' })).toBe('1 Aug 2026');
    expect(formatDate('2026-08-01', { locale: 'en-GB', timeZone: 'Pacific/Kiritimati' })).toBe('1 Aug 2026');
  });

  it('shows a timestamp’s day in the reader’s zone', () => {
    // 23:30 UTC on the 1st is already the 2nd in Tokyo.
    expect(formatDate('2026-08-01T23:30:00Z', { locale: 'en-GB', timeZone: 'Asia/Tokyo' })).toBe('2 Aug 2026');
  });

  it('shows a drill event’s wall-clock time to the second, with its zone', () => {
    expect(formatTime(AT, { locale: 'en-GB', timeZone: 'UTC' })).toBe('15:38:30 UTC');
    expect(formatTime(AT, { locale: 'en-GB', timeZone: 'UTC' }, false)).toBe('15:38:30');
  });
});

describe('formatDuration: the drill screens and the reports agree', () => {
  it('writes minutes and seconds, never decimal minutes', () => {
    expect(formatDuration(80_000)).toBe('1 min 20 s');
    expect(formatDuration(754_000)).toBe('12 min 34 s');
    expect(formatDuration(9_400)).toBe('9 s');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(3_900_000)).toBe('1 h 05 min');
  });

  it('says what a missing measure is, as each caller asks', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
    expect(reportDuration(null)).toBe('not reached');
  });

  it('gives the report the very same text as the screen for every value', () => {
    for (const ms of [0, 999, 59_499, 59_500, 60_000, 80_000, 3_599_000, 3_600_000, 86_400_000]) {
      expect(reportDuration(ms)).toBe(formatDuration(ms));
    }
  });

  it('keeps the sign of a negative span (a decision made early)', () => {
    expect(formatDuration(-80_000)).toBe('-1 min 20 s');
  });
});
