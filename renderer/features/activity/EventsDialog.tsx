import { useState } from 'react';
import type { Response } from '../../../core/contract/index';
import { api } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { UserText } from '../../components/UserText';
import { useQuery } from '../../components/useQuery';
import { RecordApproval } from './RecordApproval';

type Event = Response<'activity:events'>[number];

/** What the dialog lists: given event ids, the events behind a finding, or an agent's destructive production actions. */
export type EventsSource =
  { kind: 'ids'; ids: string[] } | { kind: 'finding'; key: string } | { kind: 'destructive'; agentId: string | null };

/** Events per page: a finding behind a million events is read a page at a time, never sent whole. */
export const EVENTS_PAGE = 100;

function loadPage(workspaceId: string, source: EventsSource, offset: number): Promise<{ total: number; events: Event[] }> {
  if (source.kind === 'ids')
    return api
      .call('activity:events', { workspaceId, ids: source.ids.slice(offset, offset + EVENTS_PAGE) })
      .then((events) => ({ total: source.ids.length, events }));
  if (source.kind === 'finding') return api.call('activity:finding-events', { workspaceId, key: source.key, offset, limit: EVENTS_PAGE });
  return api.call('activity:timeline', {
    workspaceId,
    agentId: source.agentId ?? 'unknown',
    destructiveInProduction: true,
    offset,
    limit: EVENTS_PAGE,
  });
}

/** The events behind a summary cell or a finding, a page at a time, each with its reasons and a way to record an approval. */
export function EventsDialog({
  workspaceId,
  title,
  source,
  onClose,
}: {
  workspaceId: string;
  title: string;
  source: EventsSource;
  onClose: () => void;
}) {
  const [page, setPage] = useState(0);
  const result = useQuery(() => loadPage(workspaceId, source, page * EVENTS_PAGE), [workspaceId, source, page]);
  const total = result.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / EVENTS_PAGE));
  return (
    <Dialog title={title} onClose={onClose} wide>
      {result.error && <p role="alert">{result.error}</p>}
      <p className="muted" aria-live="polite" data-testid="activity-events-range">
        {total === 0 ? 'No events' : `Events ${page * EVENTS_PAGE + 1}–${Math.min(total, (page + 1) * EVENTS_PAGE)} of ${total}`}
      </p>
      <ul data-testid="activity-events">
        {(result.data?.events ?? []).map((e) => (
          <li key={e.id}>
            <UserText
              text={`${e.time ?? 'unknown time'} · ${e.agentName ?? 'unknown actor'} · ${e.environmentName ?? 'unknown environment'} · ${e.action} ${e.target ?? ''} · ${e.outcome}`}
            />
            <br />
            <span className="muted">
              <UserText
                text={`approval: ${e.approval ? `${e.approval.decision} by ${e.approval.by} (${e.approval.source})` : 'none recorded'} · agent: ${e.attributionWhy} · grant: ${e.grantWhy} · ${e.sourceFile}:${e.line}`}
              />
            </span>
            <br />
            <RecordApproval workspaceId={workspaceId} event={e} />
          </li>
        ))}
      </ul>
      {pages > 1 && (
        <p>
          <button type="button" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
            Previous {EVENTS_PAGE}
          </button>{' '}
          <button type="button" disabled={page + 1 >= pages} onClick={() => setPage((p) => p + 1)}>
            Next {EVENTS_PAGE}
          </button>
        </p>
      )}
    </Dialog>
  );
}
