import { describe, expect, it } from 'vitest';
import { bidiSegments, hasBidiControls, revealBidiControls } from '../../../core/common/bidi';
import { esc, escMd } from '../../../core/report/escape';

const DISGUISED = 'invoice\u202Egpj.exe';

describe('bidi controls in user text are made visible', () => {
  it('replaces a right-to-left override with a visible marker, so the name cannot pass for "...exe.jpg"', () => {
    expect(hasBidiControls(DISGUISED)).toBe(true);
    const shown = revealBidiControls(DISGUISED);
    expect(shown).toBe('invoice[RLO]gpj.exe');
    expect(hasBidiControls(shown)).toBe(false);
  });

  it('names every embedding, override, isolate and mark control', () => {
    const all = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C';
    expect(revealBidiControls(all)).toBe('[LRE][RLE][PDF][LRO][RLO][LRI][RLI][FSI][PDI][LRM][RLM][ALM]');
  });

  it('leaves ordinary right-to-left text alone (Hebrew and Arabic names are not suspicious)', () => {
    expect(revealBidiControls('סוכן חיוב')).toBe('סוכן חיוב');
    expect(revealBidiControls('وكيل الفوترة')).toBe('وكيل الفوترة');
    expect(bidiSegments('plain')).toEqual([{ text: 'plain', control: false }]);
  });

  it('splits text into runs a renderer can mark up', () => {
    expect(bidiSegments('a\u202Eb')).toEqual([
      { text: 'a', control: false },
      { text: '[RLO]', control: true, name: 'RLO', codePoint: 'U+202E' },
      { text: 'b', control: false },
    ]);
  });

  it('is applied by the report escapers, so HTML/PDF and Markdown reports show the marker too', () => {
    expect(esc(`<b>${DISGUISED}</b>`)).toBe('&lt;b&gt;invoice[RLO]gpj.exe&lt;/b&gt;');
    expect(escMd(DISGUISED)).not.toContain('\u202E');
  });
});
