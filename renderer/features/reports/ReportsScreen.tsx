import { useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { useQuery } from '../../components/useQuery';
import { saveFile } from './files';
import { ExportsPanel } from './ExportsPanel';
import { EvidencePackPanel } from './EvidencePackPanel';

type Format = 'pdf' | 'docx' | 'md' | 'json';
const FORMATS: { id: Format; label: string }[] = [
  { id: 'pdf', label: 'Download PDF' },
  { id: 'docx', label: 'Download Word (DOCX)' },
  { id: 'md', label: 'Download Markdown summary' },
  { id: 'json', label: 'Download report data (JSON)' },
];

/** The executive report: choose its source, preview it, download it; plus data exports. */
export function ReportsScreen() {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const assessments = useQuery(() => api.call('assessment:list', { workspaceId }), [workspaceId]);
  const [source, setSource] = useState<string>('');
  const [preview, setPreview] = useState<{ html: string; isDraft: boolean; title: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const assessmentId = source || null;

  // Each run has a number; Cancel moves it on, so a result that arrives later is dropped unsaved.
  const job = useRef(0);
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    if (busy === null) return;
    const started = Date.now();
    setElapsed(0);
    const timer = setInterval(() => setElapsed(Math.round((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [busy]);

  const run = async (label: string, fn: (current: () => boolean) => Promise<void>) => {
    const mine = ++job.current;
    const current = () => job.current === mine;
    setBusy(label);
    setError(null);
    setStatus(`${label}…`);
    try {
      await fn(current);
    } catch (err) {
      if (current()) {
        setError(errorMessage(err));
        setStatus('');
      }
    } finally {
      if (current()) setBusy(null);
    }
  };
  const cancel = () => {
    job.current++;
    void api.call('report:cancel', { workspaceId }).catch(() => undefined); // stops the PDF print in the back end
    setBusy(null);
    setStatus('Cancelled. Nothing was saved.');
  };

  const showPreview = () =>
    run('Generating the report', async (current) => {
      const p = await api.call('report:preview', { workspaceId, assessmentId });
      if (!current()) return;
      setPreview(p);
      setStatus('Report ready. Preview below.');
    });
  const download = (format: Format) =>
    run(`Preparing the ${format.toUpperCase()} file`, async (current) => {
      const f = await api.call('report:export', { workspaceId, assessmentId, format });
      if (!current()) return;
      const saved = await saveFile(f);
      setStatus(saved ?? 'Not saved.');
    });

  return (
    <section aria-labelledby="reports-title">
      <header className="page-header">
        <h1 id="reports-title">Reports and exports</h1>
      </header>
      <div className="card">
        <h2>Executive report</h2>
        <p className="muted">
          A two-minute read for the board: overall readiness, top risks in plain language, agents not ready, drill results and open
          corrective actions, then the details.
        </p>
        <div className="field">
          <label htmlFor="report-source">Generate from</label>
          <select id="report-source" value={source} onChange={(e) => setSource(e.target.value)}>
            <option value="">Current state (marked DRAFT)</option>
            {(assessments.data ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                Finalised assessment: {a.title} ({a.finalisedAt.slice(0, 10)})
              </option>
            ))}
          </select>
        </div>
        <div className="toolbar">
          <button type="button" className="primary" disabled={busy !== null} onClick={() => void showPreview()}>
            Generate report
          </button>
          {FORMATS.map((f) => (
            <button key={f.id} type="button" disabled={busy !== null} onClick={() => void download(f.id)}>
              {f.label}
            </button>
          ))}
        </div>
        <p role="status" aria-live="polite" className="muted" data-testid="report-status">
          {status}
        </p>
        {busy !== null && (
          <div className="toolbar">
            <progress aria-label={busy} />
            <span className="muted small" aria-hidden="true">
              {elapsed} s
            </span>
            <button type="button" onClick={cancel}>
              Cancel
            </button>
          </div>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </div>
      {preview && (
        <div className="card">
          <h2>Preview{preview.isDraft ? ' (draft)' : ''}</h2>
          {/* sandbox="" : no scripts, no forms, no navigation, unique origin. The report has no script anyway. */}
          <iframe
            title={`Report preview: ${preview.title}`}
            sandbox=""
            srcDoc={preview.html}
            style={{ width: '100%', height: '70vh', border: '1px solid #ccc', background: '#fff' }}
          />
        </div>
      )}
      <EvidencePackPanel workspaceId={workspaceId} assessmentId={assessmentId} />
      <ExportsPanel workspaceId={workspaceId} />
    </section>
  );
}
