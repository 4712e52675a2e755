import type { ReactNode } from 'react';

type Props = {
  label: string;
  query: string;
  onQuery: (q: string) => void;
  shown: number;
  total: number;
  children?: ReactNode;
  action?: ReactNode;
};

/** Search box, optional filters and the primary action above a list; announces the result count. */
export function ListToolbar({ label, query, onQuery, shown, total, children, action }: Props) {
  const id = `search-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div className="toolbar">
      <div className="field inline">
        <label htmlFor={id}>Search {label}</label>
        <input
          id={id}
          type="search"
          value={query}
          onChange={(e) => onQuery(e.target.value)}
          placeholder="Type to filter"
          aria-keyshortcuts="/"
        />
      </div>
      {children}
      <span className="muted small" aria-live="polite">
        {shown === total ? `${total} ${label}` : `${shown} of ${total} ${label}`}
      </span>
      <span className="spacer" />
      {action}
    </div>
  );
}

/** Case-insensitive match of a query against several text fields. */
export const matches = (q: string, ...fields: readonly string[]): boolean => {
  const needle = q.trim().toLowerCase();
  return !needle || fields.some((f) => f.toLowerCase().includes(needle));
};
