/**
 * The benchmark (issue 6): builds a large organisation, measures each figure against a baseline
 * from the same run, prints a table, and with --out writes it as markdown with the machine.
 * Run through `npm run bench` (test/bench/run.mjs bundles this file first).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchAppend, benchImport, benchPdf, benchScoring, context, seedAnswers, seedDrills, type Figure } from './backend';
import { benchBrowser } from './browser';
import { benchActivity } from './activity';
import { benchEdits } from './incremental';
import { chromiumPath } from '../../electron/services/report-pdf';
import { FULL, makeDoc, QUICK, SCALE_100K } from './generate';
import { storageFigure, writeDocFile } from './scale';
import { peakRssMb } from './browser';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    out: { type: 'string' },
    root: { type: 'string' },
    bare: { type: 'string' },
    'no-browser': { type: 'boolean' },
    keep: { type: 'boolean' },
    'browser-only': { type: 'string' },
    'no-pdf': { type: 'boolean' },
    /** Adds the activity figures (1 M CloudTrail events; ~0.6 GB written to the temp folder). */
    activity: { type: 'boolean' },
    /** `--scale 100k`: 100k agents, 1M grants, 10k drills, 1M events (issue 16). The default stays 10k. */
    scale: { type: 'string' },
  },
});
if (values.scale !== undefined && values.scale !== '100k' && values.scale !== '10k') {
  process.stderr.write('--scale takes 10k (the default) or 100k\n');
  process.exit(2);
}
const big = values.scale === '100k';
const sizes = values.quick ? QUICK : big ? SCALE_100K : FULL;
const root = values.root ?? process.cwd();
const log = (s: string): void => void process.stderr.write(`[bench] ${s}\n`);

function machine(): Record<string, string> {
  const chromium = chromiumPath();
  let chromiumVersion = 'not found';
  try {
    if (chromium) chromiumVersion = execFileSync(chromium, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    chromiumVersion = `${chromium} (version unknown)`;
  }
  let load = '';
  try {
    load = execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).trim().split(' ').slice(0, 3).join(' ');
  } catch {
    load = 'n/a';
  }
  return {
    cores: `${cpus().length} (nproc)`,
    cpu: cpus()[0]?.model ?? 'unknown',
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    chromium: chromiumVersion,
    os: `${process.platform} ${process.arch}`,
    'load average at start': load,
  };
}

const fmt = (n: number): string => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const verdict = (f: Figure): string => (f.met === null ? 'reported' : f.met ? 'MET' : 'MISSED');

function table(figures: Figure[]): string {
  const head = '| id | figure | measured | baseline | ratio | target | result | notes |\n|---|---|---|---|---|---|---|---|';
  const rows = figures.map(
    (f) =>
      `| ${f.id} | ${f.what} | ${fmt(f.value)} ${f.unit} | ${fmt(f.baseline)} ${f.unit} | ${fmt(f.ratio)}x | ${f.target} | ${verdict(f)} | ${f.note ?? ''} |`,
  );
  return [head, ...rows].join('\n');
}

