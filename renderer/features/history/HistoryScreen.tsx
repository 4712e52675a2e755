import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { entityLabel } from '../../../core/history/entities';
import { useQuery } from '../../components/useQuery';
import { saveFile } from '../reports/files';
import { EntryList } from './EntryList';
import { HistoryPanel } from './HistoryPanel';

const PAGE = 50;
type Filter = { actor: string; entity: string; from: string; to: string };

/**
 * The workspace's whole change history, newest first: filter by actor, record type and date, page
 * through it, export it (CSV, XLSX, JSON), and open one record's history, deleted records included.
 */
export function HistoryScreen({ entity, id }: { entity?: string | undefined; id?: string | undefined }) {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const [filter, setFilter] = useState<Filter>({ actor: '', entity: '', from: '', to: '' });
  const [offset, setOffset] = useState(0);
  const apiFilter = {
    ...(filter.actor ? { actor: filter.actor } : {}),
    ...(filter.entity ? { entity: filter.entity } : {}),
    ...(filter.from ? { from: filter.from } : {}),
    ...(filter.to ? { to: filter.to } : {}),
  };
  const list = useQuery(
    () => api.call('history:list', { workspaceId, filter: apiFilter, offset, limit: PAGE }),
    [workspaceId, JSON.stringify(apiFilter), offset],
  );
  const verify = useQuery(() => api.call('history:verify', { workspaceId }), [workspaceId]);
  const set = (k: keyof Filter) => (e: { target: { value: string } }) => {
    setOffset(0);
    setFilter((f) => ({ ...f, [k]: e.target.value }));
  };
  const exportAs = async (format: 'csv' | 'xlsx' | 'json') => {
    try {
      const msg = await saveFile(await api.call('history:export', { workspaceId, filter: apiFilter, format }));
      if (msg) useAppStore.getState().notify(msg);
    } catch (err) {
      useAppStore.getState().notify(errorMessage(err), 'error');
    }
  };
  const total = list.data?.total ?? 0;
  return (
    <div className="screen history-screen">
      <h1>History</h1>
      {verify.data && (
        <p
          className={verify.data.intact ? 'history-ok' : 'history-bad'}
          role={verify.data.intact ? 'status' : 'alert'}
          data-testid="history-verification"
        >
          {verify.data.intact ? verify.data.message : `History NOT intact (${verify.data.kind}): ${verify.data.message}`}
        </p>
      )}
      {entity !== undefined && id && (
        <>
          <HistoryPanel entity={entity || null} entityId={id} title={`${entity ? entityLabel(entity) : 'Record'} ${id}`} />
          <button type="button" onClick={() => useAppStore.getState().navigate('history')}>
            Back to the whole history
          </button>
        </>
      )}
      <form className="history-filters" aria-label="Filter the history" onSubmit={(e) => e.preventDefault()}>
        <label>
          Actor
          <select value={filter.actor} onChange={set('actor')}>
            <option value="">Everyone</option>
            {list.data?.actors.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          Record type
          <select value={filter.entity} onChange={set('entity')}>
            <option value="">All</option>
            {list.data?.entities.map((e) => (
              <option key={e} value={e}>
                {entityLabel(e)}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" value={filter.from} onChange={set('from')} />
        </label>
        <label>
          To
          <input type="date" value={filter.to} onChange={set('to')} />
        </label>
      </form>
      <div className="history-exports">
        Export:{' '}
        <button type="button" onClick={() => void exportAs('csv')}>
          CSV
        </button>{' '}
        <button type="button" onClick={() => void exportAs('xlsx')}>
          XLSX
        </button>{' '}
        <button type="button" onClick={() => void exportAs('json')}>
          JSON
        </button>
      </div>
      {list.error && <p role="alert">{list.error}</p>}
      {list.data && (
        <>
          <p className="muted">
            {total === 0 ? 'No entries match.' : `Entries ${offset + 1}-${Math.min(offset + PAGE, total)} of ${total}, newest first.`}
          </p>
          <EntryList
            entries={list.data.entries}
            showRecord
            onOpenRecord={(e) => useAppStore.getState().navigate('history', { entity: e.entity, id: e.entityId })}
          />
          <div className="pager">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              Newer
            </button>
            <button type="button" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
              Older
            </button>
          </div>
        </>
      )}
    </div>
  );
}
