import { useState } from 'react';
import { api } from '../../api/client';
import { FormDialog } from '../../components/FormDialog';
import { useQuery } from '../../components/useQuery';

export const size = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** The stored name is `<evidence id>-<file name>`: people recognise the file name. */
const shownName = (stored: string) => stored.replace(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-/, '');

type Props = { workspaceId: string; refresh: unknown; onStatus: (text: string) => void };

/**
 * How much space removed evidence files still use, each with why it is kept, so keeping them is
 * never silent. A file only the change history keeps can be released: with a reason, recorded in
 * the history, then deleted. Files a backup or a finalised assessment cites have no such button.
 */
export function RetainedFiles({ workspaceId, refresh, onStatus }: Props) {
  const [reload, setReload] = useState(0);
  const retained = useQuery(() => api.call('backup:retained', { workspaceId }), [workspaceId, refresh, reload]);
  const [releasing, setReleasing] = useState<{ name: string; bytes: number } | null>(null);
  if (!retained.data) return null;
  const r = retained.data;
  return (
    <div data-testid="retained-space">
      <p className="muted">
        {r.files === 0
          ? 'No removed evidence files are being kept.'
          : `Removed evidence kept because a backup, a finalised assessment or the change history still references it: ${r.files} file${r.files === 1 ? '' : 's'}, ${size(r.bytes)}. A file is deleted once nothing references it; one that only the change history cites can be released.`}
      </p>
      {r.items.length > 0 && (
        <ul className="retained-files" aria-label="Removed evidence files being kept">
          {r.items.map((i) => (
            <li key={i.name} data-testid="retained-file">
              <strong>{shownName(i.name)}</strong> ({size(i.bytes)}): {i.reasons.join('; ')}{' '}
              {i.releasable && (
                <button type="button" onClick={() => setReleasing(i)} aria-label={`Release ${shownName(i.name)}`}>
                  Release…
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {releasing && (
        <FormDialog
          title={`Release ${shownName(releasing.name)}?`}
          fields={[
            {
              name: 'reason',
              label: 'Why may this file go?',
              kind: 'textarea',
              required: true,
              maxLength: 1000,
              hint: 'The file is deleted from the workspace; backups made before now keep their copy until they are rotated out. The change history keeps its name, size and SHA-256, and records this release with your reason.',
            },
          ]}
          initial={{ reason: '' }}
          submitLabel="Release and delete"
          onClose={() => setReleasing(null)}
          onSubmit={async (values) => {
            const done = await api.call('backup:releaseRetained', {
              workspaceId,
              name: releasing.name,
              reason: String(values.reason ?? ''),
            });
            setReleasing(null);
            setReload((n) => n + 1);
            onStatus(`Released ${shownName(done.name)} (${size(done.bytes)}): recorded as history entry #${done.entry}.`);
          }}
        />
      )}
    </div>
  );
}
