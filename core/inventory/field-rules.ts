import { NAME_MAX, TEXT_MAX } from '../common/schemas';

/**
 * Field rules for imported inventory, written as plain functions (not zod) because an import of
 * 100k grants runs them a million times; they enforce the same limits as core/inventory/model.ts.
 * Each returns the clean value or throws a message for people.
 */
export type FieldRule = (raw: unknown) => unknown;

class FieldError extends Error {}
export const isFieldError = (e: unknown): e is Error => e instanceof FieldError;
const fail = (m: string): never => {
  throw new FieldError(m);
};

const CONTROL = /[\u0000-\u001f\u007f]/;

const str = (raw: unknown): string => {
  if (raw === null || raw === undefined) return '';
  if (typeof raw === 'string') return raw;
  return fail(`Must be text, not ${Array.isArray(raw) ? 'a list' : typeof raw}`);
};

export const nameRule: FieldRule = (raw) => {
  const s = str(raw).trim();
  if (!s) fail('Required');
  if (s.length > NAME_MAX) fail(`At most ${NAME_MAX} characters`);
  if (CONTROL.test(s)) fail('Must not contain control characters or line breaks');
  return s;
};
export const optNameRule: FieldRule = (raw) => {
  const s = str(raw).trim();
  if (s.length > NAME_MAX) fail(`At most ${NAME_MAX} characters`);
  return s;
};
export const textRule: FieldRule = (raw) => {
  const s = str(raw);
  if (s.length > TEXT_MAX) fail(`At most ${TEXT_MAX} characters`);
  return s;
};
export const oneOfRule = (values: readonly string[], label: string): FieldRule => {
  const set = new Set(values);
  return (raw) => {
    const s = str(raw).trim().toLowerCase();
    if (!set.has(s)) fail(`${label}: use one of ${values.join(', ')}`);
    return s;
  };
};
export const scopeRule: FieldRule = (raw) => {
  const s = str(raw).trim();
  if (s.length > 200) fail('At most 200 characters');
  return s === '' ? '*' : s;
};
export const dateRule: FieldRule = (raw) => {
  const s = str(raw).trim();
  if (s === '') return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) fail('Use the format YYYY-MM-DD');
  const d = new Date(`${s}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) fail('Not a real date');
  return s;
};
const list = (raw: unknown, what: string): string[] => {
  if (Array.isArray(raw)) return raw.map((x) => str(x).trim()).filter(Boolean);
  const s = str(raw).trim();
  if (s.length > TEXT_MAX) fail(`${what}: too long`);
  return s === ''
    ? []
    : s
        .split(/[;,|]/)
        .map((x) => x.trim())
        .filter(Boolean);
};
/** A list of distinct values from a fixed set ("read; write" in a file, an array in JSON). */
export const setRule = (values: readonly string[], label: string): FieldRule => {
  const allowed = new Set(values);
  return (raw) => {
    const a = list(raw, label).map((x) => x.toLowerCase());
    if (a.length === 0) fail(`Choose at least one ${label.toLowerCase().replace(/s$/, '')}`);
    for (const x of a)
      if (!allowed.has(x)) fail(`Unknown ${label.toLowerCase().replace(/s$/, '')} "${x.slice(0, 40)}": use ${values.join(', ')}`);
    if (new Set(a).size !== a.length) fail(`Each ${label.toLowerCase().replace(/s$/, '')} only once`);
    return a;
  };
};
/** A list of record names (an agent's workflows). */
export const namesRule = (label: string, max: number): FieldRule => {
  return (raw) => {
    const a = list(raw, label);
    if (a.length > max) fail(`At most ${max} ${label.toLowerCase()}`);
    return a.map((x) => nameRule(x) as string);
  };
};
