import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '../../core/common/errors';
import { DATASETS } from '../../core/transfer/datasets';
import { exportFileName } from '../../core/transfer/filename';
import { ENTITIES, type Entity } from '../../core/transfer/import-fields';
import { IMPORT_LIMITS } from '../../core/transfer/limits';
import { createBackup, listBackups } from '../store/backup/backups';
import { APP_VERSION } from '../services/context';
import { produceReport } from '../services/report';
import { computeWorkspaceScores } from '../services/scoring-queries';
import { applyPrepared, datasetsFor, parseWorkspaceExport, prepareImport, previewOf } from '../services/transfer';
import { exportWorkspaceFile, importWorkspaceFile } from '../store/transfer/workspace-json';
import { WorkspaceManager } from '../store/workspaces';
import { Name } from '../../core/common/schemas';
import { datasetsToXlsx, datasetToCsv, writeInside } from '../services/transfer-write';
import { backupsFor, CliError, ensureOutDir, EXIT, openWorkspaceFile } from './cli-workspace';

type Values = Record<string, string | boolean | string[] | undefined>;
type Opt = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };
export type Command = 'report' | 'export' | 'import' | 'score' | 'backup';
const str = (v: Values[string]): string | undefined => (typeof v === 'string' ? v : undefined);
const out = (s: string): void => void process.stdout.write(s);

export const HELP: Record<Command | 'main', string> = {
  main: `Usage: agent-readiness <command> [options]

Commands:
  report   Generate the executive report (pdf, docx, md, json, html)
  export   Export a workspace as JSON (full, re-importable) or its data as CSV/XLSX
  import   Validate and import an inventory file (CSV, XLSX, JSON, YAML)
  score    Print readiness scores; exit 1 when a production agent is below --min or Not ready
  backup   Make a verified backup of a workspace, or list its backups

Run "agent-readiness <command> --help" for the options of a command.
Exit codes: 0 ok, 1 check failed, 2 usage error, 3 workspace cannot be opened,
4 input file refused or invalid, 5 output could not be written, 70 internal error.
`,
  report: `Usage: agent-readiness report --workspace FILE --format pdf|docx|md|json|html --out DIR [--assessment ID]

Generates the executive report from the finalised assessment ID, or from the current state
(marked DRAFT) when --assessment is not given. Prints the path of the file written.
PDF uses headless Chromium (/usr/bin/chromium, or $AGENT_READINESS_CHROMIUM).
`,
  export: `Usage: agent-readiness export --workspace FILE --format json|csv|xlsx --out DIR [--dataset NAME]

  json   the full, versioned workspace export (imports back into a new workspace losslessly)
  xlsx   one workbook; --dataset all (default), inventory, or one of: ${DATASETS.join(', ')}
  csv    one file per dataset; --dataset inventory (default), all, or one of the above
CSV cells that start with = + - @ tab or CR are prefixed with ' so spreadsheets never run them.
`,
  import: `Usage: agent-readiness import --workspace FILE --file INPUT [--entity TYPE] [--map FIELD=COLUMN]... [--sheet NAME] [--dry-run]
       agent-readiness import --file WORKSPACE_EXPORT.json --data DIR --as-new NAME

Imports an inventory file into the workspace with the same validation as the app: every problem
is listed with its row and field, and nothing is written unless the whole file is valid (one
transaction). Re-importing the same file changes nothing (records match by name).
  --entity   for CSV/XLSX: ${ENTITIES.join(', ')} (guessed from the columns when omitted)
  --map      for CSV/XLSX: which column feeds which field, e.g. --map name="Agent name"
  --dry-run  validate and show what would change, write nothing
  --as-new   open a full workspace export (from "export --format json") as a new workspace
             named NAME in the data folder DIR (the app's folder, or any folder)
Exit 4 when the file is refused or has problems.
`,
  score: `Usage: agent-readiness score --workspace FILE [--min N] [--json]

Prints each agent's readiness score and verdict (--json for machine-readable output).
Exits 1 when any production agent is Not ready, or scores below N when --min N is given:
use it as a readiness gate in a CI pipeline.
`,
  backup: `Usage: agent-readiness backup --workspace FILE [--list]

Makes a verified backup (SQLite online backup API, checked with PRAGMA quick_check) into the
workspace's backups folder, and prints its path. --list shows the existing backups instead.
`,
};

async function report(v: Values): Promise<number> {
  const format = str(v.format);
  if (!format || !['pdf', 'docx', 'md', 'json', 'html'].includes(format))
    throw new CliError('--format must be pdf, docx, md, json or html.', EXIT.USAGE);
  const dir = ensureOutDir(str(v.out));
  const ws = openWorkspaceFile(str(v.workspace));
  let file;
  try {
    file = await produceReport(ws, new Date(), format as 'pdf', str(v.assessment) ?? null);
  } catch (err) {
    if (err instanceof AppError) throw new CliError(err.message, err.code === 'NOT_FOUND' ? EXIT.USAGE : EXIT.INTERNAL);
    throw new CliError((err as Error).message, EXIT.OUTPUT);
  }
  out(`${write(dir, file.fileName, file.content)}\n`);
  return EXIT.OK;
}

