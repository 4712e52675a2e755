import type { ReactNode } from 'react';

/** A column header that sorts on click or Enter/Space and announces the order through aria-sort. */
export function SortableHeader({
  label,
  active,
  ascending,
  onSort,
}: {
  label: string;
  active: boolean;
  ascending: boolean;
  onSort: () => void;
}) {
  return (
    <th scope="col" aria-sort={active ? (ascending ? 'ascending' : 'descending') : undefined}>
      <button type="button" className="sort-button" onClick={onSort}>
        {label}
        <span aria-hidden="true">{active ? (ascending ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
}

/** A virtualised table row (`index` counts from 0 below the header) that opens with click or Enter when `onOpen` is given. */
export function OpenableRow({ index, onOpen, children }: { index: number; onOpen?: () => void; children: ReactNode }) {
  return (
    <tr
      aria-rowindex={index + 2}
      className={onOpen ? 'clickable' : undefined}
      tabIndex={onOpen ? 0 : undefined}
      onClick={onOpen}
      onKeyDown={onOpen ? (e) => e.key === 'Enter' && e.target === e.currentTarget && onOpen() : undefined}
    >
      {children}
    </tr>
  );
}
