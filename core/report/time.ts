import { formatDate, type TimeFormatOptions } from '../common/format-time';

/**
 * Reports are built by the back end, which does not know the reader's zone, and are read by
 * people in other offices: they print times in UTC, with "UTC" beside them, through the same
 * formatter the screens use (core/common/format-time).
 */
export const REPORT_TIME: TimeFormatOptions = { locale: 'en-GB', timeZone: 'UTC' };

/** A report's calendar day ("1 Aug 2026"): a timestamp's UTC day, or a bare "YYYY-MM-DD" as written. */
export const reportDate = (value: string): string => formatDate(value, REPORT_TIME);
