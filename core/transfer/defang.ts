/**
 * CSV/spreadsheet formula-injection defence (OWASP "CSV Injection"): a text cell that begins with
 * = + - @ tab, CR or LF could be run as a formula by Excel/LibreOffice/Sheets. We prefix it with a
 * single quote, which spreadsheets show as text and never evaluate.
 */
const DANGEROUS_START = /^[=+\-@\t\r\n]/;

export const isDangerousCell = (s: string): boolean => DANGEROUS_START.test(s);

export const defangCell = (s: string): string => (DANGEROUS_START.test(s) ? `'${s}` : s);

/** Numbers, booleans and null are data, not text: only strings are defanged. */
export function defangValue(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v;
  return defangCell(String(v));
}
