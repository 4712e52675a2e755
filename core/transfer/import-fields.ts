import { NAME_MAX, TEXT_MAX } from '../common/schemas';
import {
  ACTION_CLASSES,
  APPROVAL_GATES,
  CRITICALITIES,
  ENVIRONMENT_TIERS,
  LIFECYCLES,
  SENSITIVITIES,
  SYSTEM_KINDS,
} from '../inventory/model';

/**
 * Field rules for imported inventory, written as plain functions (not zod) because an import of
 * 100k grants runs them a million times; they enforce the same limits as core/inventory/model.ts.
 * Each returns the clean value or throws a message for people.
 */
export type FieldRule = (raw: unknown) => unknown;

export const ENTITIES = ['workflows', 'systems', 'environments', 'agents', 'grants'] as const;
export type Entity = (typeof ENTITIES)[number];
export const ENTITY_LABEL: Record<Entity, string> = {
  workflows: 'workflow',
  systems: 'system',
  environments: 'environment',
  agents: 'agent',
  grants: 'grant',
};

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

const name: FieldRule = (raw) => {
  const s = str(raw).trim();
  if (!s) fail('Required');
  if (s.length > NAME_MAX) fail(`At most ${NAME_MAX} characters`);
  if (CONTROL.test(s)) fail('Must not contain control characters or line breaks');
  return s;
};
const optName: FieldRule = (raw) => {
  const s = str(raw).trim();
  if (s.length > NAME_MAX) fail(`At most ${NAME_MAX} characters`);
  return s;
};
const text: FieldRule = (raw) => {
  const s = str(raw);
  if (s.length > TEXT_MAX) fail(`At most ${TEXT_MAX} characters`);
  return s;
};
const oneOf = (values: readonly string[], label: string): FieldRule => {
  const set = new Set(values);
  return (raw) => {
    const s = str(raw).trim().toLowerCase();
    if (!set.has(s)) fail(`${label}: use one of ${values.join(', ')}`);
    return s;
  };
};
const scope: FieldRule = (raw) => {
  const s = str(raw).trim();
  if (s.length > 200) fail('At most 200 characters');
  return s === '' ? '*' : s;
};
const date: FieldRule = (raw) => {
  const s = str(raw).trim();
  if (s === '') return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) fail('Use the format YYYY-MM-DD');
  const d = new Date(`${s}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) fail('Not a real date');
  return s;
};
const ACTION_SET = new Set<string>(ACTION_CLASSES);
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
const actions: FieldRule = (raw) => {
  const a = list(raw, 'Actions').map((x) => x.toLowerCase());
  if (a.length === 0) fail('Choose at least one action');
  for (const x of a) if (!ACTION_SET.has(x)) fail(`Unknown action "${x.slice(0, 40)}": use ${ACTION_CLASSES.join(', ')}`);
  if (new Set(a).size !== a.length) fail('Each action only once');
  return a;
};
const names: FieldRule = (raw) => {
  const a = list(raw, 'Workflows');
  if (a.length > 200) fail('At most 200 workflows');
  return a.map((x) => name(x) as string);
};

export type FieldSpec = { key: string; label: string; rule: FieldRule; required?: boolean; default?: unknown; aliases?: string[] };

export const FIELDS: Record<Entity, FieldSpec[]> = {
  workflows: [
    { key: 'name', label: 'Name', rule: name, required: true, aliases: ['workflow', 'workflow name'] },
    { key: 'purpose', label: 'Purpose', rule: text, default: '', aliases: ['description'] },
    { key: 'owner', label: 'Owner', rule: optName, default: '' },
  ],
  systems: [
    { key: 'name', label: 'Name', rule: name, required: true, aliases: ['system', 'system name'] },
    { key: 'kind', label: 'Kind', rule: oneOf(SYSTEM_KINDS, 'Kind'), required: true, aliases: ['type'] },
    { key: 'criticality', label: 'Criticality', rule: oneOf(['low', 'medium', 'high', 'critical'], 'Criticality'), default: 'medium' },
    {
      key: 'dataSensitivity',
      label: 'Data sensitivity',
      rule: oneOf(['public', 'internal', 'confidential', 'restricted'], 'Data sensitivity'),
      default: 'internal',
      aliases: ['sensitivity'],
    },
  ],
  environments: [
    { key: 'name', label: 'Name', rule: name, required: true, aliases: ['environment'] },
    { key: 'tier', label: 'Tier', rule: oneOf(ENVIRONMENT_TIERS, 'Tier'), required: true },
  ],
  agents: [
    { key: 'name', label: 'Name', rule: name, required: true, aliases: ['agent', 'agent name'] },
    { key: 'purpose', label: 'Purpose', rule: text, default: '', aliases: ['description'] },
    { key: 'accountableOwner', label: 'Accountable owner', rule: optName, default: '', aliases: ['owner'] },
    { key: 'technicalOperator', label: 'Technical operator', rule: optName, default: '', aliases: ['operator'] },
    { key: 'vendorModel', label: 'Vendor / model', rule: optName, default: '', aliases: ['vendor', 'model'] },
    { key: 'lifecycle', label: 'Lifecycle', rule: oneOf(LIFECYCLES, 'Lifecycle'), default: 'proposed', aliases: ['status', 'stage'] },
    { key: 'escalationContact', label: 'Escalation contact', rule: optName, default: '', aliases: ['escalation'] },
    { key: 'workflows', label: 'Workflows', rule: names, default: [] },
  ],
  grants: [
    { key: 'agent', label: 'Agent', rule: name, required: true, aliases: ['agent name'] },
    { key: 'system', label: 'System', rule: name, required: true, aliases: ['system name'] },
    { key: 'environment', label: 'Environment', rule: name, required: true, aliases: ['env'] },
    { key: 'actions', label: 'Actions', rule: actions, required: true, aliases: ['action', 'permissions'] },
    { key: 'scope', label: 'Scope', rule: scope, default: '*', aliases: ['resource'] },
    { key: 'credentialIdentity', label: 'Credential identity', rule: optName, default: '', aliases: ['credential', 'identity'] },
    {
      key: 'approvalGate',
      label: 'Approval gate',
      rule: oneOf(['none', 'single', 'two-person'], 'Approval gate'),
      default: 'none',
      aliases: ['approval', 'gate'],
    },
    { key: 'expiresAt', label: 'Expires', rule: date, default: null, aliases: ['expires', 'expiry', 'expires at'] },
    { key: 'justification', label: 'Justification', rule: text, default: '', aliases: ['reason'] },
  ],
};

void CRITICALITIES;
void SENSITIVITIES;
void APPROVAL_GATES;

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
