import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldsOf, type FieldDef, type FieldRegistry } from '../../../core/inventory/field-registry';
import { grantFields, INVENTORY_FIELDS } from '../../../core/inventory/fields';
import { GrantInput, type ActionClass } from '../../../core/inventory/model';
import { FIELDS } from '../../../core/transfer/import-fields';

// ---- Compile-time checks: `npx tsc -b` compiles this file, and each @ts-expect-error fails the build if its line compiles. ----
type Pair = { a: string; b: number };
const f: FieldDef = {
  schema: z.string(),
  label: 'A',
  column: 'a',
  control: 'text',
  importKey: 'a',
  aliases: [],
  header: 'A',
  rule: (v) => v,
};

export const complete = { a: f, b: f } satisfies FieldRegistry<Pair>;
// @ts-expect-error a field of the entity missing from the registry
export const missing = { a: f } satisfies FieldRegistry<Pair>;
// @ts-expect-error a registry entry that is not a field of the entity
export const extra = { a: f, b: f, c: f } satisfies FieldRegistry<Pair>;
// The grant schema is read off the registry, with each field's precise type (not `unknown`).
type GrantOut = z.output<typeof GrantInput>;
export const typed: Pick<GrantOut, 'actions' | 'approvalGate' | 'expiresAt'> = {
  actions: ['read', 'delete'] satisfies ActionClass[],
  approvalGate: 'two-person',
  expiresAt: null,
};
// @ts-expect-error an approval gate outside the vocabulary is refused by the derived type
export const wrongGate: Pick<GrantOut, 'approvalGate'> = { approvalGate: 'sometimes' };

describe('field registry', () => {
  it('is the grant schema: its keys in order, and each field validates with its own declaration', () => {
    expect(Object.keys(GrantInput.shape)).toEqual(Object.keys(grantFields));
    const r = GrantInput.safeParse({ agentId: '', systemId: 's', environmentId: 'e', actions: [] });
    expect(r.success).toBe(false);
    const messages = Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
    expect(messages).toMatchObject({ agentId: 'Choose an agent', actions: 'Choose at least one action' });
    expect(GrantInput.parse({ agentId: 'a', systemId: 's', environmentId: 'e', actions: ['read'] })).toMatchObject({
      scope: '*',
      approvalGate: 'none',
      expiresAt: null,
    });
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
