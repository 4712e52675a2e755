import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { AppError } from '../../core/common/errors';
import type { exportFileChannels } from '../../core/transfer/export-file-contract';
import { exportFileName } from '../../core/transfer/filename';
import { defangValue } from '../../core/transfer/defang';
import { openExportReader } from '../store/transfer/export-reader';
import { workspaceJsonPieces } from '../store/transfer/workspace-json-stream';
import type { ServiceContext } from './context';
import { streamedDatasets, type StreamedDataset } from './export-sources';
import type { Handlers } from './handler-types';
import { sheetName, targetInside, TMP_FLAGS } from './transfer-write';
import { APP_VERSION } from './version';

/**
 * Exports written to disk as they are read (issue 16 §2): CSV, XLSX (exceljs' streaming
 * WorkbookWriter) and the full workspace JSON, from an export reader's snapshot, into a temp file
 * beside the destination that is fsynced and renamed at the end, so a crash leaves either the old
 * file or the whole new one, never half of it. Nothing but the current row and a write buffer is held.
 */

/** Bytes gathered before a write: big enough that writes are few, small enough to stay flat at 1M rows. */
const FLUSH_BYTES = 1 << 20;
/** Rows between turns of the event loop, so exceljs' zip stream drains to disk while rows are added. */
const XLSX_YIELD_ROWS = 2000;

type Written = { rows: number; bytes: number };

/** Where the file goes: the CLI names a folder; the desktop app asks with its save dialog; other doors refuse. */
async function destination(ctx: ServiceContext, fileName: string, dir: string | undefined): Promise<string | null> {
  if (ctx.mode === 'cli') {
    if (!dir)
      throw new AppError('VALIDATION', 'Say which folder to write the export to.', { issues: [{ path: 'dir', message: 'Required' }] });
    return resolve(dir, fileName);
  }
  if (dir !== undefined) throw new AppError('REFUSED', 'Only the command line writes an export to a folder it names.');
  if (!ctx.saveDialog)
    throw new AppError('REFUSED', 'Exports to a file are made by the desktop app or the command line; download instead.');
  return ctx.saveDialog(fileName);
}

/** Writes through a temp file beside `path`, renamed over it once complete and fsynced. */
async function atomically(path: string, write: (tmp: string) => Promise<number>): Promise<Written & { path: string }> {
  const { target, tmp } = targetInside(dirname(path), basename(path));
  try {
    const rows = await write(tmp);
    const fh = await open(tmp, 'r+');
    let bytes = 0;
    try {
      await fh.sync();
      bytes = (await fh.stat()).size;
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
    return { rows, bytes, path: target };
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Text pieces to a new file, gathered into ~1 MB writes. */
async function writeText(tmp: string, pieces: Iterable<string>): Promise<void> {
  const fh = await open(tmp, TMP_FLAGS, 0o644);
  try {
    let buf: string[] = [];
    let size = 0;
    const flush = async () => {
      const chunk = Buffer.from(buf.join(''), 'utf8');
      buf = [];
      size = 0;
      await fh.write(chunk);
    };
    for (const p of pieces) {
      buf.push(p);
      size += p.length;
      if (size >= FLUSH_BYTES) await flush();
    }
    await flush();
  } finally {
    await fh.close();
  }
}

const CSV_OPTIONS = { newline: '\r\n', quotes: false, escapeFormulae: false } as const;

/** The same bytes as datasetToCsv (BOM, CRLF, defanged cells, a final CRLF), a line at a time. */
function* csvPieces(d: StreamedDataset, count: () => void): Generator<string> {
  yield `\ufeff${Papa.unparse([d.columns.map((c) => String(defangValue(c)))], CSV_OPTIONS)}\r\n`;
  let rows = 0;
  for (const r of d.rows()) {
    count();
    rows++;
    yield `${Papa.unparse([r.map((v) => defangValue(v))], CSV_OPTIONS)}\r\n`;
  }
  // The in-memory writer's file for an empty table ends with a blank line (Papa ends a lone header with one): kept identical.
  if (rows === 0) yield '\r\n';
}

async function writeXlsx(tmp: string, sets: StreamedDataset[]): Promise<number> {
  const fh = await open(tmp, TMP_FLAGS, 0o644);
  await fh.close(); // created exclusively here; exceljs writes into it
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useStyles: true, useSharedStrings: false });
  wb.creator = 'Agent Readiness';
  wb.created = new Date(0);
  wb.modified = new Date(0);
  let rows = 0;
  for (const d of sets) {
    const ws = wb.addWorksheet(sheetName(d.title), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = d.columns.map((c) => ({ header: c, width: Math.min(60, Math.max(12, c.length + 4)) }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    for (const r of d.rows()) {
      ws.addRow(r.map((v) => (v === null ? null : typeof v === 'number' ? v : String(v)))).commit();
      if (++rows % XLSX_YIELD_ROWS === 0) await new Promise((done) => setImmediate(done));
    }
    ws.commit();
  }
  await wb.commit();
  return rows;
}

export const exportFileHandlers: Handlers<typeof exportFileChannels> = {
  'export:dataFile': async (ctx, { workspaceId, dataset, format, dir }) => {
    const ws = ctx.workspace(workspaceId);
    if (format === 'csv' && (dataset === 'inventory' || dataset === 'all'))
      throw new AppError('VALIDATION', 'CSV holds one table: choose a single dataset, or XLSX for several.', {
        issues: [{ path: 'dataset', message: 'Choose one dataset for CSV' }],
      });
    const fileName = exportFileName(`${ws.name} ${dataset} ${ctx.now().toISOString().slice(0, 10)}`, format);
    const path = await destination(ctx, fileName, dir);
    if (!path) return { saved: false, path: null, rows: 0, bytes: 0 };
    const reader = openExportReader(ws.file);
    try {
      const sets = streamedDatasets(reader.db, ws, ctx.now(), dataset, format === 'xlsx');
      const done = await atomically(path, async (tmp) => {
        if (format === 'xlsx') return writeXlsx(tmp, sets);
        let rows = 0;
        await writeText(
          tmp,
          csvPieces(sets[0]!, () => rows++),
        );
        return rows;
      });
      return { saved: true, ...done };
    } finally {
      reader.close();
    }
  },
  'export:workspaceFile': async (ctx, { workspaceId, dir }) => {
    const ws = ctx.workspace(workspaceId);
    const fileName = exportFileName(`${ws.name} workspace ${ctx.now().toISOString().slice(0, 10)}`, 'json', 'workspace');
    const path = await destination(ctx, fileName, dir);
    if (!path) return { saved: false, path: null, rows: 0, bytes: 0 };
    const reader = openExportReader(ws.file);
    try {
      let rows = 0;
      const done = await atomically(path, async (tmp) => {
        await writeText(
          tmp,
          workspaceJsonPieces(reader.db, ws, ctx.now(), APP_VERSION, () => rows++),
        );
        return rows;
      });
      return { saved: true, ...done };
    } finally {
      reader.close();
    }
  },
};
