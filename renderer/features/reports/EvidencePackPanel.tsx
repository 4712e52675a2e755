import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { useQuery } from '../../components/useQuery';
import { saveFile } from './files';

/**
 * The signed evidence pack: report, datasets, evidence files and OSCAL documents with a manifest of
 * SHA-256 hashes and an Ed25519 signature. Shows the workspace's signing-key fingerprint, which an
 * auditor compares with the one in a pack (agent-readiness verify-pack --expect-key).
 */
export function EvidencePackPanel({ workspaceId, assessmentId }: { workspaceId: string; assessmentId: string | null }) {
  const key = useQuery(() => api.call('pack:key', { workspaceId }), [workspaceId]);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const desktop = typeof window !== 'undefined' && Boolean(window.api);

  const build = async () => {
    setBusy(true);
    setError(null);
    setStatus('Building the evidence pack…');
    try {
      if (desktop) {
        const r = await api.call('pack:save', { workspaceId, assessmentId });
        setStatus(
          r
            ? `Pack written to ${r.dir}: ${r.files} files, signed.${r.evidenceProblems.length ? ` Not packed: ${r.evidenceProblems.join('; ')}.` : ''}`
            : 'Not saved.',
        );
      } else {
        const f = await api.call('pack:download', { workspaceId, assessmentId });
        setStatus((await saveFile(f)) ?? 'Not saved.');
      }
    } catch (err) {
      setError(errorMessage(err));
      setStatus('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card">
      <h2>Signed evidence pack</h2>
      <p className="muted">
        The report (PDF, Word, JSON), every dataset as CSV, the evidence files, OSCAL Assessment Results and a POA&amp;M of the corrective
        actions, with a manifest of SHA-256 hashes signed with this workspace&apos;s key. Check one with{' '}
        <code>agent-readiness verify-pack FOLDER</code>.
      </p>
      <p className="muted small" data-testid="signing-key">
        Signing key (Ed25519): {key.data ? <code>{key.data.fingerprint}</code> : key.error ? `unavailable (${key.error})` : '…'}
      </p>
      <div className="toolbar">
        <button type="button" disabled={busy} onClick={() => void build()}>
          {desktop ? 'Build evidence pack…' : 'Download evidence pack (ZIP)'}
        </button>
      </div>
      <p role="status" aria-live="polite" className="muted" data-testid="pack-status">
        {status}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
