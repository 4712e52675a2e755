import { z } from 'zod';

/** Shared field schemas. Limits are deliberate: they bound what a hostile import can make us store. */
export const NAME_MAX = 120;
export const TEXT_MAX = 4000;

/** Trimmed, non-empty single-line name. Control characters are refused so names render predictably. */
export const Name = z
  .string({ error: 'Required' })
  .trim()
  .min(1, 'Required')
  .max(NAME_MAX, `At most ${NAME_MAX} characters`)
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'Must not contain control characters or line breaks');

/** Optional person/contact name; empty string means "not set". */
export const OptionalName = z.string().trim().max(NAME_MAX, `At most ${NAME_MAX} characters`).default('');

/** Free text (purpose, justification, notes). */
export const Text = z.string().max(TEXT_MAX, `At most ${TEXT_MAX} characters`).default('');

/** Store-generated identifiers: opaque, URL- and filename-safe. */
export const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Invalid id');

/** A calendar date as YYYY-MM-DD. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the format YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s; // 2027-02-30 rolls over, so it is refused
  }, 'Not a real date');

/** A timestamp as an ISO-8601 string (UTC). */
export const IsoDateTime = z.string().datetime({ offset: true, message: 'Not an ISO date-time' });

export const WorkspaceScoped = z.object({ workspaceId: Id });
