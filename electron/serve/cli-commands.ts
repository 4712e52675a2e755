import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Response } from '../../core/contract/index';
import { DATASET_GROUPS, DATASETS, type DatasetName } from '../../core/transfer/datasets';
import { ENTITIES, type Entity } from '../../core/transfer/import-fields';
import { IMPORT_LIMITS } from '../../core/transfer/limits';
import { backupFilePath } from '../services/backup';
import { FileRefused, readBounded } from '../services/files/bounded-read';
import { writeInside } from '../services/transfer-write';
import { openDataFolderSession } from '../services/workspace-file';
import { call, cliActor, CliError, ensureOutDir, EXIT, withFile, out, str, type Values } from './cli-workspace';
import { ACTIVITY_COMMANDS, ACTIVITY_HELP } from './cli-activity';
import { DISCOVERY_COMMANDS, DISCOVERY_HELP } from './cli-discovery';
import { verifyCmd, VERIFY_HELP } from './cli-history';
import { PACK_COMMANDS, PACK_HELP, type PackCommand } from './cli-pack';
import { score } from './cli-score';
import { TEAM_COMMANDS, TEAM_HELP } from './cli-team';

type Opt = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };
export type Command =
  | 'report'
  | 'export'
  | 'import'
  | 'score'
  | 'backup'
  | 'discover'
  | 'drift'
  | 'verify'
  | PackCommand
  | keyof typeof ACTIVITY_COMMANDS
  | keyof typeof TEAM_COMMANDS;

export const HELP: Record<Command | 'main', string> = {
  ...PACK_HELP,
  ...TEAM_HELP,
  verify: VERIFY_HELP,
  main: `Usage: agent-readiness <command> [options]

Commands:
  report   Generate the executive report (pdf, docx, md, json, html)
  export   Export a workspace as JSON (full, re-importable) or its data as CSV/XLSX
  import   Validate and import an inventory file (CSV, XLSX, JSON, YAML)
  score    Print readiness scores; exit 1 when a production agent is below --min or Not ready
  backup   Make a verified backup of a workspace (database and evidence files), or list its backups
  restore  Restore a workspace from a backup (hashes checked first), or list its backups
  pack     Build a signed evidence pack (report, datasets, evidence, OSCAL, manifest, signature)
  verify-pack  Check an evidence pack's hashes and signature; names every changed, added or removed file
  discover Read agent configs and permission exports; show how they differ from the inventory
  drift    Drift findings of the latest discovery run; a CI gate with --fail-on and --policy
  activity import   Import activity logs (CloudTrail, k8s audit, PostgreSQL, OTel, Claude Code, Codex, GitHub)
  activity check    Behaviour findings for a period; exit 1 on a --fail-on rule
  activity approve  Record (or --withdraw) a human approval the logs do not carry
  activity approvals  List the approvals recorded in the app
  verify   Check the workspace's change history (hash chain and data) is intact
  serve --team       Start the team server (PostgreSQL accounts, roles, sessions)
  team admin create  Create the first admin of a team server
  team invite        Print a one-time invitation link

Every command takes --actor NAME: who the changes it makes are recorded as (else
$AGENT_READINESS_ACTOR, else the operating-system user).

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
  score: `Usage: agent-readiness score --workspace FILE [--min N] [--policy FILE] [--json]

Prints each agent's readiness score and verdict (--json for machine-readable output, with the
reasons each gate failed). Exits 1 when any production agent is Not ready, or scores below N when
--min N is given, when the workspace has no production agent to judge (nothing to judge is not a
pass), or when --policy FILE finds a violation: use it as a readiness gate in a CI pipeline.
`,
  ...DISCOVERY_HELP,
  backup: `Usage: agent-readiness backup --workspace FILE [--list]

