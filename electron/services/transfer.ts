import { AppError } from '../../core/common/errors';
import { buildDatasets, DATASET_GROUPS, type Dataset, type DatasetName, type DrillLogEvent } from '../../core/transfer/datasets';
import { listDrills, listEvents } from '../store/drills/records';
import type { transferChannels } from '../../core/transfer/contract';
import { exportFileName } from '../../core/transfer/filename';
import { FIELDS, guessEntity, suggestMapping, type Entity } from '../../core/transfer/import-fields';
import { planImport, type ImportPlan, type RawRecord } from '../../core/transfer/import-plan';
import { recordsFromDocument, recordsFromTable, type Mapping } from '../../core/transfer/import-read';
import { IMPORT_LIMITS } from '../../core/transfer/limits';
import { ImportRefused, parseJsonSafe } from '../../core/transfer/safe-parse';
import { WorkspaceFile } from '../../core/transfer/workspace-file';
import type { Database } from 'better-sqlite3';
import { readInventory } from '../store/inventory/snapshot';
import { applyImportPlan } from '../store/transfer/apply-import';
import { exportWorkspaceFile, importWorkspaceFile } from '../store/transfer/workspace-json';
import type { OpenWorkspace } from '../store/workspaces';
import { APP_VERSION } from './version';
import { historyHeadDataset } from '../../core/history/dataset';
import { historyHead } from '../store/history/index';
import { writeTransaction, type WriteContext } from '../store/mutate/index';
import { doorOf, writeContext } from './context';
import type { Handlers } from './handler-types';
import { gatherReportInput } from './report-data';
import { readImportFile, type ImportFormat } from './transfer-read';
import { datasetsToXlsx, datasetToCsv } from './transfer-write';
import { importPath, recordsFromFile } from './transfer-stream';

export type ImportOptions = { entity?: Entity | undefined; sheet?: string | undefined; mapping?: Mapping | undefined };
export type Prepared = {
  format: ImportFormat;
  tabular: boolean;
  sheets: string[];
  sheet: string | null;
  columns: string[];
  entity: Entity | null;
  mapping: Mapping;
  records: RawRecord[] | null;
  plan: ImportPlan | null;
  refused: string | null;
};

/**
 * Reads and validates an import and (with `plan`) works out what it would change. Never writes.
 * Shared by the UI channels and the CLI. Apply re-plans inside its own transaction.
 */
export async function prepareImport(db: Database, fileName: string, bytes: Buffer, opts: ImportOptions, plan = true): Promise<Prepared> {
  const base = {
    format: 'csv' as ImportFormat,
    tabular: false,
    sheets: [] as string[],
    sheet: null as string | null,
    columns: [] as string[],
    entity: null as Entity | null,
    mapping: [] as Mapping,
  };
  try {
    const file = await readImportFile(fileName, bytes, opts.sheet);
    if (file.kind === 'document') {
      const records = recordsFromDocument(file.data);
      return { ...base, format: file.format, records, plan: plan ? planImport(records, readInventory(db)) : null, refused: null };
    }
    const entity = opts.entity ?? guessEntity(file.header, fileName);
    const mapping = opts.mapping ?? Object.entries(suggestMapping(entity, file.header)).map(([field, column]) => ({ field, column }));
    const out = {
      ...base,
      format: file.format,
      tabular: true,
      sheets: file.sheets,
      sheet: file.sheet,
      columns: file.header,
      entity,
      mapping,
    };
    const records = recordsFromTable(file.header, file.rows, entity, mapping);
    return { ...out, records, plan: plan ? planImport(records, readInventory(db)) : null, refused: null };
  } catch (err) {
    if (err instanceof ImportRefused)
      return { ...base, records: null, plan: null, refused: err.where ? `${err.message} (at ${err.where})` : err.message };
    throw err;
  }
}

