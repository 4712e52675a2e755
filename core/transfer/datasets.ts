import { authorText, describeCorrection, type CorrectionFacts } from '../drills/correction-text';
import { fieldsOf, type Entity } from '../inventory/field-registry';
import { INVENTORY_FIELDS } from '../inventory/fields';
import type { ReportInput } from '../report/input';
import { VERDICT_TEXT } from '../report/input';

/** A table ready to be written as a CSV file or an XLSX sheet. */
export type Dataset = { name: string; title: string; columns: string[]; rows: (string | number | null)[][] };

export const DATASETS = [
  'agents',
  'systems',
  'environments',
  'workflows',
  'grants',
  'findings',
  'scores',
  'drills',
  'drill-events',
  'actions',
] as const;
export type DatasetName = (typeof DATASETS)[number];
/** "inventory" = agents, systems, environments, workflows; "all" = everything. */
export const DATASET_GROUPS = { inventory: ['agents', 'systems', 'environments', 'workflows'], all: DATASETS } as const;

const secs = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 1000));
const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Builds every export table from the same data the report uses. Inventory columns are named like
 * the import's fields, so an exported CSV/XLSX imports back with no mapping changes.
 */
/** One drill event as the store gives it (core/drills/events), for the drill event log. */
export type DrillLogEvent = {
  drill: string;
  seq: number;
  monotonicMs: number;
  wallClock: string;
  type: string;
  payload: Record<string, unknown>;
};

function eventDetails(type: string, p: Record<string, unknown>): string {
  const s = (k: string): string =>
    typeof p[k] === 'string' ? (p[k] as string) : typeof p[k] === 'number' || typeof p[k] === 'boolean' ? String(p[k]) : '';
  // Who logged it, with their drill role (events recorded before authors were kept have none).
  const by = (): string => {
    const a = p.by as { name?: unknown; role?: unknown } | null | undefined;
    return a && typeof a.name === 'string' ? `by ${authorText({ name: a.name, role: typeof a.role === 'string' ? a.role : null })}` : '';
  };
  switch (type) {
    case 'note':
    case 'decision':
      return [s('text'), by()].filter(Boolean).join('; ');
    case 'checkpoint':
      return [
        s('checkpoint'),
        s('note'),
        p.verifiedAgainstSystemOfRecord ? `verified against ${s('systemOfRecord')}` : '',
        p.dataLossMinutes != null ? `data loss ${s('dataLossMinutes')} min` : '',
        by(),
      ]
        .filter(Boolean)
        .join('; ');
    case 'correction':
      return describeCorrection(p as unknown as CorrectionFacts);
    case 'inject':
      return `${s('injectId')} ${s('action')}`;
    case 'containment':
      return `${s('step')}${p.confirmed ? ' (confirmed)' : ''}`;
    case 'pause':
      return s('reason');
    case 'complete':
      return s('note');
    default:
      return '';
  }
}

/** The drill event log: every recorded event of every drill, in order, with its offset from the start. */
export function drillEventsDataset(events: DrillLogEvent[]): Dataset {
  return {
    name: 'drill-events',
    title: 'Drill events',
    columns: ['Drill', 'Seq', 'Wall clock', 'Offset from start (s)', 'Event', 'Details'],
    rows: events.map((e) => [e.drill, e.seq, e.wallClock, Math.round(e.monotonicMs) / 1000, e.type, eventDetails(e.type, e.payload)]),
  };
}

type Cell = string | number | null;

/** Names by id of the records an inventory row refers to (workflows, agents, systems, environments). */
export type InventoryNames = Partial<Record<Entity, ReadonlyMap<string, string>>>;

/**
 * An inventory table's header and row mapper: one column per registry field, headed like the
 * import's column so an export imports back unmapped; references by name, lists joined with "; ".
 * The in-memory datasets and the streamed export (electron/services/export-stream.ts) share it, so
 * both write the same cells.
 */
export function inventoryColumns<T extends object>(
  entity: Entity,
  names: InventoryNames,
): { columns: string[]; row: (record: T) => Cell[] } {
  const fields = fieldsOf<object>(INVENTORY_FIELDS[entity]);
  const cell = (f: (typeof fields)[number], v: unknown): Cell => {
    const byId = f.references ? names[f.references] : undefined;
    if (f.control === 'reference') return byId?.get(String(v)) ?? '';
    if (Array.isArray(v)) {
      const items = v.map((x) => String(x));
      return (byId ? items.map((id) => byId.get(id) ?? id).sort() : items).join('; ');
    }
    return v === undefined ? null : (v as Cell);
  };
  return {
    columns: fields.map((f) => f.header),
    row: (r) => fields.map((f) => cell(f, (r as Record<string, unknown>)[f.key])),
  };
}

function inventoryDataset<T extends object>(entity: Entity, title: string, records: readonly T[], names: InventoryNames): Dataset {
  const { columns, row } = inventoryColumns<T>(entity, names);
  return { name: entity, title, columns, rows: records.map(row) };
}

