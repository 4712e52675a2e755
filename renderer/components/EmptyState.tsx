import type { ReactNode } from 'react';
import { useAppStore } from '../app/app.store';

/**
 * What to show when a list is empty: say why, and what to do next. An empty list is where a new
 * user lands first, so it also links to the getting-started guide (`guide={false}` where the list is
 * empty only because of a filter).
 */
export function EmptyState({
  title,
  children,
  action,
  guide = true,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  guide?: boolean;
}) {
  return (
    <div className="empty-state" role="status">
      <h3>{title}</h3>
      {children && <p>{children}</p>}
      {action}
      {guide && (
        <p className="small">
          <button type="button" className="link-button" onClick={() => useAppStore.getState().openHelp('guide')}>
            New here? Read the getting-started guide
          </button>
        </p>
      )}
    </div>
  );
}
