import { ENTITIES, fieldsOf, type Entity } from '../inventory/field-registry';
import type { FieldRule } from '../inventory/field-rules';
import { INVENTORY_FIELDS } from '../inventory/fields';

export { ENTITIES, type Entity };
export { isFieldError, type FieldRule } from '../inventory/field-rules';

export const ENTITY_LABEL: Record<Entity, string> = {
  workflows: 'workflow',
  systems: 'system',
  environments: 'environment',
  agents: 'agent',
  grants: 'grant',
};

/** One import column: `key` is what a file row carries (a grant's agent by name, not agentId). */
export type FieldSpec = { key: string; label: string; rule: FieldRule; required?: boolean; default?: unknown; aliases?: readonly string[] };

/** Import columns, derived from the field registry (core/inventory/fields.ts): names, aliases, rules, defaults. */
export const FIELDS = Object.fromEntries(
  ENTITIES.map((e) => [
    e,
    fieldsOf<object>(INVENTORY_FIELDS[e]).map((f): FieldSpec => ({
      key: f.importKey,
      label: f.header,
      rule: f.rule,
      aliases: f.aliases,
      ...(f.importRequired ? { required: true } : { default: f.importDefault }),
    })),
  ]),
) as Record<Entity, FieldSpec[]>;

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Best-guess mapping of file columns to fields, by name and alias (the user can change it). */
export function suggestMapping(entity: Entity, columns: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const byNorm = new Map(columns.map((c) => [norm(c), c]));
  for (const f of FIELDS[entity]) {
    for (const candidate of [f.key, f.label, ...(f.aliases ?? [])]) {
      const hit = byNorm.get(norm(candidate));
      if (hit !== undefined) {
        out[f.key] = hit;
        break;
      }
    }
  }
  return out;
}

/** Guesses which entity a table describes: from its columns when they are decisive, else from its file name. */
export function guessEntity(columns: string[], fileName = ''): Entity {
  const n = new Set(columns.map(norm));
  if ((n.has('agent') || n.has('agentname')) && n.has('system') && (n.has('actions') || n.has('action'))) return 'grants';
  if (n.has('tier') && !n.has('kind')) return 'environments';
  if (n.has('kind') && !n.has('lifecycle')) return 'systems';
  const agentOnly = [
    'lifecycle',
    'accountableowner',
    'technicaloperator',
    'vendormodel',
    'escalationcontact',
    'workflows',
    'agent',
    'agentname',
  ];
  if (agentOnly.some((c) => n.has(c))) return 'agents';
  const workflowCols = new Set(['name', 'workflow', 'workflowname', 'purpose', 'description', 'owner']);
  if ([...n].every((c) => workflowCols.has(c)) && (n.has('owner') || n.has('workflow') || n.has('workflowname'))) return 'workflows';
  const file = fileName.toLowerCase().replace(/\.[a-z0-9]+$/, '');
  const byName: [RegExp, Entity][] = [
    [/grants?\b|permissions?\b/, 'grants'],
    [/workflows?\b/, 'workflows'],
    [/systems?\b/, 'systems'],
    [/environments?\b/, 'environments'],
  ];
  for (const [re, e] of byName) if (re.test(file)) return e;
  return 'agents';
}
