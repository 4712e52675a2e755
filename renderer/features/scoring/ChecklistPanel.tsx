import { useState } from 'react';
import { api, ApiError, errorMessage } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useQuery } from '../../components/useQuery';

/** Loaded checklists and their versions; load a new file; switch the version in use. */
export function ChecklistPanel({ workspaceId, userName }: { workspaceId: string; userName: string }) {
  const bump = useAppStore((s) => s.bump);
  const q = useQuery(() => api.call('checklist:list', { workspaceId }), [workspaceId]);
  const [problems, setProblems] = useState<string[]>([]);
  const [status, setStatus] = useState('');
  const [confirm, setConfirm] = useState<{ id: string; version: string } | null>(null);

  const load = async (file: File | undefined) => {
    setProblems([]);
    setStatus('');
    if (!file) return;
    try {
      const s = await api.call('checklist:load', { workspaceId, yaml: await file.text(), loadedBy: userName || 'unknown', activate: true });
      setStatus(`Loaded ${s.title} v${s.version} (${s.controlCount} controls) and made it the checklist in use.`);
      bump();
    } catch (err) {
      setProblems(err instanceof ApiError && err.issues.length ? err.issues.map((i) => i.message) : [errorMessage(err)]);
    }
  };

  return (
    <section aria-labelledby="checklists-title">
      <h2 id="checklists-title">Checklists</h2>
      {q.data && (
        <ul className="plain-list">
          {q.data.map((c) => (
            <li key={`${c.id}@${c.version}`}>
              <strong>{c.title}</strong> v{c.version} · {c.controlCount} controls ({c.computedCount} checked from data) ·{' '}
              {c.source === 'builtin' ? 'built in' : `loaded by ${c.loadedBy}`}{' '}
              {c.active ? (
                <span className="pill">in use</span>
              ) : (
                <button type="button" onClick={() => setConfirm({ id: c.id, version: c.version })}>
                  Use this version…
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className={`field${problems.length ? ' field-invalid' : ''}`}>
        <label htmlFor="checklist-file">Load a checklist file (YAML)</label>
        <input
          id="checklist-file"
          type="file"
          accept=".yaml,.yml,text/yaml"
          onChange={(e) => void load(e.target.files?.[0])}
          aria-invalid={problems.length ? true : undefined}
          aria-describedby="checklist-file-hint checklist-file-errors"
        />
        <p className="field-hint" id="checklist-file-hint">
          A new version of a checklist must have a higher version number. Answers carry over for controls with the same id.
        </p>
        <div id="checklist-file-errors" role="alert">
          {problems.length > 0 && (
            <>
              <p className="field-error">
                The file was not loaded ({problems.length} problem{problems.length > 1 ? 's' : ''}):
              </p>
              <ul className="field-error small">
                {problems.slice(0, 20).map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      </div>
      <p role="status" aria-live="polite">
        {status}
      </p>
      {confirm && (
        <ConfirmDialog
          title="Switch checklist version?"
          message={`New answers and assessments will use ${confirm.id} v${confirm.version}. Finalised assessments keep the version they used.`}
          confirmLabel="Switch version"
          onConfirm={async () => {
            await api.call('checklist:activate', { workspaceId, checklistId: confirm.id, version: confirm.version });
            bump();
          }}
          onClose={() => setConfirm(null)}
        />
      )}
    </section>
  );
}
