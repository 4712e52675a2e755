import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { useQuery } from '../../components/useQuery';
import { localDateTime } from './format';
import './drills.css';
import { UserText } from '../../components/UserText';

/**
 * Drills left unfinished when the app stopped. Resuming records the gap while the app was down
 * and continues the clock from the last recorded event; nothing acknowledged is lost.
 */
export function ResumeOffer() {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const navigate = useAppStore((s) => s.navigate);
  const [error, setError] = useState<string | null>(null);
  const route = useAppStore((s) => s.route);
  const offer = useQuery(() => api.call('drills:resume-offer', { workspaceId }), [workspaceId, route]);
  const here = route.id === 'drill-run' ? route.params.id : undefined;
  const list = offer.data?.filter((d) => d.id !== here) ?? [];
  if (list.length === 0) return null;
  return (
    <section className="resume-banner" aria-labelledby="resume-title">
      <p id="resume-title" className="strong" style={{ marginTop: 0, fontSize: '1.1rem' }}>
        Unfinished drill{list.length > 1 ? 's' : ''}
      </p>
      <p className="small">
        The app stopped while these drills were running. Every recorded event is kept; resuming records the time the app was down as a gap.
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <ul>
        {list.map((d) => (
          <li key={d.id}>
            <strong>{d.scenarioTitle}</strong>{' '}
            <span className="muted">
              started {localDateTime(d.startedAt)} · <UserText text={d.agents.map((a) => a.name).join(', ')} />
            </span>{' '}
            <button
              type="button"
              className="primary"
              onClick={() => {
                void api.call('drills:resume', { workspaceId, drillId: d.id }).then(
                  () => navigate('drill-run', { id: d.id }),
                  (err: unknown) => setError(errorMessage(err)),
                );
              }}
            >
              Resume drill
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
