/** Calendar-day arithmetic on YYYY-MM-DD strings (UTC), so freshness never depends on the local time zone. */
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for a YYYY-MM-DD (or ISO date-time: only the date part is used). */
export const dayNumber = (date: string): number => Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY_MS);

/** Whole days from `from` to `to` (positive when `to` is later). */
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

/** YYYY-MM-DD of a Date in UTC. */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
