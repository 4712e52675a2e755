/**
 * Bidirectional-text controls in user-typed or file-carried text. A right-to-left override
 * (U+202E) in "invoice\u202Egpj.exe" makes it display as "invoiceexe.jpg": isolation alone keeps
 * the reordering from leaking into the text around a name, but not from disguising the name
 * itself. So the controls are shown as visible markers, and the name is also isolated where it is
 * rendered (`<bdi>` in the renderer and in the HTML report).
 */

/** Embedding, override and isolate controls, and the invisible direction marks. */
const BIDI_CONTROLS: Record<string, string> = {
  '\u061C': 'ALM',
  '\u200E': 'LRM',
  '\u200F': 'RLM',
  '\u202A': 'LRE',
  '\u202B': 'RLE',
  '\u202C': 'PDF',
  '\u202D': 'LRO',
  '\u202E': 'RLO',
  '\u2066': 'LRI',
  '\u2067': 'RLI',
  '\u2068': 'FSI',
  '\u2069': 'PDI',
};

export const BIDI_CONTROL_RE = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export type TextSegment = { text: string; control: false } | { text: string; control: true; name: string; codePoint: string };

export const hasBidiControls = (s: string): boolean => new RegExp(BIDI_CONTROL_RE.source).test(s);

const codePointOf = (ch: string): string => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Splits text into plain runs and bidi controls, so a renderer can show each control as a marker. */
export function bidiSegments(s: string): TextSegment[] {
  const out: TextSegment[] = [];
  let last = 0;
  for (const m of s.matchAll(BIDI_CONTROL_RE)) {
    if (m.index > last) out.push({ text: s.slice(last, m.index), control: false });
    const ch = m[0];
    out.push({
      text: `[${BIDI_CONTROLS[ch] ?? codePointOf(ch)}]`,
      control: true,
      name: BIDI_CONTROLS[ch] ?? '',
      codePoint: codePointOf(ch),
    });
    last = m.index + ch.length;
  }
  if (last < s.length) out.push({ text: s.slice(last), control: false });
  return out;
}

/** The text with every bidi control replaced by a visible marker: "invoice[RLO]gpj.exe". */
export const revealBidiControls = (s: string): string =>
  hasBidiControls(s)
    ? bidiSegments(s)
        .map((x) => x.text)
        .join('')
    : s;
