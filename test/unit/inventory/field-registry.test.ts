import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { fieldsOf, type FieldDef, type FieldRegistry } from '../../../core/inventory/field-registry';
import { grantFields, INVENTORY_FIELDS } from '../../../core/inventory/fields';
import { GrantInput } from '../../../core/inventory/model';
import { FIELDS } from '../../../core/transfer/import-fields';

// ---- Compile-time checks: `npx tsc -b` compiles this file, and each @ts-expect-error fails the build if its line compiles. ----
type Pair = { a: string; b: number };
const f: FieldDef = { label: 'A', column: 'a', control: 'text', importKey: 'a', aliases: [], header: 'A', rule: (v) => v };

export const complete = { a: f, b: f } satisfies FieldRegistry<Pair>;
// @ts-expect-error a field of the entity missing from the registry
export const missing = { a: f } satisfies FieldRegistry<Pair>;
// @ts-expect-error a registry entry that is not a field of the entity
export const extra = { a: f, b: f, c: f } satisfies FieldRegistry<Pair>;
// The real grant registry covers exactly GrantInput's keys (the same check, on the shipped registry).
export const grantKeys: Record<keyof z.output<typeof GrantInput>, true> = Object.fromEntries(
  Object.keys(grantFields).map((k) => [k, true]),
) as Record<keyof typeof grantFields, true>;

describe('field registry', () => {
  it('covers every key of the grant schema at run time too, in the schema order', () => {
    expect(Object.keys(grantFields)).toEqual(Object.keys(GrantInput.shape));
  });

  it('drives the import columns: a grant file names its agent, system and environment, not their ids', () => {
    expect(FIELDS.grants.map((c) => c.key)).toEqual([
      'agent',
      'system',
      'environment',
      'actions',
      'scope',
      'credentialIdentity',
      'approvalGate',
      'expiresAt',
      'justification',
    ]);
    const gate = FIELDS.grants.find((c) => c.key === 'approvalGate')!;
    expect(gate.rule('Two-Person')).toBe('two-person');
    expect(() => gate.rule('sometimes')).toThrow('use one of none, single, two-person');
  });

  it('gives every stored field a distinct snake_case column', () => {
    for (const [entity, registry] of Object.entries(INVENTORY_FIELDS)) {
      const columns = fieldsOf<object>(registry)
        .map((d) => d.column)
        .filter((c): c is string => c !== null);
      expect(new Set(columns).size, entity).toBe(columns.length);
      for (const c of columns) expect(c, entity).toMatch(/^[a-z][a-z_]*$/);
    }
  });
});
