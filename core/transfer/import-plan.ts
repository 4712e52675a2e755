import type { InventorySnapshot } from '../inventory/model';
import { ENTITIES, ENTITY_LABEL, FIELDS, isFieldError, type Entity } from './import-fields';
import { IMPORT_LIMITS } from './limits';
import { nameKey } from '../inventory/name-key';

export { nameKey };

/** One record read from a file: only the fields the file provided. */
export type RawRecord = { entity: Entity; where: string; row: number | null; values: Record<string, unknown> };

export type ImportIssue = { where: string; row: number | null; field: string; message: string };

export type OpAction = 'create' | 'update' | 'unchanged';
export type Op = {
  action: OpAction;
  key: string;
  id: string | null;
  label: string;
  values: Record<string, unknown>;
  changed: string[];
  where: string;
};

export type ImportPlan = {
  ops: Record<Entity, Op[]>;
  counts: Record<Entity, Record<OpAction, number>>;
  errors: ImportIssue[];
  errorCount: number;
  records: number;
};

export const grantKey = (agent: string, system: string, env: string, scope: string): string =>
  `${nameKey(agent)}\u0000${nameKey(system)}\u0000${nameKey(env)}\u0000${scope}`;

const REQUIRED = Object.fromEntries(ENTITIES.map((e) => [e, FIELDS[e].filter((f) => f.required)])) as Record<
  Entity,
  (typeof FIELDS)[Entity]
>;

const same = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) && Array.isArray(b)
    ? a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000')
    : (a ?? null) === (b ?? null);

/**
 * Validates records and works out exactly what applying them would do, without touching anything.
 * Records match existing ones by name (grants by agent + system + environment + scope), so
 * importing the same file twice plans nothing the second time. Fields the file does not provide
 * keep their current value on update and their default on create.
 */
