import { useRef, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import type { Response } from '../../../core/contract/index';
import { MAX_IMPORT_BYTES, readFileBase64 } from '../reports/files';
import { MappingStep } from './MappingStep';
import { PreviewTable } from './PreviewTable';
import { WorkspaceImport } from './WorkspaceImport';
import { TemplateLinks } from './TemplateLinks';

type Preview = Response<'import:preview'>;
type Loaded = { name: string; size: number; contentBase64: string };
type Mapping = { field: string; column: string }[];
type Entity = NonNullable<Preview['entity']>;

/** Inventory import: choose a file, map columns (CSV/XLSX), check the preview, apply all-or-nothing. */
export function ImportScreen() {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const bump = useAppStore((s) => s.bump);
  const [file, setFile] = useState<Loaded | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [phase, setPhase] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string>('');
  const [applying, setApplying] = useState(false);

  // Reading and checking can be cancelled (nothing is written before "Import"); a cancelled step's late result is dropped.
  const job = useRef(0);
  const reading = useRef<AbortController | null>(null);
  const cancel = () => {
    job.current++;
    reading.current?.abort();
    setProgress(null);
    setPhase('');
    setPreview(null);
    setFile(null);
    setDone('Cancelled. Nothing was imported.');
  };

  const request = (f: Loaded, opts: { entity?: Entity; mapping?: Mapping; sheet?: string } = {}) => ({
    workspaceId,
    fileName: f.name,
    contentBase64: f.contentBase64,
    ...opts,
  });

  const check = async (f: Loaded, opts: { entity?: Entity; mapping?: Mapping; sheet?: string } = {}) => {
    setError(null);
    setDone('');
    setPhase(f.size > 1_000_000 ? `Checking ${f.name} (${(f.size / 1048576).toFixed(1)} MB)…` : 'Checking the file…');
    const mine = ++job.current;
    try {
      const p = await api.call('import:preview', request(f, opts));
      if (mine === job.current) setPreview(p);
    } catch (err) {
      if (mine === job.current) setError(errorMessage(err));
    } finally {
      if (mine === job.current) setPhase('');
    }
  };

  const choose = async (picked: File | undefined) => {
    setPreview(null);
    setDone('');
    setError(null);
    if (!picked) return;
    if (picked.size > MAX_IMPORT_BYTES)
      return setError(`${picked.name} is ${(picked.size / 1048576).toFixed(1)} MB; at most 40 MB can be imported.`);
    setProgress(0);
    const ctl = new AbortController();
    reading.current = ctl;
    try {
      const loaded = { name: picked.name, size: picked.size, contentBase64: await readFileBase64(picked, setProgress, ctl.signal) };
      setProgress(null);
      setFile(loaded);
      await check(loaded);
    } catch (err) {
      if (!ctl.signal.aborted) setError(errorMessage(err));
    } finally {
      if (reading.current === ctl) reading.current = null;
      setProgress(null);
    }
  };

  const apply = async () => {
    if (!file || !preview) return;
    setError(null);
    setApplying(true);
    setPhase(
      `Importing ${preview.records.toLocaleString()} records in one transaction: all of them or none; this step cannot be interrupted…`,
    );
    try {
      const r = await api.call(
        'import:apply',
        request(
          file,
          preview.tabular ? { entity: preview.entity ?? undefined, mapping: preview.mapping, sheet: preview.sheet ?? undefined } : {},
        ),
      );
      const made = Object.entries(r.counts)
        .filter(([, c]) => c.create + c.update > 0)
        .map(([e, c]) => `${e}: ${c.create} created, ${c.update} updated`);
      setDone(made.length ? `Imported. ${made.join('; ')}.` : 'Nothing to change: the workspace already matches this file.');
      setPreview(null);
      setFile(null);
      bump();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setApplying(false);
      setPhase('');
    }
  };

  const changes = preview ? Object.values(preview.counts).reduce((n, c) => n + c.create + c.update, 0) : 0;
  const canApply = !!preview && !preview.refused && preview.errorCount === 0 && !phase;

  return (
    <section aria-labelledby="import-title">
      <header className="page-header">
        <h1 id="import-title">Import inventory</h1>
      </header>
      <div className="card">
        <h2>1. Choose a file</h2>
        <TemplateLinks />
        <p className="muted">
          CSV, XLSX, JSON or YAML, up to 40 MB. Records are matched by name, so importing the same file again changes nothing. Nothing is
          written until you confirm, and then everything is written at once or not at all.
        </p>
        <div className="field">
          <label htmlFor="import-file">Inventory file</label>
          <input
            id="import-file"
            type="file"
            accept=".csv,.xlsx,.json,.yaml,.yml,.txt"
            onChange={(e) => void choose(e.target.files?.[0])}
          />
        </div>
        {progress !== null && (
          <div className="field">
            <label htmlFor="import-progress">Reading the file</label>
            <progress id="import-progress" max={1} value={progress} />
          </div>
        )}
        <p role="status" aria-live="polite" className="muted" data-testid="import-status">
          {phase || done}
        </p>
        {phase && <progress aria-label="Working" />}
        {(progress !== null || phase) && !applying && (
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </div>
      {file && preview?.tabular && !preview.refused && <MappingStep preview={preview} onChange={(opts) => void check(file, opts)} />}
      {preview && (
        <div className="card">
          <h2>{preview.tabular ? '3' : '2'}. Check what will change</h2>
          {preview.refused ? (
            <p className="form-error" role="alert" data-testid="import-refused">
              This file was refused and nothing was imported: {preview.refused}
            </p>
          ) : (
            <PreviewTable preview={preview} />
          )}
          <div className="toolbar">
            <button type="button" className="primary" disabled={!canApply || changes === 0} onClick={() => void apply()}>
              {changes === 0 ? 'Nothing to import' : `Import ${changes.toLocaleString()} change${changes === 1 ? '' : 's'}`}
            </button>
          </div>
        </div>
      )}
      <WorkspaceImport />
    </section>
  );
}