function write(dir: string, name: string, content: Buffer): string {
  try {
    return writeInside(dir, name, content);
  } catch (err) {
    throw new CliError(`Could not write ${name}: ${(err as Error).message}`, EXIT.OUTPUT);
  }
}

async function exportCmd(v: Values): Promise<number> {
  const format = str(v.format);
  if (!format || !['json', 'csv', 'xlsx'].includes(format)) throw new CliError('--format must be json, csv or xlsx.', EXIT.USAGE);
  const dataset = str(v.dataset) ?? (format === 'csv' ? 'inventory' : 'all');
  if (![...DATASETS, 'inventory', 'all'].includes(dataset))
    throw new CliError(`--dataset must be all, inventory or one of ${DATASETS.join(', ')}.`, EXIT.USAGE);
  const dir = ensureOutDir(str(v.out));
  const ws = openWorkspaceFile(str(v.workspace));
  const now = new Date();
  const day = now.toISOString().slice(0, 10);
  if (format === 'json') {
    out(
      `${write(dir, exportFileName(`${ws.name} workspace ${day}`, 'json'), Buffer.from(JSON.stringify(exportWorkspaceFile(ws, now, APP_VERSION))))}\n`,
    );
    return EXIT.OK;
  }
  const sets = datasetsFor(ws, now, dataset as 'all');
  if (format === 'xlsx') {
    out(`${write(dir, exportFileName(`${ws.name} ${dataset} ${day}`, 'xlsx'), await datasetsToXlsx(sets))}\n`);
    return EXIT.OK;
  }
  for (const s of sets) out(`${write(dir, exportFileName(`${ws.name} ${s.name} ${day}`, 'csv'), datasetToCsv(s))}\n`);
  return EXIT.OK;
}

async function importCmd(v: Values): Promise<number> {
  const input = str(v.file);
  if (!input) throw new CliError('--file INPUT is required.', EXIT.USAGE);
  const entity = str(v.entity);
  if (entity && !(ENTITIES as readonly string[]).includes(entity))
    throw new CliError(`--entity must be one of ${ENTITIES.join(', ')}.`, EXIT.USAGE);
  const maps = (Array.isArray(v.map) ? v.map : []).map((m) => {
    const i = m.indexOf('=');
    if (i < 1) throw new CliError(`--map takes FIELD=COLUMN, got "${m.slice(0, 60)}".`, EXIT.USAGE);
    return { field: m.slice(0, i).trim(), column: m.slice(i + 1).trim() };
  });
  let bytes: Buffer;
  try {
    const path = resolve(input);
    if (statSync(path).size > IMPORT_LIMITS.maxBytes)
      throw new CliError(`The file is larger than ${IMPORT_LIMITS.maxBytes / 1048576} MB.`, EXIT.INPUT);
    bytes = readFileSync(path);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`Cannot read ${input}: ${(err as Error).message}`, EXIT.INPUT);
  }
  const asNew = str(v['as-new']);
  if (asNew !== undefined) return importWorkspaceExport(bytes, asNew, str(v.data));
  const ws = openWorkspaceFile(str(v.workspace));
  const prepared = await prepareImport(ws.db, input, bytes, {
    entity: entity as Entity | undefined,
    sheet: str(v.sheet),
    mapping: maps.length ? maps : undefined,
  });
  const p = previewOf(prepared);
  if (p.refused) throw new CliError(`The file was refused: ${p.refused}`, EXIT.INPUT);
  if (p.tabular)
    out(
      `Reading ${p.format.toUpperCase()} as ${p.entity}; mapping: ${p.mapping.map((m) => `${m.field}=${JSON.stringify(m.column)}`).join(', ')}\n`,
    );
  for (const [e, c] of Object.entries(p.counts))
    if (c.create + c.update + c.unchanged > 0) out(`  ${e}: ${c.create} to create, ${c.update} to update, ${c.unchanged} unchanged\n`);
  if (p.errorCount > 0) {
    for (const e of p.errors) process.stderr.write(`  ${e.where}, ${e.field}: ${e.message}\n`);
    throw new CliError(`${p.errorCount} problem${p.errorCount === 1 ? '' : 's'} found; nothing was imported.`, EXIT.INPUT);
  }
  if (v['dry-run']) {
    out('Dry run: nothing was written.\n');
    return EXIT.OK;
  }
  applyPrepared(ws.db, prepared, new Date());
  out(`Imported ${p.records} record${p.records === 1 ? '' : 's'} in one transaction.\n`);
  return EXIT.OK;
}