Makes a verified backup (SQLite online backup API, checked with PRAGMA quick_check) with a copy of
every evidence file and a SHA-256 manifest, into the workspace's backups folder, and prints its
path. --list shows the existing backups instead. Restore one with "agent-readiness restore".
`,
  ...ACTIVITY_HELP,
};

async function report(v: Values): Promise<number> {
  const format = str(v.format);
  if (!format || !['pdf', 'docx', 'md', 'json', 'html'].includes(format))
    throw new CliError('--format must be pdf, docx, md, json or html.', EXIT.USAGE);
  const dir = ensureOutDir(str(v.out));
  return withFile(v, async (ctx, workspaceId) => {
    const input = { workspaceId, format: format as 'pdf', assessmentId: str(v.assessment) ?? null };
    // A report that cannot be produced (Chromium missing for PDF) is an output failure.
    const file = await call(ctx, 'report:export', input, { NOT_FOUND: EXIT.USAGE, INTERNAL: EXIT.OUTPUT });
    out(`${write(dir, file)}\n`);
    return EXIT.OK;
  });
}

function write(dir: string, file: Response<'report:export'>): string {
  try {
    return writeInside(dir, file.fileName, Buffer.from(file.contentBase64, 'base64'));
  } catch (err) {
    throw new CliError(`Could not write ${file.fileName}: ${(err as Error).message}`, EXIT.OUTPUT);
  }
}

async function exportCmd(v: Values): Promise<number> {
  const format = str(v.format);
  if (!format || !['json', 'csv', 'xlsx'].includes(format)) throw new CliError('--format must be json, csv or xlsx.', EXIT.USAGE);
  const dataset = str(v.dataset) ?? (format === 'csv' ? 'inventory' : 'all');
  if (![...DATASETS, 'inventory', 'all'].includes(dataset))
    throw new CliError(`--dataset must be all, inventory or one of ${DATASETS.join(', ')}.`, EXIT.USAGE);
  const dir = ensureOutDir(str(v.out));
  return withFile(v, async (ctx, workspaceId) => {
    // Streamed to disk row by row (issue 16): a 1M-grant workspace is never held whole in memory.
    const fail = { INTERNAL: EXIT.OUTPUT };
    if (format === 'json') {
      out(`${(await call(ctx, 'export:workspaceFile', { workspaceId, dir }, fail)).path}\n`);
    } else if (format === 'xlsx') {
      out(`${(await call(ctx, 'export:dataFile', { workspaceId, dataset: dataset as 'all', format: 'xlsx', dir }, fail)).path}\n`);
    } else {
      // CSV holds one table: one file per dataset of the group, ...
      const names: readonly DatasetName[] =
        dataset === 'inventory' || dataset === 'all' ? DATASET_GROUPS[dataset] : [dataset as DatasetName];
      for (const name of names)
        out(`${(await call(ctx, 'export:dataFile', { workspaceId, dataset: name, format: 'csv', dir }, fail)).path}\n`);
      // and the change history, whose last row carries the head hash the data was exported at
      out(`${write(dir, await call(ctx, 'history:export', { workspaceId, format: 'csv' }))}\n`);
    }
    return EXIT.OK;
  });
}

/**
 * The import file, through the bounded reader: regular files only (a FIFO, a device or a folder is
 * refused by what it is), and the limit counted as bytes arrive (a FIFO or /dev/zero reports size 0).
 */
async function readInput(input: string): Promise<Buffer> {
  try {
    return (await readBounded(resolve(input), IMPORT_LIMITS.maxBytes)).bytes;
  } catch (err) {
    if (err instanceof FileRefused) throw new CliError(`Cannot read ${input}: ${err.message}`, EXIT.INPUT);
    throw new CliError(`Cannot read ${input}: ${(err as Error).message}`, EXIT.INPUT);
  }
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
  const asNew = str(v['as-new']);
  // A JSON inventory past the in-memory 40 MB is streamed from disk (import:applyFile): no preview, applied or refused whole.
  if (
    asNew === undefined &&
    /\.json$/i.test(input) &&
    (statSync(resolve(input), { throwIfNoEntry: false })?.size ?? 0) > IMPORT_LIMITS.maxBytes
  ) {
    if (v['dry-run']) throw new CliError('--dry-run reads files up to 40 MB; this one is imported by streaming only.', EXIT.USAGE);
    return withFile(v, async (ctx, workspaceId) => {
      const applied = await call(ctx, 'import:applyFile', { workspaceId, path: resolve(input) }, { VALIDATION: EXIT.INPUT });
      out(`Imported ${applied.records} record${applied.records === 1 ? '' : 's'} (streamed) in one transaction.\n`);
      return EXIT.OK;
    });
  }
  const contentBase64 = (await readInput(input)).toString('base64');
  if (asNew !== undefined) return importWorkspaceExport(contentBase64, asNew, str(v.data), v);
  return withFile(v, async (ctx, workspaceId) => {
    const request = {
      workspaceId,
      fileName: basename(input),
      contentBase64,
      ...(entity ? { entity: entity as Entity } : {}),
      ...(str(v.sheet) ? { sheet: str(v.sheet) } : {}),
      ...(maps.length ? { mapping: maps } : {}),
    };
    const p = await call(ctx, 'import:preview', request, { VALIDATION: EXIT.INPUT });
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
    const applied = await call(ctx, 'import:apply', request, { VALIDATION: EXIT.INPUT });
    out(`Imported ${applied.records} record${applied.records === 1 ? '' : 's'} in one transaction.\n`);
    return EXIT.OK;
  });
}

async function importWorkspaceExport(contentBase64: string, name: string, data: string | undefined, v: Values): Promise<number> {
  if (!data) throw new CliError('--data DIR is required with --as-new.', EXIT.USAGE);
  const ctx = openDataFolderSession(data, cliActor(v));
  try {
    const r = await dispatchImport(ctx, name, contentBase64);
    out(`${r.file}\n`);
    return EXIT.OK;
  } finally {
    ctx.close();
  }
}

/** A bad NAME is a usage error (--as-new); a bad file is refused input. */
async function dispatchImport(ctx: Parameters<typeof call>[0], name: string, contentBase64: string) {
  try {
    return await call(ctx, 'import:workspace', { name, contentBase64 }, { VALIDATION: EXIT.INPUT });
  } catch (err) {
    if (err instanceof CliError && /^name: /.test(err.message)) throw new CliError(`--as-new: ${err.message.slice(6)}`, EXIT.USAGE);
    throw err;
  }
}

async function backup(v: Values): Promise<number> {
  return withFile(v, async (ctx, workspaceId) => {
    if (v.list) {
      for (const b of await call(ctx, 'backup:list', { workspaceId }))
        out(`${b.createdAt}  ${b.reason.padEnd(13)}  ${String(b.size).padStart(10)}  ${backupFilePath(ctx, workspaceId, b.id)}\n`);
      return EXIT.OK;
    }
    const made = await call(ctx, 'backup:create', { workspaceId }, { INTERNAL: EXIT.OUTPUT });
    out(`${backupFilePath(ctx, workspaceId, made.id)}\n`);
    return EXIT.OK;
  });
}

const W: Record<string, Opt> = { workspace: { type: 'string', short: 'w' } };
export const COMMANDS: Record<
  Command,
  { options: Record<string, Opt>; positionals?: boolean; run: (v: Values, positionals: string[]) => number | Promise<number> }
> = {
  ...PACK_COMMANDS,
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
  score: { options: { ...W, min: { type: 'string' }, json: { type: 'boolean' }, policy: { type: 'string' } }, run: score },
  backup: { options: { ...W, list: { type: 'boolean' } }, run: backup },
  ...DISCOVERY_COMMANDS,
  verify: { options: { ...W, json: { type: 'boolean' } }, run: (v) => withFile(v, (ctx, id) => verifyCmd(ctx, id, v.json === true)) },
  ...ACTIVITY_COMMANDS,
  ...TEAM_COMMANDS,
};
