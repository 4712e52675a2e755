import { ENTITIES, FIELDS, type Entity } from './import-fields';
import type { RawRecord } from './import-plan';
import { FORBIDDEN_KEYS, IMPORT_LIMITS } from './limits';
import { ImportRefused } from './safe-parse';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const INVENTORY_FORMAT = 'agent-readiness-inventory';

/**
 * A JSON/YAML inventory document: `{ workflows, systems, environments, agents, grants }`, each a
 * list of records that name each other (a grant names its agent, system and environment).
 */
export function recordsFromDocument(doc: unknown): RawRecord[] {
  if (Array.isArray(doc))
    throw new ImportRefused('Expected an object with lists named agents, systems, environments, workflows or grants; found a bare list.');
  if (!isPlainObject(doc))
    throw new ImportRefused('Expected an object with lists named agents, systems, environments, workflows or grants.');
  if (doc.format === 'agent-readiness-workspace') {
    throw new ImportRefused('This is a full workspace export. Use "Import workspace" to open it as a new workspace.');
  }
  const out: RawRecord[] = [];
  for (const key of Object.keys(doc)) {
    if (key === 'format' || key === 'version') continue;
    if (!(ENTITIES as readonly string[]).includes(key))
      throw new ImportRefused(
        `Unknown section "${key.slice(0, 60)}": use agents, systems, environments, workflows or grants.`,
        `/${key.slice(0, 60)}`,
      );
  }
  if (doc.format !== undefined && doc.format !== INVENTORY_FORMAT)
    throw new ImportRefused(
      `Unknown format ${typeof doc.format === 'string' ? `"${doc.format.slice(0, 60)}"` : `(a ${Array.isArray(doc.format) ? 'list' : typeof doc.format}, not text)`}.`,
      '/format',
    ); // never String() a hostile object: {"toString":{}} throws
  if (doc.version !== undefined && doc.version !== 1)
    throw new ImportRefused('Unsupported inventory file version: this app reads version 1.', '/version');
  for (const entity of ENTITIES) {
    const list = doc[entity];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) throw new ImportRefused(`"${entity}" must be a list.`, `/${entity}`);
    list.forEach((item, i) => {
      const where = `${entity}/${i}`;
      if (!isPlainObject(item)) throw new ImportRefused(`Each entry of "${entity}" must be an object (entry ${i} is not).`, `/${where}`);
      out.push({ entity, where, row: null, values: item });
      if (out.length > IMPORT_LIMITS.maxRows) throw new ImportRefused(`The file has more than ${IMPORT_LIMITS.maxRows} records.`);
    });
  }
  if (out.length === 0) throw new ImportRefused('The file contains no records to import.');
  return out;
}

export type Mapping = { field: string; column: string }[];

/** Checks a table's header row before anything else reads it. */
export function checkHeader(header: string[]): void {
  if (header.length === 0 || header.every((h) => h.trim() === ''))
    throw new ImportRefused('The first row must name the columns; it is empty.');
  if (header.length > IMPORT_LIMITS.maxColumns)
    throw new ImportRefused(`The file has ${header.length} columns; at most ${IMPORT_LIMITS.maxColumns} are read.`);
  const seen = new Set<string>();
  header.forEach((h, i) => {
    const t = h.trim();
    if (t.length > 200) throw new ImportRefused(`Column ${i + 1}'s name is too long.`);
    if (FORBIDDEN_KEYS.has(t)) throw new ImportRefused(`Column ${i + 1} is named "${t}", which is not allowed.`);
    if (t && seen.has(t.toLowerCase())) throw new ImportRefused(`Two columns are named "${t.slice(0, 60)}"; column names must be unique.`);
    seen.add(t.toLowerCase());
  });
}

/** Rows of a CSV/XLSX sheet, mapped to one entity's fields. Row numbers are the file's (header = row 1). */
export function recordsFromTable(header: string[], rows: string[][], entity: Entity, mapping: Mapping, firstRow = 2): RawRecord[] {
  checkHeader(header);
  if (rows.length > IMPORT_LIMITS.maxRows)
    throw new ImportRefused(`The file has ${rows.length} rows; at most ${IMPORT_LIMITS.maxRows} are imported at once.`);
  const fieldKeys = new Set(FIELDS[entity].map((f) => f.key));
  const cols: [string, number][] = [];
  const usedFields = new Set<string>();
  for (const { field, column } of mapping) {
    if (!fieldKeys.has(field)) throw new ImportRefused(`"${field.slice(0, 60)}" is not a field of ${entity}.`);
    if (usedFields.has(field)) throw new ImportRefused(`"${field}" is mapped twice.`);
    const idx = header.findIndex((h) => h.trim() === column.trim());
    if (idx < 0) throw new ImportRefused(`The mapping names a column "${column.slice(0, 60)}" that the file does not have.`);
    usedFields.add(field);
    cols.push([field, idx]);
  }
  const out: RawRecord[] = [];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.every((c) => c === '' || c === undefined || c === null)) continue;
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v === 'string' && v.length > IMPORT_LIMITS.maxCell) {
        throw new ImportRefused(
          `Row ${r + firstRow}, column "${(header[c] ?? String(c + 1)).slice(0, 60)}": the cell has ${v.length} characters; at most ${IMPORT_LIMITS.maxCell} are allowed.`,
        );
      }
    }
    const values: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [field, idx] of cols) {
      const v = row[idx] ?? '';
      // An empty optional cell means "not given" (keep the current value); identity fields stay so they report "Required".
      if (v === '' && !['name', 'agent', 'system', 'environment'].includes(field)) continue;
      values[field] = v;
    }
    out.push({ entity, where: `row ${r + firstRow}`, row: r + firstRow, values });
  }
  if (out.length === 0) throw new ImportRefused('The file has a header row but no data rows.');
  return out;
}
