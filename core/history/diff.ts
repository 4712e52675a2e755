import type { FieldDef } from '../inventory/field-registry';
import { INVENTORY_FIELDS } from '../inventory/fields';
import type { HistoryEntry } from './model';

/** History entity -> inventory registry: its columns get the labels people see on the forms. */
const REGISTRY_OF_ENTITY: Record<string, keyof typeof INVENTORY_FIELDS> = {
  agent: 'agents',
  system: 'systems',
  environment: 'environments',
  workflow: 'workflows',
  grant: 'grants',
};

/** Column labels outside the inventory registry (scoring, drills, bookkeeping columns). */
const COMMON_LABELS: Record<string, string> = {
  created_at: 'Created',
  updated_at: 'Updated',
  name_key: 'Name (for matching)',
  value: 'Value',
  na_reason: 'Not-applicable reason',
  note: 'Note',
  answered_by: 'Answered by',
  answered_at: 'Answered at',
  control_id: 'Control',
  checklist_version: 'Checklist version',
  label: 'Label',
  evidence_date: 'Evidence date',
  status: 'Status',
  owner: 'Owner',
  due_date: 'Due date',
  title: 'Title',
  closing_note: 'Closing note',
  closed_by: 'Closed by',
  closed_at: 'Closed at',
  reason: 'Reason',
  expires_on: 'Expires on',
};

const labelCache = new Map<string, Map<string, string>>();

function labelsFor(entity: string): Map<string, string> {
  let m = labelCache.get(entity);
  if (m) return m;
  m = new Map(Object.entries(COMMON_LABELS));
  const registry = REGISTRY_OF_ENTITY[entity];
  if (registry) for (const f of Object.values<FieldDef>(INVENTORY_FIELDS[registry])) if (f.column) m.set(f.column, f.label);
  labelCache.set(entity, m);
  return m;
}

/** The label of one stored column: the field registry's where the entity is an inventory one, else a readable form of the name. */
export function fieldLabel(entity: string, column: string): string {
  const known = labelsFor(entity).get(column);
  if (known) return known;
  const words = column.replace(/_json$/, '').replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const show = (v: unknown): string =>
  v === null || v === undefined || v === '' ? '(empty)' : typeof v === 'string' ? v : JSON.stringify(v);

export type DiffLine = { field: string; label: string; before: string; after: string };

/** One entry as "label: before -> after" lines (bookkeeping columns such as name_key and updated_at left out). */
export function entryDiff(e: Pick<HistoryEntry, 'entity' | 'before' | 'after'>): DiffLine[] {
  const fields = [...new Set([...Object.keys(e.before ?? {}), ...Object.keys(e.after ?? {})])].filter(
    (f) => f !== 'name_key' && f !== 'updated_at',
  );
  return fields.map((field) => ({
    field,
    label: fieldLabel(e.entity, field),
    before: e.before && field in e.before ? show(e.before[field]) : '(none)',
    after: e.after && field in e.after ? show(e.after[field]) : '(none)',
  }));
}
