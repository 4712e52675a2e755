import { useState } from 'react';
import { errorMessage } from '../api/client';
import { Dialog } from './Dialog';
import { UserText } from './UserText';

type Props = {
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
};

/** Confirmation before anything destructive; shows the failure instead of closing on error. */
export function ConfirmDialog({ title, message, confirmLabel, onConfirm, onClose }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog title={title} onClose={onClose}>
      <p className="confirm-message">
        <UserText text={message} />
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            onConfirm().then(onClose, (err: unknown) => {
              setBusy(false);
              setError(errorMessage(err));
            });
          }}
        >
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
