import { useState } from 'react';
import type { Response } from '../../../core/contract/index';
import { api, errorMessage } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { GatedButton } from '../team/GatedButton';

type Event = Response<'activity:events'>[number];

/**
 * Records a person's approval of a logged action that its own log does not show (issue 13): who approved,
 * when, which target and for how long. The app matches it to the events by time and target, so the
 * summary, the findings and the score count the action as approved. Nothing in the event is changed.
 */
export function RecordApproval({ workspaceId, event }: { workspaceId: string; event: Event }) {
  const bump = useAppStore((s) => s.bump);
  const [open, setOpen] = useState(false);
  const [approvedBy, setApprovedBy] = useState('');
  const [approvedAt, setApprovedAt] = useState(event.time ?? '');
  const [minutes, setMinutes] = useState('60');
  const [target, setTarget] = useState(event.target ?? '');
  const [thisAgent, setThisAgent] = useState(event.agentId !== null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (event.time === null || event.target === null || event.approval?.by === 'human' || event.outcome === 'denied') return null;
  if (!open)
    return (
      <GatedButton channel="activity:approval-record" className="link-button" onClick={() => setOpen(true)}>
        Record an approval…
      </GatedButton>
    );
  const id = `approve-${event.id}`;
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.call('activity:approval-record', {
        workspaceId,
        agentId: thisAgent ? event.agentId : null,
        target,
        approvedBy,
        approvedAt,
        validMinutes: Number(minutes),
        note,
      });
      setOpen(false);
      bump();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="stack small"
      aria-label={`Record an approval for event ${event.id}`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <p className="muted">
        An approval counts for the actions on its target from the moment it was given, for the minutes you set. One given after the action
        does not count.
      </p>
      <label htmlFor={`${id}-by`}>Approved by</label>
      <input id={`${id}-by`} value={approvedBy} onChange={(e) => setApprovedBy(e.target.value)} required maxLength={120} />
      <label htmlFor={`${id}-at`}>Approved at (UTC, ISO 8601)</label>
      <input id={`${id}-at`} value={approvedAt} onChange={(e) => setApprovedAt(e.target.value)} required />
      <label htmlFor={`${id}-min`}>Valid for (minutes)</label>
      <input id={`${id}-min`} type="number" min={1} max={10080} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
      <label htmlFor={`${id}-target`}>Target (a trailing * covers every target that starts with the rest)</label>
      <input id={`${id}-target`} value={target} onChange={(e) => setTarget(e.target.value)} required maxLength={200} />
      {event.agentId !== null && (
        <label>
          <input type="checkbox" checked={thisAgent} onChange={(e) => setThisAgent(e.target.checked)} /> Only for{' '}
          {event.agentName ?? 'this agent'}
        </label>
      )}
      <label htmlFor={`${id}-note`}>Note (change ticket, reason)</label>
      <input id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div>
        <button type="submit" disabled={busy}>
          Save approval
        </button>{' '}
        <button type="button" className="link-button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
