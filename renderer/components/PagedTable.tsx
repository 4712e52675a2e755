import { useEffect, useRef, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { OpenableRow, SortableHeader } from './tableParts';
import { UserText } from './UserText';
import type { PagedRows } from './usePagedRows';

export type PagedColumn<T, S extends string> = {
  key: string;
  label: string;
  render: (row: T) => ReactNode;
  /** The server's sort key for this column; columns without one are not sortable. */
  sort?: S;
};

export type ServerSort<S extends string> = { key: S; dir: 'asc' | 'desc' };

type Props<T, S extends string> = {
  id?: string;
  caption: string;
  columns: readonly PagedColumn<T, S>[];
  rows: PagedRows<T>;
  rowKey: (row: T) => string;
  sort: ServerSort<S>;
  onSort: (sort: ServerSort<S>) => void;
  onOpen?: (row: T) => void;
  /** Scrolls back to the top when this changes (a new search, filter or sort). */
  resetKey: string;
};

const ROW_HEIGHT = 40;
const isolate = (v: ReactNode): ReactNode => (typeof v === 'string' ? <UserText text={v} /> : v);

/**
 * A table over a server-paged list (usePagedRows): only the visible rows render and the pages they
 * need are fetched as it scrolls; headers ask the server for another order. Rows open with click or
 * Enter, headers sort with click or Enter/Space and announce the order via aria-sort.
 */
export function PagedTable<T, S extends string>({ id, caption, columns, rows, rowKey, sort, onSort, onOpen, resetKey }: Props<T, S>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = rows.total ?? 0;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const { ensure } = rows;
  useEffect(() => ensure(first, last), [ensure, first, last]);
  useEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [virtualizer, resetKey]);
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  return (
    <div className="table-scroll" ref={scrollRef} tabIndex={-1}>
      <table
        id={id}
        className="data-table"
        aria-rowcount={count + 1}
        aria-busy={rows.loading}
        style={rows.fresh ? undefined : { opacity: 0.6 }}
      >
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((c) => {
              const active = c.sort !== undefined && sort.key === c.sort;
              return c.sort !== undefined ? (
                <SortableHeader
                  key={c.key}
                  label={c.label}
                  active={active}
                  ascending={sort.dir === 'asc'}
                  onSort={() => onSort({ key: c.sort!, dir: active && sort.dir === 'asc' ? 'desc' : 'asc' })}
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
            const row = rows.rowAt(vi.index);
            if (row === undefined)
              return (
                <tr key={`loading-${vi.index}`} aria-rowindex={vi.index + 2}>
                  <td colSpan={columns.length} className="muted">
                    Loading…
                  </td>
                </tr>
              );
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
