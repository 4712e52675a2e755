import { useState } from 'react';
import { api, ApiError, errorMessage } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { readFileBase64 } from '../reports/files';

/** Opens a full JSON workspace export as a new workspace (the original is never touched). */
export function WorkspaceImport() {
  const openWorkspace = useAppStore((s) => s.openWorkspace);
  const navigate = useAppStore((s) => s.navigate);
  const [name, setName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setError(null);
    setNameError(null);
    if (!file) return setError('Choose a workspace export (.json) first.');
    setBusy(true);
    try {
      const ws = await api.call('import:workspace', { name, contentBase64: await readFileBase64(file, () => undefined) });
      openWorkspace(ws.id, ws.name);
      navigate('dashboard');
    } catch (err) {
      if (err instanceof ApiError && err.issueFor('name')) setNameError(err.issueFor('name') ?? null);
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card">
      <h2>Open a workspace export as a new workspace</h2>
      <div className="field">
        <label htmlFor="ws-import-file">Workspace export (.json)</label>
        <input id="ws-import-file" type="file" accept=".json" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </div>
      <div className={`field${nameError ? ' field-invalid' : ''}`}>
        <label htmlFor="ws-import-name">Name for the new workspace</label>
        <input
          id="ws-import-name"
          value={name}
          maxLength={200}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? 'ws-import-name-error' : undefined}
          onChange={(e) => setName(e.target.value)}
        />
        {nameError && (
          <p className="field-error" id="ws-import-name-error" role="alert">
            {nameError}
          </p>
        )}
      </div>
      <button type="button" disabled={busy} onClick={() => void run()}>
        Import as new workspace
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
