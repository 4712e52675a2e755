import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InventorySnapshot } from '../../../core/inventory/model';
import { planImport } from '../../../core/transfer/import-plan';
import { recordsFromDocument, recordsFromTable } from '../../../core/transfer/import-read';
import { guessEntity, suggestMapping } from '../../../core/transfer/import-fields';
import { ImportRefused, jsonDepth, parseJsonSafe, parseYamlSafe } from '../../../core/transfer/safe-parse';

const EMPTY: InventorySnapshot = {
  workflows: [],
  agents: [],
  systems: [],
  grants: [],
  environments: [{ id: 'env-prod', name: 'Production', tier: 'production', builtin: true, createdAt: '', updatedAt: '', version: 1 }],
};

describe('safe parsing', () => {
  it('measures JSON depth without parsing, ignoring brackets in strings', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[["}]}')).toBe(3);
    expect(jsonDepth('"\\"[["')).toBe(0);
  });
  it('refuses deep nesting, forbidden keys and non-finite numbers', () => {
    expect(() => parseJsonSafe('['.repeat(1e6) + ']'.repeat(1e6))).toThrow(/too deeply nested/);
    expect(() => parseJsonSafe('{"a":{"__proto__":{"x":1}}}')).toThrow(/__proto__/);
    expect(() => parseJsonSafe('{"constructor":{"prototype":{}}}')).toThrow(/constructor/);
    expect(() => parseJsonSafe('[1e999]')).toThrow(/out of range/);
    expect(() => parseYamlSafe('a: !!python/object:os.system "ls"')).toThrow(ImportRefused);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('import planning', () => {
  it('creates, updates and leaves unchanged by name; fields not given keep their values', () => {
    const doc = {
      agents: [{ name: 'Bot', lifecycle: 'pilot' }],
      systems: [{ name: 'DB', kind: 'database' }],
      grants: [{ agent: 'Bot', system: 'DB', environment: 'production', actions: 'read; delete' }],
    };
    const p = planImport(recordsFromDocument(doc), EMPTY);
    expect(p.errorCount).toBe(0);
    expect(p.counts.agents.create).toBe(1);
    expect(p.ops.grants[0]!.values.actions).toEqual(['read', 'delete']);
    const existing: InventorySnapshot = {
      ...EMPTY,
      agents: [
        {
          id: 'a1',
          name: 'Bot',
          purpose: 'p',
          accountableOwner: 'Ann',
          technicalOperator: '',
          vendorModel: '',
          lifecycle: 'pilot',
          escalationContact: '',
          workflowIds: [],
          createdAt: '',
          updatedAt: '',
          version: 1,
        },
      ],
    };
    const q = planImport(recordsFromDocument({ agents: [{ name: ' Bot ', lifecycle: 'pilot' }] }), existing);
    expect(q.ops.agents[0]).toMatchObject({ action: 'unchanged', id: 'a1' });
    expect(q.ops.agents[0]!.values.accountableOwner).toBe('Ann');
  });
  it('maps table columns by label and alias and guesses the record type', () => {
    expect(guessEntity(['Agent', 'System', 'Environment', 'Actions'])).toBe('grants');
    expect(guessEntity(['Name', 'Tier'])).toBe('environments');
    expect(suggestMapping('agents', ['Agent name', 'Owner', 'Status'])).toEqual({
      name: 'Agent name',
      accountableOwner: 'Owner',
      lifecycle: 'Status',
    });
    const recs = recordsFromTable(
      ['Agent name', 'Owner'],
      [
        ['A', ''],
        ['', ''],
        ['B', 'Bo'],
      ],
      'agents',
      [
        { field: 'name', column: 'Agent name' },
        { field: 'accountableOwner', column: 'Owner' },
      ],
    );
    expect(recs.map((r) => r.where)).toEqual(['row 2', 'row 4']);
    expect('accountableOwner' in recs[0]!.values).toBe(false);
  });
  it('R26: never throws anything but ImportRefused on arbitrary documents and tables (fast-check)', () => {
    const seed = 20261124;
    let runs = 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        runs++;
        try {
          planImport(recordsFromDocument(v), EMPTY);
        } catch (err) {
          if (!(err instanceof ImportRefused)) throw err;
        }
      }),
      { seed, numRuns: 5000 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.string(), { minLength: 1, maxLength: 8 }),
        fc.array(fc.array(fc.string(), { maxLength: 8 }), { maxLength: 20 }),
        fc.constantFrom('agents', 'systems', 'grants', 'workflows', 'environments'),
        (header, rows, entity) => {
          runs++;
          try {
            const mapping = Object.entries(suggestMapping(entity, header)).map(([field, column]) => ({ field, column }));
            planImport(recordsFromTable(header, rows, entity, mapping), EMPTY);
          } catch (err) {
            if (!(err instanceof ImportRefused)) throw err;
          }
        },
      ),
      { seed, numRuns: 5000 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    console.log(`R26 runs=${runs} seed=${seed}; uncaught exceptions=0`);
  });
});
