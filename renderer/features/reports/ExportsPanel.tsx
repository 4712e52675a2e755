import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { saveFile } from './files';

const DATASETS = [
  ['inventory', 'Inventory (agents, systems, environments, workflows)'],
  ['agents', 'Agents'],
  ['grants', 'Grants (permissions)'],
  ['findings', 'Findings'],
  ['scores', 'Scores'],
  ['drills', 'Drill results'],
  ['drill-events', 'Drill event log'],
  ['actions', 'Corrective actions'],
  ['all', 'Everything'],
] as const;
type Dataset = (typeof DATASETS)[number][0];

/** Editable exports: CSV/XLSX of any dataset, and the full JSON workspace export. */
export function ExportsPanel({ workspaceId }: { workspaceId: string }) {
  const [dataset, setDataset] = useState<Dataset>('inventory');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const multi = dataset === 'inventory' || dataset === 'all';

  /** The desktop app streams the export to the file its save dialog picks (issue 16): nothing crosses the bridge whole. */
  const desktop = typeof window !== 'undefined' && !!window.api;
  const go = async (
    fn: () => Promise<{ fileName: string; mime: string; contentBase64: string }>,
    streamed: () => Promise<{ saved: boolean; path: string | null; rows: number }>,
  ) => {
    setBusy(true);
    setError(null);
    setStatus('Exporting…');
    try {
      if (desktop) {
        const r = await streamed();
        setStatus(r.saved ? `Saved ${r.path ?? ''} (${r.rows} rows)` : 'Not saved.');
        return;
      }
      const f = await fn();
      setStatus((await saveFile(f)) ?? 'Not saved.');
    } catch (err) {
      setError(errorMessage(err));
      setStatus('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card">
      <h2>Data exports</h2>
      <p className="muted">
        Spreadsheet cells that start with = + - @ are prefixed with an apostrophe so no spreadsheet runs them as formulas.
      </p>
      <div className="field">
        <label htmlFor="export-dataset">Data</label>
        <select id="export-dataset" value={dataset} onChange={(e) => setDataset(e.target.value as Dataset)}>
          {DATASETS.map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="toolbar">
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void go(
              () => api.call('export:data', { workspaceId, dataset, format: 'xlsx' }),
              () => api.call('export:dataFile', { workspaceId, dataset, format: 'xlsx' }),
            )
          }
        >
          Download XLSX
        </button>
        <button
          type="button"
          disabled={busy || multi}
          title={multi ? 'CSV holds one table: choose a single dataset' : undefined}
          onClick={() =>
            void go(
              () => api.call('export:data', { workspaceId, dataset, format: 'csv' }),
              () => api.call('export:dataFile', { workspaceId, dataset, format: 'csv' }),
            )
          }
        >
          Download CSV
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void go(
              () => api.call('export:workspace', { workspaceId }),
              () => api.call('export:workspaceFile', { workspaceId }),
            )
          }
        >
          Download full workspace (JSON)
        </button>
      </div>
      {multi && <p className="small muted">CSV holds one table: choose a single dataset above to download it as CSV.</p>}
      <p role="status" aria-live="polite" aria-busy={busy} className="muted">
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
