import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { useQuery } from '../../components/useQuery';
import { showDateTime } from '../../components/time';

/** Shown in the workspace picker for a workspace that will not open: the newest verified backup, one click to restore. */
export function RestoreOffer({ workspaceId, onRestored }: { workspaceId: string; onRestored: () => void }) {
  const offer = useQuery(() => api.call('backup:restoreOffer', { workspaceId }), [workspaceId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const o = offer.data?.offer;
  if (offer.loading && !offer.data) return <p className="muted small">Looking for a backup…</p>;
  if (!o) return <p className="muted small">No verified backup of this workspace was found. The file has been left untouched.</p>;
  return (
    <div className="restore-offer" data-testid="restore-offer">
      <p>
        A verified backup from <strong>{showDateTime(o.createdAt)}</strong> is available. Restoring keeps the damaged file aside (it is
        never deleted).
      </p>
      <button
        type="button"
        className="primary"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          api.call('backup:restore', { workspaceId, backupId: o.id }).then(onRestored, (err: unknown) => {
            setError(errorMessage(err));
            setBusy(false);
          });
        }}
      >
        Restore this backup
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
