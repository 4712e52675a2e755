import type { HistoryEntry } from '../../../core/history/model';
import { entryDiff } from '../../../core/history/diff';
import { entityLabel } from '../../../core/history/entities';
import { showDateTime } from '../../components/time';
import { UserText } from '../../components/UserText';

const ACTION_TEXT = { create: 'created', update: 'changed', delete: 'deleted' } as const;

/** Entries as "who did what, when" with each changed field as "label: before -> after". All values are React text. */
export function EntryList({
  entries,
  showRecord,
  onOpenRecord,
}: {
  entries: HistoryEntry[];
  showRecord: boolean;
  onOpenRecord?: (e: HistoryEntry) => void;
}) {
  if (entries.length === 0) return <p className="muted">No changes recorded.</p>;
  return (
    <ol className="history-entries">
      {entries.map((e) => (
        <li key={e.seq} className="history-entry" data-testid="history-entry">
          <div className="history-entry-head">
            <span className="history-seq">#{e.seq}</span>{' '}
            <b>
              <UserText text={e.actor.name} />
            </b>
            {e.actor.role && (
              <span className="muted">
                {' '}
                (<UserText text={e.actor.role} />)
              </span>
            )}{' '}
            {ACTION_TEXT[e.action]} {entityLabel(e.entity).toLowerCase()}{' '}
            {showRecord &&
              (onOpenRecord ? (
                <button type="button" className="link-button" onClick={() => onOpenRecord(e)}>
                  <UserText text={e.entityId} />
                </button>
              ) : (
                <UserText text={e.entityId} />
              ))}{' '}
            <span className="muted">
              {showDateTime(e.at)} · {e.door} · {e.operation}
              {e.actor.source !== 'profile' ? ` · actor from ${e.actor.source}` : ''}
            </span>
          </div>
          {e.reason && (
            <div className="history-reason">
              Reason: <UserText text={e.reason} />
            </div>
          )}
          <ul className="history-diff">
            {entryDiff(e).map((d) => (
              <li key={d.field}>
                {d.label}:{' '}
                {e.action === 'create' ? (
                  <UserText text={d.after} />
                ) : e.action === 'delete' ? (
                  <UserText text={d.before} />
                ) : (
                  <>
                    <del>
                      <UserText text={d.before} />
                    </del>{' '}
                    →{' '}
                    <ins>
                      <UserText text={d.after} />
                    </ins>
                  </>
                )}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
