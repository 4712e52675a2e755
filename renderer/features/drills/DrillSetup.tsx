import { useState } from 'react';
import { api, ApiError, errorMessage } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { AgentPicker } from '../../components/AgentPicker';
import { useQuery } from '../../components/useQuery';
import { DRILL_ROLES, ROLE_LABELS, type DrillRole } from '../../../core/drills/scenario';
import { TIME_SCALES } from '../../../core/drills/model';
import './drills.css';
import { FacilitatorDownloads } from './FacilitatorDownloads';

type P = { name: string; role: DrillRole };

/** Setup: scenario, target agent(s), participants with roles, time scale. */
export function DrillSetup({ scenarioId }: { scenarioId: string }) {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const navigate = useAppStore((s) => s.navigate);
  const scenarios = useQuery(() => api.call('drills:scenarios', { workspaceId }), [workspaceId]);
  // limit 0: only whether the inventory has any agent; the picker searches the rest on the server.
  const inventory = useQuery(() => api.call('inventory:overview', { workspaceId, limit: 0 }), [workspaceId]);
  const [chosen, setChosen] = useState(scenarioId);
  const [agentIds, setAgentIds] = useState<string[]>([]);
  const [people, setPeople] = useState<P[]>([
    { name: '', role: 'facilitator' },
    { name: '', role: 'incident-commander' },
  ]);
  const [timeScale, setTimeScale] = useState(1);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [busy, setBusy] = useState(false);
  const preview = useQuery(
    () => (chosen ? api.call('drills:scenario', { workspaceId, scenarioId: chosen, agentIds }) : Promise.resolve(null)),
    [workspaceId, chosen, agentIds.join(',')],
  );
  const issue = (field: string) =>
    error instanceof ApiError ? error.issues.find((i) => i.path === field || i.path.startsWith(`${field}.`))?.message : undefined;

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const participants = people.filter((p) => p.name.trim() !== '');
      const view = await api.call('drills:create', { workspaceId, scenarioId: chosen, agentIds, participants, timeScale });
      navigate('drill-run', { id: view.drill.id });
    } catch (err) {
      setError(err instanceof ApiError ? err : errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="setup-title">
      <h1 id="setup-title">Set up a drill</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <div className="field">
          <label htmlFor="setup-scenario">Scenario</label>
          <select id="setup-scenario" value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value="">Choose a scenario…</option>
            {scenarios.data
              ?.filter((s) => !s.problem)
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
          </select>
        </div>
        <fieldset className="card">
          <legend>Target agent(s)</legend>
          {inventory.data?.page.agentTotal === 0 && <p>The inventory has no agents yet. Add the agent you want to drill first.</p>}
          <AgentPicker
            id="setup-agents"
            label="Agents to drill"
            workspaceId={workspaceId}
            value={agentIds}
            onChange={setAgentIds}
            error={issue('agentIds')}
          />
        </fieldset>
        <fieldset className="card" style={{ marginTop: '1rem' }}>
          <legend>Participants</legend>
          {people.map((p, i) => (
            <div className="participant-row" key={i}>
              <div className="field">
                <label htmlFor={`p-name-${i}`}>Name</label>
                <input
                  id={`p-name-${i}`}
                  value={p.name}
                  onChange={(e) => setPeople((ps) => ps.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))}
                />
              </div>
              <div className="field">
                <label htmlFor={`p-role-${i}`}>Role</label>
                <select
                  id={`p-role-${i}`}
                  value={p.role}
                  onChange={(e) => setPeople((ps) => ps.map((x, j) => (j === i ? { ...x, role: e.target.value as DrillRole } : x)))}
                >
                  {DRILL_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABELS[r]}
                    </option>
                  ))}
                </select>
              </div>
              <button
                type="button"
                aria-label={`Remove participant ${i + 1}`}
                onClick={() => setPeople((ps) => ps.filter((_, j) => j !== i))}
                style={{ marginBottom: '0.75rem' }}
              >
                Remove
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setPeople((ps) => [...ps, { name: '', role: 'observer' }])}>
            Add participant
          </button>
          {issue('participants') && <p className="field-error">{issue('participants')}</p>}
        </fieldset>
        <div className="field" style={{ marginTop: '1rem', maxWidth: 320 }}>
          <label htmlFor="setup-scale">Time scale</label>
          <select id="setup-scale" value={timeScale} onChange={(e) => setTimeScale(Number(e.target.value))} aria-describedby="scale-hint">
            {TIME_SCALES.map((s) => (
              <option key={s} value={s}>
                {s === 1 ? 'Real time (1×)' : `${s}× faster`}
              </option>
            ))}
          </select>
          <p id="scale-hint" className="field-hint">
            At 10×, the inject scheduled at T+10 min arrives after 1 real minute. Measures are reported on the scenario clock.
          </p>
        </div>
        {typeof error === 'string' && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {error instanceof ApiError && !issue('agentIds') && !issue('participants') && (
          <p className="form-error" role="alert">
            {error.message}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || !chosen}>
          Create drill
        </button>
      </form>
      {preview.data && (
        <section aria-labelledby="preview-title" style={{ marginTop: '1.5rem' }}>
          <h2 id="preview-title">Preview: {preview.data.scenario.title}</h2>
          <p>{preview.data.scenario.summary}</p>
          <FacilitatorDownloads kind="situation-manual" workspaceId={workspaceId} scenarioId={chosen} agentIds={agentIds} />
          {preview.data.fallbacks.length > 0 && (
            <p className="fallback-note warning-text">
              Not found in the inventory, so generic text is used: {preview.data.fallbacks.map((f) => `${f.key} → "${f.value}"`).join('; ')}
              .
            </p>
          )}
          <ol className="inject-preview">
            {preview.data.scenario.injects.map((i) => (
              <li key={i.id}>
                <strong>T+{i.at}</strong> {i.title}: <span className="muted">{i.text}</span>
              </li>
            ))}
          </ol>
        </section>
      )}
    </section>
  );
}
