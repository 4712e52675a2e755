import type { ReactNode } from 'react';
import { fieldsOf, type FieldRegistry } from '../../../core/inventory/field-registry';
import type { Column } from '../../components/DataTable';

type Key<T> = keyof T & string;
type ColumnLayout<T, R> = {
  /** Fields the table does not show. */
  omit?: readonly Key<T>[];
  /** A header other than the field's form label (e.g. "System" for a systems table's name). */
  label?: Partial<Record<Key<T>, string>>;
  /** How a cell shows its value when plain text is not enough (pills, names for ids, warnings). */
  render?: Partial<Record<Key<T>, (row: R) => ReactNode>>;
  sortValue?: Partial<Record<Key<T>, ((row: R) => string | number) | null>>;
};

/**
 * One table column per registry field that has a column, in registry order, so a new field shows
 * in its entity's table without touching the screen. Plain values render as text and sort by value.
 */
export function registryColumns<T, R extends object>(registry: FieldRegistry<T>, layout: ColumnLayout<T, R> = {}): Column<R>[] {
  const omit = new Set<string>(layout.omit ?? []);
  const text = (v: unknown): string => (Array.isArray(v) ? v.join(', ') : v === null || v === undefined ? '' : String(v as string));
  return fieldsOf(registry)
    .filter((f) => f.column !== null && !omit.has(f.key))
    .map((f) => {
      const value = (row: R): unknown => (row as Record<string, unknown>)[f.key];
      // Lists (actions, workflows) have no single order; a layout may still give one.
      const isList = f.json === true || f.control === 'references';
      const given = layout.sortValue?.[f.key];
      const sortValue = given === null ? undefined : (given ?? (isList ? undefined : (row: R) => text(value(row))));
      const column: Column<R> = {
        key: f.key,
        label: layout.label?.[f.key] ?? f.label,
        render: layout.render?.[f.key] ?? ((row: R) => (f.options ? text(value(row)).replace(/-/g, ' ') : text(value(row)))),
      };
      if (sortValue) column.sortValue = sortValue;
      return column;
    });
}
