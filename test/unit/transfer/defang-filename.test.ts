import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defangCell, defangValue, isDangerousCell } from '../../../core/transfer/defang';
import { exportFileName, sanitizeFileName } from '../../../core/transfer/filename';

describe('CSV defanging', () => {
  it('prefixes every dangerous first character with a quote and leaves the rest alone', () => {
    for (const p of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '\nx']) {
      expect(defangCell(p)).toBe(`'${p}`);
      expect(isDangerousCell(defangCell(p))).toBe(false);
    }
    for (const ok of ['Billing', ' =not first', "'quoted", '', '1']) expect(defangCell(ok)).toBe(ok);
    expect(defangValue(-5)).toBe(-5);
    expect(defangValue(Number.NaN)).toBeNull();
    expect(defangValue(null)).toBeNull();
  });
  it('never leaves a dangerous cell (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => !isDangerousCell(defangCell(s)) && defangCell(s).endsWith(s)),
      { seed: 42, numRuns: 2000 },
    );
  });
});

describe('file names', () => {
  const cases = [
    '../../x',
    '..\\..\\x',
    '/etc/passwd',
    'C:\\Windows\\system32',
    'CON',
    'nul.txt',
    'LPT1',
    'a\u0000b',
    'x'.repeat(300),
    'evil\u202Etxt.exe',
    '.',
    '..',
    '',
    '   ',
    'a/b/c',
    'Report: Q1 <final>?',
  ];
  it('cannot contain separators, control or bidi characters, reserved names, or be empty', () => {
    for (const c of cases) {
      const s = sanitizeFileName(c);
      expect(s, c).not.toMatch(/[/\\\u0000-\u001f\u202a-\u202e<>:"|?*]/);
      expect(s, c).not.toMatch(/^\.+$/);
      expect(s.length, c).toBeGreaterThan(0);
      expect(s.length, c).toBeLessThanOrEqual(120);
      expect(/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(s), c).toBe(false);
    }
    expect(exportFileName('Acme / Ops', 'pdf')).toBe('Acme _ Ops.pdf');
    expect(exportFileName('x'.repeat(400), 'docx')).toMatch(/^x+\.docx$/);
  });
  it('holds for any input (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
        const n = sanitizeFileName(s);
        return n.length > 0 && n.length <= 120 && !/[/\\\u0000]/.test(n) && n !== '.' && n !== '..';
      }),
      { seed: 7, numRuns: 1000 },
    );
  });
});
