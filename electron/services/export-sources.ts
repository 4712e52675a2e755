import type { Database } from 'better-sqlite3';
import { historyHeadDataset } from '../../core/history/dataset';
import {
  buildDatasets,
  DATASET_GROUPS,
  drillEventsDataset,
  inventoryColumns,
  type Dataset,
  type DatasetName,
  type InventoryNames,
} from '../../core/transfer/datasets';
import { listDrills, listEvents } from '../store/drills/records';
import { historyHead } from '../store/history/index';
import { iterateAgents, iterateByName, iterateGrants, namesById } from '../store/transfer/export-reader';
import type { OpenWorkspace } from '../store/workspaces';
import { gatherReportInput } from './report-data';

type Cell = string | number | null;

/** A dataset whose rows are produced one at a time, as the file is written. */
export type StreamedDataset = { name: string; title: string; columns: string[]; rows: () => Iterable<Cell[]> };

const TITLES: Record<'agents' | 'systems' | 'environments' | 'workflows' | 'grants', string> = {
  agents: 'Agents',
  systems: 'Systems',
  environments: 'Environments',
  workflows: 'Workflows',
  grants: 'Grants',
};

const fromDataset = (d: Dataset): StreamedDataset => ({ name: d.name, title: d.title, columns: d.columns, rows: () => d.rows });

/**
 * The datasets of an export, read through `reader` (an export reader's connection): the inventory
 * tables and the drill event log row by row from the store, holding one row at a time (plus a name
 * per agent, for the grants' references). Findings, scores, drills and actions are the report's
 * scoring output, which exists whole in memory anyway: those are built as before and written row by row.
 */
export function streamedDatasets(
  reader: Database,
  ws: Pick<OpenWorkspace, 'id' | 'name' | 'db' | 'dir' | 'file'>,
  now: Date,
  which: DatasetName | 'inventory' | 'all',
  withHistoryHead: boolean,
): StreamedDataset[] {
  const wanted: readonly DatasetName[] = which === 'inventory' || which === 'all' ? DATASET_GROUPS[which] : [which];
  let names: InventoryNames | null = null;
  const refs = (): InventoryNames =>
    (names ??= {
      workflows: namesById(reader, 'workflows'),
      agents: namesById(reader, 'agents'),
      systems: namesById(reader, 'systems'),
      environments: namesById(reader, 'environments'),
    });
  let report: Record<DatasetName, Dataset> | null = null;
  const fromReport = (n: DatasetName): Dataset => (report ??= buildDatasets(gatherReportInput(ws, now), []))[n];
  const out: StreamedDataset[] = wanted.map((n): StreamedDataset => {
    switch (n) {
      case 'agents':
      case 'grants':
      case 'systems':
      case 'environments':
      case 'workflows': {
        const { columns, row } = inventoryColumns<object>(n, refs());
        const records = (): Iterable<object> =>
          n === 'agents' ? iterateAgents(reader) : n === 'grants' ? iterateGrants(reader) : iterateByName(reader, n);
        return {
          name: n,
          title: TITLES[n],
          columns,
          rows: function* () {
            for (const r of records()) yield row(r);
          },
        };
      }
      case 'drill-events':
        return { ...fromDataset(drillEventsDataset([])), rows: () => drillEventRows(reader) };
      default:
        return fromDataset(fromReport(n));
    }
  });
  // A sheet with the history's entry count and head hash: whoever keeps the file can later prove a rewrite.
  if (withHistoryHead) out.push(fromDataset(historyHeadDataset(historyHead(reader))));
  return out;
}

/** The drill event log one drill at a time (a drill's events, never every drill's at once). */
function* drillEventRows(db: Database): Generator<Cell[]> {
  for (const d of listDrills(db)) {
    const label = `${d.summary.scenarioTitle} (${(d.summary.startedAt ?? d.summary.createdAt).slice(0, 10)})`;
    const events = listEvents(db, d.summary.id).map((e) => ({
      drill: label,
      seq: e.seq,
      monotonicMs: e.monotonicMs,
      wallClock: e.wallClock,
      type: e.type,
      payload: e.payload as Record<string, unknown>,
    }));
    yield* drillEventsDataset(events).rows;
  }
}
