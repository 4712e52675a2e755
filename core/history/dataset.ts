import type { Dataset } from '../transfer/datasets';
import { entryDiff } from './diff';
import { entityLabel } from './entities';
import type { HistoryEntry, HistoryHead } from './model';

/** The history as a table for CSV/XLSX: one row per entry, the readable diff beside the raw JSON. */
export function historyDataset(entries: HistoryEntry[]): Dataset {
  return {
    name: 'history',
    title: 'Change history',
    columns: [
      'Seq',
      'Time',
      'Actor',
      'Email',
      'Role',
      'Actor source',
      'Door',
      'Operation',
      'Entity',
      'Entity id',
      'Action',
      'Changes',
      'Before (JSON)',
      'After (JSON)',
      'Reason',
      'Previous hash',
      'Hash',
    ],
    rows: entries.map((e) => [
      e.seq,
      e.at,
      e.actor.name,
      e.actor.email,
      e.actor.role,
      e.actor.source,
      e.door,
      e.operation,
      entityLabel(e.entity),
      e.entityId,
      e.action,
      entryDiff(e)
        .map((d) => `${d.label}: ${d.before} -> ${d.after}`)
        .join('; '),
      e.before ? JSON.stringify(e.before) : null,
      e.after ? JSON.stringify(e.after) : null,
      e.reason,
      e.prevHash,
      e.hash,
    ]),
  };
}

/** The one-row table every data export carries, so whoever keeps the file can later prove the history was rewritten. */
export function historyHeadDataset(head: HistoryHead): Dataset {
  return {
    name: 'history-head',
    title: 'History head',
    columns: ['History entries', 'Head hash'],
    rows: [[head.count, head.head ?? '(none)']],
  };
}

/** The line reports print in their metadata. */
export const historyHeadLine = (head: HistoryHead): string =>
  head.head ? `Change history: ${head.count} entries, head ${head.head}` : 'Change history: no entries yet';
