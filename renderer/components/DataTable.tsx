import { useMemo, useRef, useState, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { OpenableRow, SortableHeader } from './tableParts';
import { UserText } from './UserText';

export type Column<T> = {
  key: string;
  label: string;
  render: (row: T) => ReactNode;
  /** Sort key; columns without one are not sortable. */
  sortValue?: (row: T) => string | number;
};

type Props<T> = {
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  caption: string;
  onOpen?: (row: T) => void;
  initialSort?: string;
};

const ROW_HEIGHT = 40;
/** A cell given as plain text is usually what someone typed (a name, an owner, a scope): shown bidi-isolated, controls visible. */
const isolate = (v: ReactNode): ReactNode => (typeof v === 'string' ? <UserText text={v} /> : v);
/** One collator for every sort: localeCompare with options builds one per call (slow at 10k rows, on every keystroke of a filter). */
const collator = new Intl.Collator(undefined, { sensitivity: 'base' });

/**
 * Sortable table that renders only the visible rows, so 10k agents stay fast. Rows open with
 * click or Enter; headers sort with click or Enter/Space and announce the order via aria-sort.
 */
export function DataTable<T>({ rows, columns, rowKey, caption, onOpen, initialSort }: Props<T>) {
  const [sort, setSort] = useState<{ key: string; dir: 1 | -1 }>({ key: initialSort ?? columns[0]?.key ?? '', dir: 1 });
  const sorted = useMemo(() => {
    const col = columns.find((c) => c.key === sort.key);
    if (!col?.sortValue) return rows;
    const get = col.sortValue;
    return [...rows].sort((a, b) => {
      const x = get(a);
      const y = get(b);
      return (typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y))) * sort.dir;
    });
  }, [rows, columns, sort]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);

  return (
    <div className="table-scroll" ref={scrollRef} tabIndex={-1}>
      <table className="data-table" aria-rowcount={sorted.length + 1}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort.key === c.key;
              return c.sortValue ? (
                <SortableHeader
                  key={c.key}
                  label={c.label}
                  active={active}
                  ascending={sort.dir === 1}
                  onSort={() => setSort({ key: c.key, dir: active ? (-sort.dir as 1 | -1) : 1 })}
                />
              ) : (
                <th key={c.key} scope="col">
                  {c.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {padTop > 0 && <tr aria-hidden="true" style={{ height: padTop }} />}
          {items.map((vi) => {
            const row = sorted[vi.index] as T;
            return (
              <OpenableRow key={rowKey(row)} index={vi.index} onOpen={onOpen ? () => onOpen(row) : undefined}>
                {columns.map((c) => (
                  <td key={c.key}>{isolate(c.render(row))}</td>
                ))}
              </OpenableRow>
            );
          })}
          {padBottom > 0 && <tr aria-hidden="true" style={{ height: padBottom }} />}
        </tbody>
      </table>
    </div>
  );
}
