import { describe, expect, it } from 'vitest';
import { normalisePdfDates, pdfDate } from '../../../electron/services/pack/normalise';

describe('PDF print-time normalisation', () => {
  const head = (at: string) => `%PDF-1.4\n1 0 obj\n<</Producer (Skia/PDF m120)\n/CreationDate (D:${at})\n/ModDate (D:${at})>>\nendobj\n`;
  it('sets both dates to the pack time without changing the length', () => {
    const a = Buffer.from(head("20261202180313+00'00'"), 'latin1');
    const b = Buffer.from(head("20261202190316+01'00'"), 'latin1');
    const at = new Date('2026-06-01T10:00:00.000Z');
    const na = normalisePdfDates(a, at);
    expect(na.length).toBe(a.length);
    expect(na.equals(normalisePdfDates(b, at))).toBe(true);
    expect(na.toString('latin1')).toContain(`/CreationDate (${pdfDate(at)})`);
    expect(pdfDate(at)).toBe("D:20260601100000+00'00'");
  });
  it('leaves a PDF without those dates unchanged', () => {
    const pdf = Buffer.from('%PDF-1.7\n%%EOF\n', 'latin1');
    expect(normalisePdfDates(pdf, new Date(0)).equals(pdf)).toBe(true);
  });
});