export function previewOf(p: Prepared) {
  const empty = { create: 0, update: 0, unchanged: 0 };
  const plan = p.plan;
  const items: { entity: Entity; action: 'create' | 'update' | 'unchanged'; label: string; changed: string[]; where: string }[] = [];
  for (const [entity, ops] of Object.entries(plan?.ops ?? {}) as [Entity, ImportPlan['ops'][Entity]][]) {
    for (const o of ops) {
      if (items.length >= 300) break;
      if (o.action !== 'unchanged') items.push({ entity, action: o.action, label: o.label, changed: o.changed, where: o.where });
    }
  }
  return {
    format: p.format,
    tabular: p.tabular,
    sheets: p.sheets,
    sheet: p.sheet,
    columns: p.columns,
    entity: p.entity,
    mapping: p.mapping,
    fields: p.entity ? FIELDS[p.entity].map((f) => ({ key: f.key, label: f.label, required: !!f.required })) : [],
    records: plan?.records ?? 0,
    counts: plan?.counts ?? { workflows: empty, systems: empty, environments: empty, agents: empty, grants: empty },
    items,
    errors: plan?.errors ?? [],
    errorCount: plan?.errorCount ?? 0,
    refused: p.refused,
  };
}

/**
 * Applies a prepared import all-or-nothing; refuses when anything is wrong. The plan is made again
 * inside the write transaction, so it matches the workspace exactly as it is written (nothing can
 * change between the check and the write).
 */
export function applyPrepared(w: WriteContext, p: Prepared): ImportPlan {
  if (p.refused || !p.records) {
    const message = p.refused ?? 'Nothing to import.';
    throw new AppError('VALIDATION', message, { issues: [{ path: 'file', message }] });
  }
  const records = p.records;
  return writeTransaction(w, ({ db, now }) => {
    const plan = planImport(records, readInventory(db));
    if (plan.errorCount > 0) {
      throw new AppError(
        'VALIDATION',
        `The file has ${plan.errorCount} problem${plan.errorCount === 1 ? '' : 's'}; nothing was imported. First: ${plan.errors[0]!.where}, ${plan.errors[0]!.field}: ${plan.errors[0]!.message}`,
        {
          issues: plan.errors.slice(0, 50).map((e) => ({ path: `${e.where}.${e.field}`, message: e.message })),
        },
      );
    }
    applyImportPlan(db, plan, now);
    return plan;
  });
}

export function datasetsFor(
  ws: Pick<OpenWorkspace, 'id' | 'name' | 'db' | 'dir' | 'file'>,
  now: Date,
  which: DatasetName | 'inventory' | 'all',
): Dataset[] {
  const all = buildDatasets(gatherReportInput(ws, now), which === 'drill-events' || which === 'all' ? drillEventLog(ws.db) : []);
  const names: readonly DatasetName[] = which === 'inventory' || which === 'all' ? DATASET_GROUPS[which] : [which];
  return names.map((n) => all[n]);
}

/** Every drill's events in order (for the drill event log export). */
export function drillEventLog(db: Database): DrillLogEvent[] {
  return listDrills(db).flatMap((d) => {
    const label = `${d.summary.scenarioTitle} (${(d.summary.startedAt ?? d.summary.createdAt).slice(0, 10)})`;
    return listEvents(db, d.summary.id).map((e) => ({
      drill: label,
      seq: e.seq,
      monotonicMs: e.monotonicMs,
      wallClock: e.wallClock,
      type: e.type,
      payload: e.payload as Record<string, unknown>,
    }));
  });
}

const decode = (b64: string): Buffer => Buffer.from(b64, 'base64');

