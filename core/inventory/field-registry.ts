import type { z } from 'zod';
import type { FieldRule } from './field-rules';

/** The inventory entities, in the order an import applies them (references point backwards). */
export const ENTITIES = ['workflows', 'systems', 'environments', 'agents', 'grants'] as const;
export type Entity = (typeof ENTITIES)[number];

/** How a form shows a field. `reference` picks one record of another entity, `references` several. */
export type ControlKind = 'text' | 'textarea' | 'date' | 'select' | 'checkboxes' | 'reference' | 'references';

/** One field of an inventory entity, declared once; the store, import, export and forms read it. */
export type FieldDef = {
  /** What a value must be: the entity's zod schema is built from these (model.ts), so a field is declared once. */
  schema: z.ZodType;
  /** Label on forms and table headers. */
  label: string;
  /** The column in the entity's table, or null when it is stored elsewhere (an agent's workflow links). */
  column: string | null;
  /** Stored as JSON text (lists). */
  json?: boolean;
  /** Values a select or checkbox group offers (the model's enum constants, never a copy). */
  options?: readonly string[];
  /** The entity a `reference(s)` field points at; files carry that record's name, the store its id. */
  references?: Entity;
  control: ControlKind;
  /** Help shown under the form control. */
  help?: string;
  /** Marked as required on the form. */
  required?: boolean;
  /** The import column this field is read from, and the other column names that also map to it. */
  importKey: string;
  aliases: readonly string[];
  /** Import column label and export header: the same text, so an export imports back unmapped. */
  header: string;
  /** Plain-function validation for imports (zod is too slow for a million cells). */
  rule: FieldRule;
  /** A new record needs this column in the file (else the default applies). */
  importRequired?: boolean;
  importDefault?: unknown;
};

/**
 * A registry is a record over exactly the entity's keys: a field missing from it fails `tsc`, and
 * so does an entry that is not a field of the entity (excess property check under `satisfies`).
 */
export type FieldRegistry<T> = { readonly [K in keyof T]-?: FieldDef };

/** The registry's fields in declaration order, with their keys. */
export const fieldsOf = <T>(registry: FieldRegistry<T>): ReadonlyArray<FieldDef & { key: keyof T & string }> =>
  (Object.entries(registry) as [keyof T & string, FieldDef][]).map(([key, def]) => ({ ...def, key }));

/** The zod shape of an entity, read off its registry: `z.object(schemaShape(grantFields))` is the grant schema. */
export const schemaShape = <R extends Record<string, { schema: z.ZodType }>>(registry: R): { [K in keyof R]: R[K]['schema'] } =>
  Object.fromEntries(Object.entries(registry).map(([k, def]) => [k, def.schema])) as { [K in keyof R]: R[K]['schema'] };
