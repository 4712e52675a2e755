import { boundedUnzip } from '../transfer-zip';
import { zipStored } from './zip';

/**
 * Chromium writes the print time into a PDF's Info dictionary (/CreationDate and /ModDate); it is
 * the only thing that differs between two prints of the same HTML. In a pack both are set to the
 * pack's own time (the assessment's finalisation time), so the same assessment gives the same PDF.
 * The replacement has exactly the same length ("D:" + 14 digits + "+HH'MM'"), so the byte offsets
 * in the PDF's cross-reference table stay valid.
 */
const PDF_DATE = /\/(CreationDate|ModDate) \(D:\d{14}[+-]\d{2}'\d{2}'\)/g;

export function pdfDate(at: Date): string {
  const iso = at.toISOString(); // 2026-06-01T10:00:00.000Z
  return `D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}+00'00'`;
}

export function normalisePdfDates(pdf: Buffer, at: Date): Buffer {
  const text = pdf.toString('latin1');
  const fixed = text.replace(PDF_DATE, (_m, key: string) => `/${key} (${pdfDate(at)})`);
  if (fixed.length !== text.length) return pdf; // never shift offsets; cannot happen with the pattern above
  return Buffer.from(fixed, 'latin1');
}

/**
 * The DOCX library writes the build time into docProps/core.xml (dcterms:created and
 * dcterms:modified) and into every ZIP entry's header. In a pack both are set to the pack's own time:
 * core.xml carries it, and the parts are written again, in the same order, as a stored ZIP with fixed
 * entry times (zip.ts). The same assessment then gives the same DOCX bytes, which Word and
 * LibreOffice open like the original.
 */
const CORE_DATE = /(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g;

export function normaliseDocx(docx: Buffer, at: Date): Buffer {
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const parts = boundedUnzip(docx).map((e) =>
    e.name === 'docProps/core.xml'
      ? {
          path: e.name,
          bytes: Buffer.from(
            e.data.toString('utf8').replace(CORE_DATE, (_m, open: string, _k, close: string) => `${open}${stamp}${close}`),
          ),
        }
      : { path: e.name, bytes: e.data },
  );
  return zipStored(parts);
}
