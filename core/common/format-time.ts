/**
 * The one date/time formatter of the app, the reports and the CLI. Pure: the caller passes the
 * locale and time zone (the renderer passes the user's; the back end passes what it was given or
 * UTC), so the same instant reads the same way on every screen and in every export.
 *
 * Where a time is evidence (drill events, assessments, backups, after-action reviews) the zone is
 * printed beside it, so a reader in another office cannot mistake 15:38 UTC for 15:38 local.
 */

export type TimeFormatOptions = {
  /** BCP 47 tag, e.g. "en-GB". Undefined means the runtime's default. */
  locale?: string | undefined;
  /** IANA zone, e.g. "Europe/Berlin" or "UTC". Undefined means the runtime's default. */
  timeZone?: string | undefined;
};

/** Shown for a missing or unreadable timestamp. */
export const NO_TIME = '—';

const cache = new Map<string, Intl.DateTimeFormat>();

/** Intl formatters are expensive to build and tables format thousands of cells, so one per shape is kept. */
function formatter(kind: 'date' | 'datetime' | 'time', zone: boolean, o: TimeFormatOptions): Intl.DateTimeFormat {
  const key = `${kind}|${zone ? 'z' : ''}|${o.locale ?? ''}|${o.timeZone ?? ''}`;
  let f = cache.get(key);
  if (!f) {
    const parts: Intl.DateTimeFormatOptions =
      kind === 'date'
        ? { year: 'numeric', month: 'short', day: 'numeric' }
        : kind === 'time'
          ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
          : { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' };
    f = new Intl.DateTimeFormat(o.locale, { ...parts, ...(zone ? { timeZoneName: 'short' } : {}), timeZone: o.timeZone });
    cache.set(key, f);
  }
  return f;
}

function toDate(value: string | number | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  // A bare calendar day ("2026-12-02") is a date, not midnight UTC: pinned to noon UTC it shows the same day in every zone.
  const d = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "2 Dec 2026, 15:38 CET" (zone on by default: most times the app shows are evidence). */
export function formatDateTime(value: string | number | Date | null | undefined, o: TimeFormatOptions = {}, showZone = true): string {
  const d = toDate(value);
  return d ? formatter('datetime', showZone, o).format(d) : NO_TIME;
}

/** "2 Dec 2026". A bare "YYYY-MM-DD" day is shown as that day whatever the zone. */
export function formatDate(value: string | number | Date | null | undefined, o: TimeFormatOptions = {}): string {
  const d = toDate(value);
  if (!d) return NO_TIME;
  const day = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
  return formatter('date', false, day ? { ...o, timeZone: 'UTC' } : o).format(d);
}

/** "15:38:05 CET": the wall-clock time of a drill event. */
export function formatTime(value: string | number | Date | null | undefined, o: TimeFormatOptions = {}, showZone = true): string {
  const d = toDate(value);
  return d ? formatter('time', showZone, o).format(d) : NO_TIME;
}