/**
 * Grants by agent, system and environment name, then scope; ties keep the store's order. Code-unit
 * order, as agents are sorted, and as the streamed export's SQL (BINARY collation) sorts them.
 */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function buildDatasets(input: ReportInput, events: DrillLogEvent[] = []): Record<DatasetName, Dataset> {
  const inv = input.inventory;
  const wf = new Map(inv.workflows.map((w) => [w.id, w.name]));
  const ag = new Map(inv.agents.map((a) => [a.id, a.name]));
  const sy = new Map(inv.systems.map((s) => [s.id, s.name]));
  const en = new Map(inv.environments.map((e) => [e.id, e.name]));
  const agents = [...inv.agents].sort(byName);
  const names: Record<'workflows' | 'agents' | 'systems' | 'environments', Map<string, string>> = {
    workflows: wf,
    agents: ag,
    systems: sy,
    environments: en,
  };
  const grants = [...inv.grants].sort(
    (a, b) =>
      compareText(ag.get(a.agentId) ?? '', ag.get(b.agentId) ?? '') ||
      compareText(sy.get(a.systemId) ?? '', sy.get(b.systemId) ?? '') ||
      compareText(en.get(a.environmentId) ?? '', en.get(b.environmentId) ?? '') ||
      compareText(a.scope, b.scope),
  );
  return {
    agents: inventoryDataset('agents', 'Agents', agents, names),
    systems: inventoryDataset('systems', 'Systems', [...inv.systems].sort(byName), names),
    environments: inventoryDataset('environments', 'Environments', [...inv.environments].sort(byName), names),
    workflows: inventoryDataset('workflows', 'Workflows', [...inv.workflows].sort(byName), names),
    grants: inventoryDataset('grants', 'Grants', grants, names),
    findings: {
      name: 'findings',
      title: 'Findings',
      columns: ['Agent', 'Control', 'Control title', 'Finding', 'Status', 'Accepted by', 'Accepted until', 'Frameworks'],
      rows: [...input.findings]
        .sort((a, b) =>
          `${ag.get(a.agentId)}\u0000${a.controlId}\u0000${a.key}`.localeCompare(`${ag.get(b.agentId)}\u0000${b.controlId}\u0000${b.key}`),
        )
        .map((f) => [
          ag.get(f.agentId) ?? f.agentId,
          f.controlId,
          f.controlTitle,
          f.message,
          f.status,
          f.acceptance?.owner ?? '',
          f.acceptance?.expiresOn ?? '',
          f.frameworks.map((m) => `${m.framework}: ${m.ids.join(', ')}`).join('; '),
        ]),
    },
    scores: {
      name: 'scores',
      title: 'Scores',
      columns: ['Agent', 'Lifecycle', 'Score', 'Verdict', 'Open findings', 'Blast radius', 'Why capped'],
      rows: [...(input.scores?.agents ?? [])]
        .sort((a, b) => a.agentName.localeCompare(b.agentName))
        .map((s) => [s.agentName, s.lifecycle, s.score, VERDICT_TEXT[s.verdict], s.openFindings, s.blastRadius, s.capReasons.join('; ')]),
    },
    drills: {
      name: 'drills',
      title: 'Drill log',
      columns: [
        'Drill',
        'Scenario',
        'Agents',
        'Status',
        'Started',
        'Completed',
        'Time to detect (s)',
        'Time to contain (s)',
        'Time to recover (s)',
        'Corrections',
      ],
      rows: [...input.drills]
        .sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? '') || a.id.localeCompare(b.id))
        .map((d) => [
          d.title,
          d.scenario,
          d.agents.join('; '),
          d.status,
          d.startedAt,
          d.completedAt,
          secs(d.ttdMs),
          secs(d.ttcMs),
          secs(d.ttrMs),
          (d.corrections ?? []).join('; '),
        ]),
    },
    'drill-events': drillEventsDataset(events),
    actions: {
      name: 'actions',
      title: 'Corrective actions',
      // Every status: open, in progress, done, verified and won't fix (an auditor reads the closed ones too).
      columns: [
        'Action',
        'Owner',
        'Due',
        'Status',
        'From',
        'Priority',
        'Controls',
        'Overdue',
        'Closed',
        'Verified by',
        "Won't fix reason",
        'Approved by',
      ],
      rows: [...input.actions]
        .sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.id.localeCompare(b.id))
        .map((a) => [
          a.title,
          a.owner,
          a.dueDate,
          a.status,
          a.source,
          a.priority ?? '',
          (a.controlIds ?? []).join('; '),
          a.overdue ? 'yes' : 'no',
          a.closedAt ?? '',
          a.verifiedBy ?? '',
          a.wontFixReason ?? '',
          a.wontFixApprover ?? '',
        ]),
    },
  };
}