export function parseWorkspaceExport(bytes: Buffer): WorkspaceFile {
  if (bytes.length > IMPORT_LIMITS.maxBytes)
    throw new AppError('VALIDATION', `The file is larger than ${IMPORT_LIMITS.maxBytes / 1048576} MB.`);
  let data: unknown;
  try {
    data = parseJsonSafe(new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, ''), {
      ...IMPORT_LIMITS,
      maxCell: 40 * 1024 * 1024,
    });
  } catch (err) {
    throw new AppError('VALIDATION', err instanceof ImportRefused ? err.message : 'The file is not valid UTF-8 JSON.');
  }
  const parsed = WorkspaceFile.safeParse(data);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    // A file that is not an export at all gets a plain sentence; a damaged export says where it is damaged.
    if (i.path[0] === 'format' || i.path.length === 0)
      throw new AppError(
        'VALIDATION',
        'This is not an Agent Readiness workspace export. Choose a file made with Reports > Download full workspace (JSON).',
      );
    throw new AppError('VALIDATION', `This is not an Agent Readiness workspace export: ${i.path.join('.')}: ${i.message}`);
  }
  return parsed.data;
}

export const transferHandlers: Handlers<typeof transferChannels> = {
  'import:preview': async (ctx, input) => {
    const db = ctx.workspace(input.workspaceId).db;
    return previewOf(await prepareImport(db, input.fileName, decode(input.contentBase64), input));
  },
  'import:apply': async (ctx, input) => {
    const w = writeContext(ctx, input.workspaceId, 'import:apply');
    const plan = applyPrepared(w, await prepareImport(w.db, input.fileName, decode(input.contentBase64), input, false));
    return { counts: plan.counts, records: plan.records };
  },
  'import:applyFile': async (ctx, input) => {
    const file = importPath(ctx, input.path);
    const w = writeContext(ctx, input.workspaceId, 'import:applyFile');
    let records: RawRecord[] | null = null;
    let refused: string | null = null;
    try {
      records = await recordsFromFile(file);
    } catch (err) {
      if (!(err instanceof ImportRefused)) throw err;
      refused = err.where ? `${err.message} (at ${err.where})` : err.message;
    }
    const base = { format: 'json' as const, tabular: false, sheets: [], sheet: null, columns: [], entity: null, mapping: [] };
    const plan = applyPrepared(w, { ...base, records, plan: null, refused });
    return { counts: plan.counts, records: plan.records };
  },
  'export:workspace': (ctx, { workspaceId }) => {
    const ws = ctx.workspace(workspaceId);
    const file = exportWorkspaceFile(ws, ctx.now(), APP_VERSION);
    return {
      fileName: exportFileName(`${ws.name} workspace ${ctx.now().toISOString().slice(0, 10)}`, 'json', 'workspace'),
      mime: 'application/json',
      contentBase64: Buffer.from(JSON.stringify(file)).toString('base64'),
    };
  },
  'export:data': async (ctx, { workspaceId, dataset, format }) => {
    const ws = ctx.workspace(workspaceId);
    const sets = datasetsFor(ws, ctx.now(), dataset);
    const base = `${ws.name} ${dataset} ${ctx.now().toISOString().slice(0, 10)}`;
    if (format === 'csv') {
      if (sets.length !== 1)
        throw new AppError('VALIDATION', 'CSV holds one table: choose a single dataset, or XLSX for several.', {
          issues: [{ path: 'dataset', message: 'Choose one dataset for CSV' }],
        });
      return {
        fileName: exportFileName(base, 'csv'),
        mime: 'text/csv; charset=utf-8',
        contentBase64: datasetToCsv(sets[0]!).toString('base64'),
      };
    }
    return {
      fileName: exportFileName(base, 'xlsx'),
      mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      // A sheet with the history's entry count and head hash: whoever keeps the file can later prove a rewrite.
      contentBase64: (await datasetsToXlsx([...sets, historyHeadDataset(historyHead(ws.db))])).toString('base64'),
    };
  },
  'import:workspace': (ctx, { name, contentBase64 }) => {
    const file = parseWorkspaceExport(decode(contentBase64));
    const ws = importWorkspaceFile(ctx.workspaces, name, file, ctx.now(), { actor: ctx.actor, door: doorOf(ctx.mode) });
    return { id: ws.id, name: ws.name, file: ws.file, status: 'ok' as const, error: null, createdAt: file.workspace.createdAt };
  },
};
