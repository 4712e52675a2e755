import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { closeSync, constants, fsyncSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { defangValue } from '../../core/transfer/defang';
import type { Dataset } from '../../core/transfer/datasets';
import { sanitizeFileName } from '../../core/transfer/filename';

/** CSV (RFC 4180, CRLF, UTF-8 with BOM so Excel reads accents) with every text cell defanged. */
export function datasetToCsv(d: Dataset): Buffer {
  const csv = Papa.unparse(
    { fields: d.columns.map((c) => String(defangValue(c))), data: d.rows.map((r) => r.map((v) => defangValue(v))) },
    { newline: '\r\n', quotes: false, escapeFormulae: false },
  );
  return Buffer.from(`\ufeff${csv}\r\n`, 'utf8');
}

/** A dataset's title as an XLSX sheet name (no []:*?/\\, at most 31 characters). */
export const sheetName = (title: string): string => title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);

/** XLSX: one sheet per dataset; every value written as a typed string/number, never as a formula. */
export async function datasetsToXlsx(sets: Dataset[], creator = 'Agent Readiness'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = creator;
  wb.created = new Date(0);
  wb.modified = new Date(0);
  for (const d of sets) {
    const ws = wb.addWorksheet(sheetName(d.title));
    ws.columns = d.columns.map((c) => ({ header: c, width: Math.min(60, Math.max(12, c.length + 4)) }));
    ws.getRow(1).font = { bold: true };
    for (const r of d.rows) ws.addRow(r.map((v) => (v === null ? null : typeof v === 'number' ? v : String(v))));
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Where `name` inside `dir` may be written, and a fresh temp name beside it: the name is sanitised,
 * the resolved path must stay inside the real folder, and an existing symlink is never followed.
 */
export function targetInside(dir: string, name: string): { target: string; tmp: string } {
  mkdirSync(dir, { recursive: true });
  const root = realpathSync(resolve(dir));
  const safe = sanitizeFileName(basename(name.replace(/\\/g, '/')), 'export');
  const target = resolve(root, safe);
  if (!target.startsWith(root + sep)) throw new Error(`Refusing to write outside ${root}`);
  try {
    if (lstatSync(target).isSymbolicLink()) throw new Error(`Refusing to overwrite a symbolic link: ${target}`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return { target, tmp: join(root, `.${randomBytes(6).toString('hex')}.tmp`) };
}

/** Opens a temp file for writing; it must not exist (O_EXCL) and is never a followed symlink. */
export const TMP_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/**
 * Writes `content` as `name` inside `dir` and nowhere else (see targetInside); the file is written to
 * a temp name and renamed so a half-written file never appears.
 */
export function writeInside(dir: string, name: string, content: Buffer): string {
  const { target, tmp } = targetInside(dir, name);
  const fd = openSync(tmp, TMP_FLAGS, 0o644);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return target;
}