export function planImport(records: RawRecord[], existing: InventorySnapshot): ImportPlan {
  const errors: ImportIssue[] = [];
  let errorCount = 0;
  const issue = (r: RawRecord, field: string, message: string): void => {
    errorCount++;
    if (errors.length < IMPORT_LIMITS.maxErrors) errors.push({ where: r.where, row: r.row, field, message });
  };

  const wfName = new Map(existing.workflows.map((w) => [w.id, w.name]));
  const current: Record<Entity, Map<string, { id: string; values: Record<string, unknown> }>> = {
    workflows: new Map(existing.workflows.map((w) => [nameKey(w.name), { id: w.id, values: { ...w } }])),
    systems: new Map(existing.systems.map((s) => [nameKey(s.name), { id: s.id, values: { ...s } }])),
    environments: new Map(existing.environments.map((e) => [nameKey(e.name), { id: e.id, values: { ...e } }])),
    agents: new Map(
      existing.agents.map((a) => [
        nameKey(a.name),
        { id: a.id, values: { ...a, workflows: a.workflowIds.map((id) => wfName.get(id) ?? id) } },
      ]),
    ),
    grants: new Map(),
  };
  const agentName = new Map(existing.agents.map((a) => [a.id, a.name]));
  const systemName = new Map(existing.systems.map((s) => [s.id, s.name]));
  const envName = new Map(existing.environments.map((e) => [e.id, e.name]));
  for (const g of existing.grants) {
    const values = {
      ...g,
      agent: agentName.get(g.agentId) ?? '',
      system: systemName.get(g.systemId) ?? '',
      environment: envName.get(g.environmentId) ?? '',
    };
    current.grants.set(grantKey(values.agent, values.system, values.environment, g.scope), { id: g.id, values });
  }

  const ops = Object.fromEntries(ENTITIES.map((e) => [e, [] as Op[]])) as Record<Entity, Op[]>;
  const seen = Object.fromEntries(ENTITIES.map((e) => [e, new Map<string, string>()])) as Record<Entity, Map<string, string>>;
  const specs = Object.fromEntries(ENTITIES.map((e) => [e, new Map(FIELDS[e].map((f) => [f.key, f]))])) as Record<
    Entity,
    Map<string, (typeof FIELDS)[Entity][number]>
  >;

  for (const r of records) {
    const spec = specs[r.entity];
    const clean: Record<string, unknown> = {};
    let bad = false;
    for (const key of Object.keys(r.values)) {
      const f = spec.get(key);
      if (!f) {
        issue(r, key, `Unknown field "${key.slice(0, 60)}" for a ${ENTITY_LABEL[r.entity]}`);
        bad = true;
        continue;
      }
      try {
        clean[key] = f.rule(r.values[key]);
      } catch (err) {
        if (!isFieldError(err)) throw err;
        issue(r, key, err.message);
        bad = true;
      }
    }
    const idFields = r.entity === 'grants' ? ['agent', 'system', 'environment'] : ['name'];
    for (const k of idFields) {
      if (!(k in r.values)) {
        issue(r, k, 'Required');
        bad = true;
      }
    }
    if (bad) continue;
    const key =
      r.entity === 'grants'
        ? grantKey(String(clean.agent), String(clean.system), String(clean.environment), String(clean.scope ?? '*'))
        : nameKey(String(clean.name));
    const dup = seen[r.entity].get(key);
    if (dup !== undefined) {
      issue(r, idFields[0]!, `Duplicate ${ENTITY_LABEL[r.entity]}: already given at ${dup}`);
      continue;
    }
    seen[r.entity].set(key, r.where);
    const found = current[r.entity].get(key);
    const label =
      r.entity === 'grants' ? `${String(clean.agent)} → ${String(clean.system)} (${String(clean.environment)})` : String(clean.name);
    if (!found) {
      const missing = REQUIRED[r.entity].filter((f) => !(f.key in clean));
      if (missing.length) {
        for (const f of missing) issue(r, f.key, `Required for a new ${ENTITY_LABEL[r.entity]}`);
        continue;
      }
      const values: Record<string, unknown> = {};
      for (const f of FIELDS[r.entity]) values[f.key] = f.key in clean ? clean[f.key] : f.default;
      ops[r.entity].push({ action: 'create', key, id: null, label, values, changed: [], where: r.where });
    } else {
      const values: Record<string, unknown> = {};
      const changed: string[] = [];
      for (const f of FIELDS[r.entity]) {
        const before = found.values[f.key];
        values[f.key] = f.key in clean ? clean[f.key] : before;
        if (f.key in clean && !same(clean[f.key], before)) changed.push(f.key);
      }
      ops[r.entity].push({ action: changed.length ? 'update' : 'unchanged', key, id: found.id, label, values, changed, where: r.where });
    }
  }

  // References must resolve to something that exists now or is created by this import.
  const known = (e: Entity, name: string): boolean => current[e].has(nameKey(name)) || seen[e].has(nameKey(name));
  const refs: [Entity, string, Entity][] = [
    ['grants', 'agent', 'agents'],
    ['grants', 'system', 'systems'],
    ['grants', 'environment', 'environments'],
  ];
  for (const [entity, field, target] of refs) {
    for (const op of ops[entity]) {
      const n = String(op.values[field]);
      if (!known(target, n))
        issue(
          { entity, where: op.where, row: rowOf(op.where), values: {} },
          field,
          `No ${ENTITY_LABEL[target]} named "${n.slice(0, 60)}" in the workspace or this file`,
        );
    }
  }
  for (const op of ops.agents) {
    for (const w of (op.values.workflows as string[] | undefined) ?? []) {
      if (!known('workflows', w))
        issue(
          { entity: 'agents', where: op.where, row: rowOf(op.where), values: {} },
          'workflows',
          `No workflow named "${w.slice(0, 60)}" in the workspace or this file`,
        );
    }
  }

  const counts = Object.fromEntries(
    ENTITIES.map((e) => {
      const c = { create: 0, update: 0, unchanged: 0 };
      for (const op of ops[e]) c[op.action]++;
      return [e, c];
    }),
  ) as ImportPlan['counts'];
  return { ops, counts, errors, errorCount, records: records.length };
}

const rowOf = (where: string): number | null => {
  const m = /^row (\d+)/.exec(where);
  return m ? Number(m[1]) : null;
};
