import type { DrillView } from '../../../core/drills/model';
import { ROLE_LABELS } from '../../../core/drills/scenario';

/** Facilitator notes, collapsed by default so a projected screen does not give the answers away. */
export function Briefing({ view }: { view: DrillView }) {
  const sc = view.scenario;
  return (
    <details className="card" style={{ marginTop: '1rem' }}>
      <summary>
        <strong>Facilitator notes</strong> (objectives, expected decisions, source)
      </summary>
      <p>{sc.summary}</p>
      <p className="small">
        Based on: {sc.basedOn.incident}{' '}
        <a href={sc.basedOn.source} target="_blank" rel="noreferrer noopener">
          source
        </a>
        {sc.basedOn.kind === 'pattern' ? ' (a documented pattern rather than a single incident)' : ''}
      </p>
      <h3>Objectives</h3>
      <ul className="plain-list">
        {sc.objectives.map((o) => (
          <li key={o}>{o}</li>
        ))}
      </ul>
      <h3>Expected decisions</h3>
      {sc.phases.map((p) => (
        <div key={p.id}>
          <strong>{p.title}</strong>
          <ul className="plain-list">
            {p.decisions.map((d) => (
              <li key={d.id}>
                by T+{d.by}: {d.text} {d.controls.length ? <span className="muted small">({d.controls.join(', ')})</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {sc.measures.length > 0 && (
        <>
          <h3>Also watch</h3>
          <ul className="plain-list">
            {sc.measures.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </>
      )}
      <p className="small muted">
        Roles: {sc.roles.map((r) => ROLE_LABELS[r]).join(', ')} · Controls exercised: {sc.controls.join(', ')}
        {sc.rpoMinutes !== undefined ? ` · RPO ${sc.rpoMinutes} min` : ''}
      </p>
      {view.fallbacks.length > 0 && (
        <p className="small warning-text">Not in the inventory (generic text used): {view.fallbacks.map((f) => f.key).join(', ')}.</p>
      )}
    </details>
  );
}
