import { formatDate, formatDateTime, formatTime, type TimeFormatOptions } from '../../core/common/format-time';
import { formatDuration } from '../../core/common/format-duration';

/**
 * Dates, times and durations as every screen shows them: core's one formatter, in the user's
 * locale and time zone. Times that are evidence (drill events, assessments, backups, reviews)
 * carry their zone; pass `false` only where a time is incidental.
 */
export const userTime = (): TimeFormatOptions => {
  const resolved = Intl.DateTimeFormat().resolvedOptions();
  return { locale: typeof navigator !== 'undefined' ? navigator.language : resolved.locale, timeZone: resolved.timeZone };
};

export const showDateTime = (value: string | null | undefined, withZone = true): string => formatDateTime(value, userTime(), withZone);
export const showDate = (value: string | null | undefined): string => formatDate(value, userTime());
export const showTime = (value: string | null | undefined, withZone = true): string => formatTime(value, userTime(), withZone);
export const showDuration = (ms: number | null | undefined): string => formatDuration(ms);
