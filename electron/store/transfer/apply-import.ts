import type { Database } from 'better-sqlite3';
import { AppError } from '../../../core/common/errors';
import { ENTITIES, fieldsOf, type Entity } from '../../../core/inventory/field-registry';
import { INVENTORY_FIELDS } from '../../../core/inventory/fields';
import { nameKey, type ImportPlan } from '../../../core/transfer/import-plan';
import { bulkCreates, BULK_HISTORY_MIN } from '../history/index';
import { createAgent, updateAgent } from '../inventory/agents';
import { createGrant, updateGrant } from '../inventory/grants';
import { environmentsTable, systemsTable, workflowsTable } from '../inventory/tables';

type Input = Record<string, unknown>;
type Writer = {
  create: (db: Database, input: Input, now: Date) => unknown;
  update: (db: Database, id: string, input: Input, now: Date) => void;
};
const tableWriter = (t: {
  insert: (db: Database, i: never, now: Date) => string;
  update: (db: Database, id: string, i: never, now: Date) => void;
}): Writer => ({
  create: (db, i, now) => t.insert(db, i as never, now),
  update: (db, id, i, now) => t.update(db, id, i as never, now),
});

/** Each entity's store create/update: an import writes through the same functions (and checks) as the forms. */
const WRITERS: Record<Entity, Writer> = {
  workflows: tableWriter(workflowsTable),
  systems: tableWriter(systemsTable),
  environments: tableWriter(environmentsTable),
  agents: { create: (db, i, now) => createAgent(db, i as never, now), update: (db, id, i, now) => updateAgent(db, id, i as never, now) },
  grants: { create: (db, i, now) => createGrant(db, i as never, now), update: (db, id, i, now) => updateGrant(db, id, i as never, now) },
};

/** name_key -> id of every record of an entity (tables are named after their entity). */
const idsByName = (db: Database, entity: Entity): Map<string, string> =>
  new Map((db.prepare(`SELECT name_key AS k, id FROM ${entity}`).all() as { k: string; id: string }[]).map((r) => [r.k, r.id]));

/**
 * Turns a planned record (file columns, references by name) into the entity's store input
 * (registry keys, references by id), field by field from the registry.
 */
function inputMaker(db: Database, entity: Entity): (values: Input) => Input {
  const fields = fieldsOf<object>(INVENTORY_FIELDS[entity]);
  const ids = new Map<Entity, Map<string, string>>();
  for (const f of fields) if (f.references && !ids.has(f.references)) ids.set(f.references, idsByName(db, f.references));
  return (values) => {
    const out: Input = {};
    for (const f of fields) {
      const v = values[f.importKey];
      const refs = f.references ? ids.get(f.references)! : null;
      if (f.control === 'reference') out[f.key] = refs!.get(nameKey(String(v)));
      else if (f.control === 'references') out[f.key] = (v as string[]).map((n) => refs!.get(nameKey(n)));
      else out[f.key] = v;
    }
    return out;
  };
}

/** From this many created records on, the history records an import's creates as one batch entry per table (history/bulk.ts). */
export { BULK_HISTORY_MIN };

/**
 * Applies a validated import plan in ONE transaction: either every record lands or none does.
 * Entities are applied in ENTITIES order so references resolve to records created just before.
 * The store functions prepare their statements once per connection and reuse them per row.
 */
export function applyImportPlan(db: Database, plan: ImportPlan, now: Date): void {
  if (plan.errorCount > 0) throw new AppError('VALIDATION', `The file has ${plan.errorCount} problem(s); nothing was imported.`);
  const creates = ENTITIES.reduce((n, e) => n + plan.ops[e].filter((op) => op.action === 'create').length, 0);
  const writeAll = (): void => {
    for (const entity of ENTITIES) {
      const ops = plan.ops[entity].filter((op) => op.action !== 'unchanged');
      if (ops.length === 0) continue;
      const toInput = inputMaker(db, entity);
      const write = WRITERS[entity];
      for (const op of ops) {
        if (op.action === 'create') write.create(db, toInput(op.values), now);
        else write.update(db, op.id!, toInput(op.values), now);
      }
    }
  };
  db.transaction(() => (creates >= BULK_HISTORY_MIN ? bulkCreates(db, writeAll) : writeAll())).immediate();
}
