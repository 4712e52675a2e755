import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { IMPORT_LIMITS } from '../../core/transfer/limits';
import { ImportRefused, parseJsonSafe, parseYamlSafe } from '../../core/transfer/safe-parse';
import { boundedUnzip, restoredZip } from './transfer-zip';

export type ImportFormat = 'csv' | 'xlsx' | 'json' | 'yaml';
export type ReadFile =
  | { format: 'json' | 'yaml'; kind: 'document'; data: unknown }
  | { format: 'csv' | 'xlsx'; kind: 'table'; sheets: string[]; sheet: string | null; header: string[]; rows: string[][] };

export function detectFormat(fileName: string, bytes: Buffer): ImportFormat {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const zip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (ext === 'xlsx' || ext === 'xlsm') {
    if (!zip) throw new ImportRefused('The file is named .xlsx but is not an Excel workbook.');
    return 'xlsx';
  }
  if (zip) throw new ImportRefused('This is a ZIP-based file; only .xlsx workbooks are accepted.');
  if (ext === 'json') return 'json';
  if (ext === 'yaml' || ext === 'yml') return 'yaml';
  if (ext === 'csv' || ext === 'txt' || ext === 'tsv') return 'csv';
  if (ext === 'xls') throw new ImportRefused('Old .xls workbooks are not supported: save it as .xlsx or .csv.');
  throw new ImportRefused(`Unsupported file type "${ext ? `.${ext.slice(0, 10)}` : 'no extension'}": use CSV, XLSX, JSON or YAML.`);
}

/** Decodes UTF-8 strictly. UTF-16/32 and binary files are refused with a message that says what to do. */
export function decodeText(bytes: Buffer): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new ImportRefused('The file is encoded as UTF-16. Save it as UTF-8 (in Excel: "CSV UTF-8") and try again.');
  }
  if (bytes.subarray(0, 4096).includes(0)) throw new ImportRefused('The file contains binary data (NUL bytes); it is not a text file.');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportRefused(
      'The file is not valid UTF-8 (it may be in a legacy encoding such as Windows-1252). Save it as UTF-8 and try again.',
    );
  }
  if (text.includes('\u0000')) throw new ImportRefused('The file contains NUL characters; it is not a text file.');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Undoes our own export defanging ('=x -> =x) so an exported file re-imports to the same values. */
const undefang = (s: string): string => (/^'[=+\-@\t\r\n]/.test(s) ? s.slice(1) : s);

function readCsv(text: string): { header: string[]; rows: string[][] } {
  const res = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy', delimiter: '' });
  const fatal = res.errors.find(
    (e) => e.type === 'Quotes' || (e.code === 'UndetectableDelimiter' && res.data.length > 1 && (res.data[0]?.length ?? 0) > 1),
  );
  if (fatal) throw new ImportRefused(`The CSV file is malformed at row ${(fatal.row ?? 0) + 1}: ${fatal.message}.`);
  const [header, ...rows] = res.data;
  if (!header) throw new ImportRefused('The file is empty.');
  return { header: header.map((h) => h.trim()), rows: rows.map((r) => r.map(undefang)) };
}

const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('formula' in v || 'sharedFormula' in v)
      throw new ImportRefused('The workbook contains formulas; paste values only (formulas are never evaluated on import).');
    if ('text' in v) return String(v.text);
    if ('error' in v) return '';
  }
  return String(v);
};

async function readXlsx(
  bytes: Buffer,
  sheetName: string | undefined,
): Promise<{ sheets: string[]; sheet: string; header: string[]; rows: string[][] }> {
  // Inflated here under a hard cap, then handed over uncompressed: exceljs never inflates anything itself.
  const checked = restoredZip(boundedUnzip(bytes));
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(checked as unknown as ArrayBuffer);
  } catch (err) {
    throw new ImportRefused(`The workbook could not be read: ${(err as Error).message.slice(0, 200)}`);
  }
  const sheets = wb.worksheets.map((w) => w.name);
  if (sheets.length === 0) throw new ImportRefused('The workbook has no sheets.');
  const ws = sheetName ? wb.getWorksheet(sheetName) : wb.worksheets[0];
  if (!ws) throw new ImportRefused(`The workbook has no sheet named "${sheetName?.slice(0, 60)}".`);
  if (ws.actualColumnCount > IMPORT_LIMITS.maxColumns)
    throw new ImportRefused(`The sheet has ${ws.actualColumnCount} columns; at most ${IMPORT_LIMITS.maxColumns} are read.`);
  if (ws.rowCount > IMPORT_LIMITS.maxRows + 1)
    throw new ImportRefused(`The sheet has ${ws.rowCount} rows; at most ${IMPORT_LIMITS.maxRows} are imported at once.`);
  const all: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(cellText(row.getCell(c).value));
    all.push(cells);
  });
  const [header, ...rows] = all;
  if (!header) throw new ImportRefused('The sheet is empty.');
  while (header.length && header[header.length - 1] === '') header.pop();
  return { sheets, sheet: ws.name, header: header.map((h) => h.trim()), rows: rows.map((r) => r.slice(0, header.length).map(undefang)) };
}

/** Reads an uploaded file into either a document (JSON/YAML) or a table (CSV/XLSX), enforcing every limit. */
export async function readImportFile(fileName: string, bytes: Buffer, sheet?: string): Promise<ReadFile> {
  if (bytes.length === 0) throw new ImportRefused('The file is empty.');
  if (bytes.length > IMPORT_LIMITS.maxBytes)
    throw new ImportRefused(
      `The file is ${(bytes.length / 1048576).toFixed(1)} MB; at most ${IMPORT_LIMITS.maxBytes / 1048576} MB can be imported.`,
    );
  const format = detectFormat(fileName, bytes);
  if (format === 'xlsx') return { format, kind: 'table', ...(await readXlsx(bytes, sheet)) };
  const text = decodeText(bytes);
  if (format === 'json') return { format, kind: 'document', data: parseJsonSafe(text) };
  if (format === 'yaml') return { format, kind: 'document', data: parseYamlSafe(text) };
  return { format, kind: 'table', sheets: [], sheet: null, ...readCsv(text) };
}
