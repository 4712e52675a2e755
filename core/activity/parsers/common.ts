import type { z } from 'zod';
import type { ActivityEvent, ParseIssue, ParsedBatch, SourcePosition } from '../model';

export const EMPTY: ParsedBatch = { events: [], issues: [] };

export function issueAt(pos: SourcePosition, message: string): ParseIssue {
  return pos.record === undefined
    ? { file: pos.file, line: pos.line, message }
    : { file: pos.file, line: pos.line, record: pos.record, message };
}

export const issueBatch = (pos: SourcePosition, message: string): ParsedBatch => ({ events: [], issues: [issueAt(pos, message)] });
export const eventBatch = (...events: ActivityEvent[]): ParsedBatch => ({ events, issues: [] });

export function mergeBatches(batches: readonly ParsedBatch[]): ParsedBatch {
  return { events: batches.flatMap((b) => b.events), issues: batches.flatMap((b) => b.issues) };
}

/** Where in a file: "line 12" or "record 3 (line 12)". Used in ids and reasons. */
export const positionLabel = (pos: SourcePosition): string =>
  pos.record === undefined ? `line ${pos.line}` : `record ${pos.record} (line ${pos.line})`;

/** An id unique within one import, built from the source position (never from content). */
export const positionId = (pos: SourcePosition, n = 0): string =>
  `${pos.file}:${pos.line}${pos.record === undefined ? '' : `#${pos.record}`}${n === 0 ? '' : `.${n}`}`;

/**
 * JSON.parse one record and check it against a loose zod schema. The message names the first bad
 * field but never echoes the record, which may carry secrets.
 */
export function readRecord<S extends z.ZodType>(
  text: string,
  pos: SourcePosition,
  schema: S,
  what: string,
): { ok: true; value: z.output<S> } | { ok: false; batch: ParsedBatch } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, batch: issueBatch(pos, `${what}: not valid JSON`) };
  }
  return checkRecord(raw, pos, schema, what);
}

/** The schema check of `readRecord` on a value already parsed. */
export function checkRecord<S extends z.ZodType>(
  raw: unknown,
  pos: SourcePosition,
  schema: S,
  what: string,
): { ok: true; value: z.output<S> } | { ok: false; batch: ParsedBatch } {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const first = parsed.error.issues[0];
  const field = first && first.path.length > 0 ? first.path.join('.') : 'record';
  return { ok: false, batch: issueBatch(pos, `${what}: ${field}: ${first?.message ?? 'unreadable'}`) };
}

/** Whether `value` is `YYYY-MM-DDThh:mm:ssZ` with hours, minutes and seconds in range (CloudTrail's form). */
function plainUtcSeconds(value: string): boolean {
  if (value.length !== 20 || value.charCodeAt(19) !== 90 /* Z */ || value.charCodeAt(10) !== 84 /* T */) return false;
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return (
    value[4] === '-' &&
    value[7] === '-' &&
    value[13] === ':' &&
    value[16] === ':' &&
    value.slice(11, 13) < '24' &&
    value.slice(14, 16) < '60' &&
    value.slice(17, 19) < '60'
  );
}

/** Whether a calendar day (YYYY-MM-DD) is real, remembered: a log's events fall on few days. */
const realDays = new Map<string, boolean>();
function realDay(day: string): boolean {
  let ok = realDays.get(day);
  if (ok === undefined) {
    const d = new Date(`${day}T00:00:00Z`);
    ok = !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
    if (realDays.size >= 10_000) realDays.clear();
    realDays.set(day, ok);
  }
  return ok;
}

/** Any time form the formats use (ISO strings, epoch ms numbers, "2026-05-04 10:15:02.123 UTC") to ISO UTC, or null. */
export function isoTime(value: string | number | undefined | null): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number') {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  // The common whole-second UTC form is rewritten without a Date per event (the same text Date would give).
  if (plainUtcSeconds(value) && realDay(value.slice(0, 10))) return `${value.slice(0, 19)}.000Z`;
  // ISO strings (the common case) go straight to Date; only PostgreSQL's "YYYY-MM-DD hh:mm:ss UTC" is rewritten first
  const normalised =
    value.charCodeAt(10) === 84 /* T */
      ? value
      : value.replace(/^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?) ?(UTC|GMT|Z)?$/, (_m, d: string, t: string) => `${d}T${t}Z`);
  const d = new Date(normalised);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** OTLP's decimal-string nanoseconds to ISO UTC. */
export function isoFromUnixNano(nanos: string | number | undefined): string | null {
  if (nanos === undefined) return null;
  try {
    const ms = Number(BigInt(String(nanos)) / 1_000_000n);
    return isoTime(ms);
  } catch {
    return null;
  }
}

/** Errors that mean "the platform said no", as opposed to a failure. */
export const DENIED_TEXT =
  /(access ?denied|unauthori[sz]ed|forbidden|permission denied|not authori[sz]ed|insufficient.privilege|denied|rejected)/i;

/** Drops undefined and empty values so the kept hints stay small and JSON-stable. */
export function compact<T extends Record<string, string | undefined>>(hints: T): { [K in keyof T]?: string } {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(hints)) if (value !== undefined && value !== '') out[key] = value;
  return out as { [K in keyof T]?: string };
}

/** The scalar attributes of a flat record as strings (how OTel exports carry them); objects and arrays are left out. */
export function asStrings(record: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record))
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  return out;
}
