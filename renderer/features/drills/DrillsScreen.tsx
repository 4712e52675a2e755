import { useState } from 'react';
import { stringify } from 'yaml';
import { api, ApiError, errorMessage } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { useQuery } from '../../components/useQuery';
import { ResumeOffer } from './ResumeOffer';
import './drills.css';
import { UserText } from '../../components/UserText';
import { GatedButton } from '../team/GatedButton';
import { useCan } from '../team/team';

/** The scenario library: shipped and imported scenarios, unfinished drills, and scenario import. */
export function DrillsScreen() {
  const can = useCan();
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const navigate = useAppStore((s) => s.navigate);
  const scenarios = useQuery(() => api.call('drills:scenarios', { workspaceId }), [workspaceId]);
  const [removing, setRemoving] = useState<{ id: string; title: string } | null>(null);
  return (
    <section aria-labelledby="drills-title">
      <div className="page-header" style={{ display: 'flex', gap: '1rem' }}>
        <h1 id="drills-title">Incident drills</h1>
        <span className="spacer" />
        <button type="button" onClick={() => navigate('drill-history')}>
          Drill history
        </button>
      </div>
      <p className="lede">
        Rehearse the day an agent destroys something in production, before it happens. Each scenario is based on a real incident and is
        filled in with the target agent&apos;s own systems, environments and owners.
      </p>
      <ResumeOffer />
      <h2>Scenarios</h2>
      {scenarios.error && (
        <p className="form-error" role="alert">
          {scenarios.error}
        </p>
      )}
      {scenarios.data && scenarios.data.length === 0 && (
        <EmptyState title="No scenarios">Import a scenario file to get started.</EmptyState>
      )}
      <ul className="drill-grid" aria-label="Scenarios">
        {scenarios.data?.map((s) => (
          <li key={s.id} className="card drill-card">
            <h3>
              <UserText text={s.title} />
            </h3>
            {s.problem ? (
              <p className="form-error">This file is invalid: {s.problem}</p>
            ) : (
              <>
                <p className="small">{s.summary}</p>
                <p className="source muted">
                  Based on: {s.basedOn.incident}{' '}
                  <a href={s.basedOn.source} target="_blank" rel="noreferrer noopener">
                    source
                  </a>
                </p>
                <p className="small muted">
                  {s.durationMinutes} min · {s.injectCount} injects · {s.decisionCount} expected decisions · controls{' '}
                  {s.controls.join(', ')}
                  {s.origin === 'custom' ? ' · imported' : ''}
                </p>
                <GatedButton
                  channel="drills:create"
                  className="primary"
                  onClick={() => navigate('drill-setup', { scenario: s.id })}
                  aria-label={`Set up a drill: ${s.title}`}
                >
                  Set up a drill
                </GatedButton>
                {s.origin === 'custom' && (
                  <>
                    {' '}
                    <GatedButton
                      channel="drills:remove-scenario"
                      onClick={() => setRemoving({ id: s.id, title: s.title })}
                      aria-label={`Remove imported scenario: ${s.title}`}
                    >
                      Remove
                    </GatedButton>
                  </>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
      {removing && (
        <ConfirmDialog
          title="Remove this imported scenario?"
          message={`"${removing.title}" leaves the library. Drills already run with it keep their own copy.`}
          confirmLabel="Remove scenario"
          onConfirm={async () => {
            await api.call('drills:remove-scenario', { workspaceId, scenarioId: removing.id });
            scenarios.reload();
          }}
          onClose={() => setRemoving(null)}
        />
      )}
      {can('drills:import-scenario') && (
        <ImportScenario onImported={scenarios.reload} shipped={scenarios.data?.filter((x) => !x.problem) ?? []} />
      )}
    </section>
  );
}

function ImportScenario({ onImported, shipped }: { onImported: () => void; shipped: Array<{ id: string; title: string }> }) {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const [yaml, setYaml] = useState('');
  const [issues, setIssues] = useState<string[]>([]);
  const [status, setStatus] = useState('');
  const [conflict, setConflict] = useState(false);
  const submit = async (replace: boolean) => {
    setIssues([]);
    setStatus('');
    try {
      const item = await api.call('drills:import-scenario', { workspaceId, yaml, replace });
      setStatus(`Imported "${item.title}".`);
      setConflict(false);
      setYaml('');
      onImported();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CONFLICT') setConflict(true);
      setIssues(err instanceof ApiError && err.issues.length ? err.issues.map((i) => i.message) : [errorMessage(err)]);
    }
  };
  return (
    <details className="card" style={{ marginTop: '1.5rem' }}>
      <summary>
        <strong>Import or author a scenario (YAML)</strong>
      </summary>
      <p className="small muted">
        Same format as the shipped files in checklists/drills/. Placeholders such as {'{{agent.name}}'}, {'{{system.production.name}}'},{' '}
        {'{{owner}}'} and {'{{environment.production}}'} are filled from the inventory; write {'{{key|fallback text}}'} for your own
        fallback.
      </p>
      <div className="field">
        <label htmlFor="scenario-copy">Start from a copy of</label>
        <select
          id="scenario-copy"
          value=""
          onChange={(e) => {
            const id = e.target.value;
            if (!id) return;
            void api.call('drills:scenario', { workspaceId, scenarioId: id }).then(
              (r) =>
                setYaml(
                  stringify({ ...r.raw, id: `${r.raw.id}-copy`.slice(0, 64), title: `${r.raw.title} (our version)` }, { lineWidth: 0 }),
                ),
              (err: unknown) => setIssues([errorMessage(err)]),
            );
          }}
        >
          <option value="">Choose a scenario…</option>
          {shipped.map((x) => (
            <option key={x.id} value={x.id}>
              {x.title}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="scenario-file">Load a file</label>
        <input
          id="scenario-file"
          type="file"
          accept=".yaml,.yml,text/yaml"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void f.text().then(setYaml);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor="scenario-yaml">Scenario YAML</label>
        <textarea
          id="scenario-yaml"
          rows={10}
          value={yaml}
          onChange={(e) => setYaml(e.target.value)}
          aria-describedby="scenario-issues"
          spellCheck={false}
        />
      </div>
      <div id="scenario-issues" aria-live="polite">
        {issues.length > 0 && (
          <ul className="form-error" role="alert">
            {issues.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        )}
        {status && <p role="status">{status}</p>}
      </div>
      <button type="button" className="primary" disabled={!yaml.trim()} onClick={() => void submit(false)}>
        Import scenario
      </button>{' '}
      {conflict && (
        <button type="button" onClick={() => void submit(true)}>
          Replace the existing one
        </button>
      )}
    </details>
  );
}
