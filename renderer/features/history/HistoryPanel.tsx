import { useState } from 'react';
import { api } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { useQuery } from '../../components/useQuery';
import { EntryList } from './EntryList';

const PAGE = 20;

/**
 * The history of one record: who changed what and when, newest first. For an agent it also lists
 * the records keyed under it (answers, evidence, workflow links), whose ids start with the agent's.
 * Works for a deleted record too: the history outlives it.
 */
export function HistoryPanel({ entity, entityId, title = 'History' }: { entity: string | null; entityId: string; title?: string }) {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const [limit, setLimit] = useState(PAGE);
  const { data, error } = useQuery(
    () => api.call('history:list', { workspaceId, filter: { ...(entity ? { entity } : {}), entityId }, limit }),
    [workspaceId, entity, entityId, limit],
  );
  return (
    <section className="history-panel" aria-label={title} data-testid="history-panel">
      <h3>{title}</h3>
      {error && <p role="alert">{error}</p>}
      {data && <EntryList entries={data.entries} showRecord={false} />}
      {data && data.total > data.entries.length && (
        <button type="button" onClick={() => setLimit((l) => l + PAGE)}>
          Show older changes ({data.total - data.entries.length} more)
        </button>
      )}
    </section>
  );
}