async function main(): Promise<void> {
  const started = new Date();
  const env = machine();
  const doc = makeDoc(sizes.agents, sizes.grantsPerAgent);
  const figures: Figure[] = [];
  if (values['browser-only']) {
    // Iterating on the renderer: reuse a data folder kept by an earlier run (--keep).
    figures.push(
      ...(await benchBrowser({
        serveJs: join(root, 'dist/serve/serve.mjs'),
        bareDir: values.bare ?? '',
        dataDir: values['browser-only'],
        doc,
        quick: !!values.quick,
      })),
    );
    process.stdout.write(`\n${table(figures)}\n`);
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'ar-bench-'));
  log(`data folder ${dataDir}; sizes ${JSON.stringify(sizes)}`);
  const { ctx, call } = context(dataDir);
  const docFile = big ? join(dataDir, 'organisation.json') : undefined;
  if (docFile) log(`wrote ${(writeDocFile(doc, docFile) / 1048576).toFixed(0)} MB to ${docFile}`);
  const { figure, workspaceId } = await benchImport(ctx, call, doc, docFile ? { file: docFile, rounds: 1 } : {});
  if (docFile) rmSync(docFile);
  figures.push(figure);
  log(`seeded ${await seedAnswers(ctx, call, workspaceId)} answers`);
  figures.push(...(await benchScoring(ctx, call, workspaceId, sizes.agents)));
  figures.push(...(await benchEdits(ctx, call, workspaceId, dataDir, 200)));
  const drillId = await seedDrills(ctx, call, workspaceId, sizes);
  const events = ctx.workspace(workspaceId).db.prepare('SELECT count(*) AS n FROM drill_events').get() as { n: number };
  log(`seeded ${sizes.drills} drills, ${events.n} events`);
  figures.push(...(await benchAppend(call, dataDir, workspaceId, drillId, values.quick ? 500 : 3000)));
  if (!values['no-pdf']) figures.push(await benchPdf(ctx, call, sizes.pdfAgents));
  if (big) {
    const ws = ctx.workspace(workspaceId);
    figures.push(storageFigure(ws.file, sizes.agents * sizes.grantsPerAgent, () => ws.db.pragma('wal_checkpoint(TRUNCATE)')));
    const self = peakRssMb(undefined);
    log(`bench process (the app's services in-process for P1-P5) peak RSS ${self.toFixed(0)} MB`);
    figures.push({
      id: 'P8a',
      what: 'bench process peak RSS (VmHWM): the app in-process for P1-P3, P7, plus the generated document and raw rows',
      value: self,
      baseline: 1536,
      unit: 'MB',
      ratio: self / 1536,
      target: 'report',
      met: null,
      note: 'the generator holds the 1M-grant document and the raw baseline rows in the same process',
    });
  }
  if (values.activity) {
    const dbFile = ctx.workspace(workspaceId).file;
    ctx.workspaces.closeAll(); // the CLI imports in its own process
    const cli = join(root, 'dist/serve/cli.mjs');
    figures.push(...(await benchActivity({ cli, dbFile, dir: dataDir, events: values.quick ? 100_000 : 1_000_000 })));
  }
  ctx.workspaces.lastOpened = workspaceId;
  ctx.workspaces.closeAll();
  // The back-end figures so far, in case the browser phase fails (its data folder is then kept).
  log(`back-end figures:\n${table(figures)}`);
  if (!values['no-browser']) {
    figures.push(
      ...(await benchBrowser({
        serveJs: join(root, 'dist/serve/serve.mjs'),
        bareDir: values.bare ?? '',
        dataDir,
        doc,
        quick: !!values.quick,
      })),
    );
  }
  const seconds = ((Date.now() - started.getTime()) / 1000).toFixed(0);
  const size = `${sizes.agents} agents, ${sizes.agents * sizes.grantsPerAgent} grants, ${sizes.drills} drills with ${sizes.drills * sizes.eventsPerDrill} events (PDF: ${sizes.pdfAgents} agents)`;
  const out = table(figures);
  process.stdout.write(`\nAgent Readiness benchmark${values.quick ? ' (QUICK sizes: not for the record)' : ''}: ${size}\n\n${out}\n\n`);
  const missed = figures.filter((f) => f.met === false).map((f) => f.id);
  process.stdout.write(missed.length ? `Targets missed: ${missed.join(', ')}\n` : 'All targets met.\n');
  if (values.out) {
    const md = [
      `## Run of ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC${values.quick ? ' (quick sizes)' : ''}`,
      '',
      `Workspace: ${size}. Total run time ${seconds} s.`,
      '',
      '| machine | |\n|---|---|',
      ...Object.entries(env).map(([k, v]) => `| ${k} | ${v} |`),
      '',
      out,
      '',
    ].join('\n');
    writeFileSync(values.out, md);
    log(`wrote ${values.out}`);
  }
  if (!values.keep) rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
