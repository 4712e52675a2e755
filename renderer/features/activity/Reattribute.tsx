import { useState } from 'react';
import { api, errorMessage } from '../../api/client';

/**
 * Unknown actors are kept; once the inventory names their credential, role or service account, this attributes
 * their events (recorded in the change history) and the summary and findings follow.
 */
export function Reattribute({ workspaceId }: { workspaceId: string }) {
  const [status, setStatus] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const run = () => {
    setBusy(true);
    api.call('activity:reattribute', { workspaceId }).then(
      (r) => {
        setBusy(false);
        setStatus(
          r.attributed === 0
            ? `None of the ${r.actors} unknown actor(s) matches an agent's credential yet.`
            : `${r.events} event(s) of ${r.attributed} actor(s) attributed to agents.`,
        );
      },
      (err: unknown) => {
        setBusy(false);
        setStatus(errorMessage(err));
      },
    );
  };
  return (
    <p>
      <button type="button" onClick={run} disabled={busy}>
        Re-attribute unknown actors
      </button>{' '}
      <span className="muted" aria-live="polite" data-testid="activity-reattribute-status">
        {status}
      </span>
    </p>
  );
}
