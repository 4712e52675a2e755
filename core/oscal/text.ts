/**
 * OSCAL's string rules. StringDatatype is one line with no leading or trailing space
 * (`^\S(.*\S)?$`); date-times may not carry a `.000` fraction (the 1.0.5 pattern refuses it).
 */
export const line = (text: string, fallback = '-'): string => text.replace(/\s+/g, ' ').trim() || fallback;

/** Free text (titles, descriptions): kept as written but never empty. */
export const prose = (text: string, fallback = '-'): string => (text.trim() ? text.trim() : fallback);

/** An ISO instant in OSCAL form: UTC, seconds precision. */
export function oscalTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`Not a date-time: ${iso}`);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A calendar day as the start of that day in UTC. */
export const oscalDay = (day: string): string => oscalTime(`${day}T00:00:00Z`);

export const OSCAL_VERSION = '1.0.5';

/*
 * No `props` are written: the NIST 1.0.5 JSON schema limits every prop name to the enum ["marking"]
 * (its generator applied the OSCAL-namespace constraint to all namespaces), so any useful prop
 * fails validation. What a prop would carry goes into `remarks` or the description instead.
 */
