import { api } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { useQuery } from '../../components/useQuery';

/** "History intact: N entries" in the top bar, or the first entry that fails; a click opens the History screen. */
export function HistoryIndicator() {
  const workspaceId = useAppStore((s) => s.workspaceId);
  const { data, error } = useQuery(() => api.call('history:verify', { workspaceId: workspaceId ?? '' }), [workspaceId]);
  if (!workspaceId || (!data && !error)) return null;
  const intact = data?.intact === true;
  const text = error
    ? 'History could not be checked'
    : intact
      ? `History intact: ${data.count} entries`
      : `History NOT intact: ${data && !data.intact ? data.kind : ''}`;
  return (
    <button
      type="button"
      className={`history-indicator ${intact ? 'history-ok' : 'history-bad'}`}
      data-testid="history-indicator"
      title={error ?? data?.message ?? ''}
      aria-label={error ?? data?.message ?? text}
      onClick={() => useAppStore.getState().navigate('history')}
    >
      {text}
    </button>
  );
}