function importWorkspaceExport(bytes: Buffer, name: string, data: string | undefined): number {
  if (!data) throw new CliError('--data DIR is required with --as-new.', EXIT.USAGE);
  const parsedName = Name.safeParse(name);
  if (!parsedName.success) throw new CliError(`--as-new: ${parsedName.error.issues[0]?.message ?? 'invalid name'}`, EXIT.USAGE);
  const manager = new WorkspaceManager(resolve(data));
  try {
    const ws = importWorkspaceFile(manager, parsedName.data, parseWorkspaceExport(bytes), new Date());
    out(`${ws.file}\n`);
    return EXIT.OK;
  } catch (err) {
    if (err instanceof AppError) throw new CliError(err.message, EXIT.INPUT);
    throw err;
  } finally {
    manager.closeAll();
  }
}

function score(v: Values): number {
  const minRaw = str(v.min);
  const min = minRaw === undefined ? null : Number(minRaw);
  if (min !== null && (!Number.isFinite(min) || min < 0 || min > 100))
    throw new CliError('--min must be a number from 0 to 100.', EXIT.USAGE);
  const ws = openWorkspaceFile(str(v.workspace));
  const scores = computeWorkspaceScores(ws, new Date());
  const failing = scores.agents.filter(
    (a) => a.lifecycle === 'production' && ((min !== null && a.score < min) || a.verdict === 'not-ready'),
  );
  if (v.json) {
    out(
      `${JSON.stringify({ checklist: scores.checklist, meanScore: scores.workspace.meanScore, agents: scores.agents.map((a) => ({ name: a.agentName, lifecycle: a.lifecycle, score: a.score, verdict: a.verdict })), min, failing: failing.map((a) => a.agentName) }, null, 2)}\n`,
    );
  } else {
    const rows = [...scores.agents]
      .sort((a, b) => a.agentName.localeCompare(b.agentName))
      .map((a) => [
        a.agentName,
        a.lifecycle,
        String(a.score),
        { ready: 'Ready', conditional: 'Conditional', 'not-ready': 'Not ready' }[a.verdict],
        failing.includes(a) ? 'FAIL' : '',
      ]);
    const head = ['Agent', 'Lifecycle', 'Score', 'Verdict', min !== null ? `Gate (min ${min})` : 'Gate'];
    const width = head.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
    const line = (r: string[]) =>
      r
        .map((c, i) => (i === 2 ? c.padStart(width[i]!) : c.slice(0, width[i]).padEnd(width[i]!)))
        .join('  ')
        .trimEnd();
    out(
      `${scores.checklist.title} v${scores.checklist.version} · mean score ${scores.workspace.meanScore ?? '–'}\n${line(head)}\n${line(width.map((w) => '-'.repeat(w)))}\n${rows.map(line).join('\n')}\n`,
    );
  }
  if (failing.length) {
    process.stderr.write(`Readiness gate failed: ${failing.map((a) => `${a.agentName} (${a.score}, ${a.verdict})`).join('; ')}\n`);
    return EXIT.CHECK_FAILED;
  }
  return EXIT.OK;
}

async function backup(v: Values): Promise<number> {
  const ws = openWorkspaceFile(str(v.workspace));
  const folder = backupsFor(ws.file);
  if (v.list) {
    for (const b of listBackups(folder)) out(`${b.createdAt}  ${b.reason.padEnd(13)}  ${String(b.size).padStart(10)}  ${b.file}\n`);
    return EXIT.OK;
  }
  try {
    out(`${(await createBackup(ws.db, folder, 'manual', new Date())).file}\n`);
  } catch (err) {
    throw new CliError(`Backup failed: ${(err as Error).message}`, EXIT.OUTPUT);
  }
  return EXIT.OK;
}

const W: Record<string, Opt> = { workspace: { type: 'string', short: 'w' } };
export const COMMANDS: Record<Command, { options: Record<string, Opt>; run: (v: Values) => number | Promise<number> }> = {
  report: {
    options: { ...W, format: { type: 'string', short: 'f' }, out: { type: 'string', short: 'o' }, assessment: { type: 'string' } },
    run: report,
  },
  export: {
    options: { ...W, format: { type: 'string', short: 'f' }, out: { type: 'string', short: 'o' }, dataset: { type: 'string' } },
    run: exportCmd,
  },
  import: {
    options: {
      ...W,
      file: { type: 'string' },
      entity: { type: 'string' },
      map: { type: 'string', multiple: true },
      sheet: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'as-new': { type: 'string' },
      data: { type: 'string' },
    },
    run: importCmd,
  },
  score: { options: { ...W, min: { type: 'string' }, json: { type: 'boolean' } }, run: score },
  backup: { options: { ...W, list: { type: 'boolean' } }, run: backup },
};
