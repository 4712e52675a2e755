/**
 * Finds the top-level elements of one JSON array in a stream of text, without parsing the whole
 * document: `{"Records":[...]}` (key "Records"), lookup-events `{"Events":[...]}`, or a bare `[...]`
 * (key null). It tracks depth, strings and escapes only; each element's text goes to `onElement`,
 * which JSON.parses it alone. Memory is bounded by the largest element, not the file.
 */
export type ElementSink = (text: string, line: number, index: number) => void;
export type OversizeSink = (line: number, index: number, chars: number) => void;

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;
const NEWLINE = 10;
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

export class JsonArraySplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private line = 1;
  private mode: 'seek' | 'array' | 'done' = 'seek';
  private arrayDepth = -1;
  /** Depth-1 string being read in seek mode, to recognise the key (bounded: keys are short). */
  private keyText: string | null = null;
  private lastKey: string | null = null;
  private sawColon = false;
  private pieces: string[] = [];
  private elementChars = 0;
  private elementLine = 0;
  private inElement = false;
  private oversized = false;
  private index = 0;

  constructor(
    private readonly key: string | null,
    private readonly maxElementChars: number,
    private readonly onElement: ElementSink,
    private readonly onOversize: OversizeSink,
  ) {}

  /** True once the array was found; false at the end means the file had none. */
  get foundArray(): boolean {
    return this.mode !== 'seek';
  }

  get elements(): number {
    return this.index;
  }

  push(chunk: string): void {
    let start = this.inElement ? 0 : -1;
    const n = chunk.length;
    let i = this.inString ? this.skipString(chunk, 0) : 0;
    while (i < n) {
      if (this.mode === 'done') return;
      const c = chunk.charCodeAt(i);
      if (c === NEWLINE) {
        this.line++;
        i++;
        continue;
      }
      if (this.mode === 'seek') {
        if (c === QUOTE) {
          this.keyText = this.depth === 1 ? '' : null;
          this.sawColon = false;
          this.inString = true;
          i = this.skipString(chunk, i + 1);
          continue;
        }
        this.seek(c);
        i++;
        continue;
      }
      if (!this.inElement) {
        if (isSpace(c) || c === COMMA) {
          i++;
          continue;
        }
        if (c === CLOSE_BRACKET && this.depth === this.arrayDepth) {
          this.depth--;
          this.mode = 'done';
          return;
        }
        this.inElement = true;
        this.elementLine = this.line;
        this.elementChars = 0;
        this.oversized = false;
        start = i;
      }
      if (c === QUOTE) {
        this.inString = true;
        i = this.skipString(chunk, i + 1);
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (this.depth === this.arrayDepth) {
          // a scalar element ended by the array's own close
          this.emit(chunk, start, i);
          this.depth--;
          this.mode = 'done';
          return;
        }
        this.depth--;
        if (this.depth === this.arrayDepth) {
          this.emit(chunk, start, i + 1);
          start = -1;
        }
      } else if (c === COMMA && this.depth === this.arrayDepth) {
        this.emit(chunk, start, i);
        start = -1;
      }
      i++;
    }
    if (this.inElement && start >= 0) this.keep(chunk.slice(start));
  }

  /**
   * Skips the rest of a string from `from` (just after its opening quote, or the chunk start when the
   * string began in an earlier chunk) with indexOf, since most of a log's bytes are inside strings.
   * Returns the index after the closing quote, or the chunk length when the string goes on.
   */
  private skipString(chunk: string, from: number): number {
    let scan = from;
    if (this.escaped) {
      if (from >= chunk.length) return chunk.length;
      this.escaped = false;
      scan = from + 1;
    }
    const lower = scan;
    for (;;) {
      const quote = chunk.indexOf('"', scan);
      const end = quote === -1 ? chunk.length : quote;
      let backslashes = 0;
      for (let k = end - 1; k >= lower && chunk.charCodeAt(k) === BACKSLASH; k--) backslashes++;
      if (quote === -1) {
        this.escaped = backslashes % 2 === 1;
        if (this.keyText !== null && this.keyText.length < 64) this.keyText += chunk.slice(from, Math.min(chunk.length, from + 64));
        return chunk.length;
      }
      if (backslashes % 2 === 1) {
        scan = quote + 1;
        continue;
      }
      this.inString = false;
      if (this.keyText !== null) {
        this.lastKey = (this.keyText + chunk.slice(from, Math.min(quote, from + 64))).slice(0, 64);
        this.keyText = null;
      }
      return quote + 1;
    }
  }

  private seek(c: number): void {
    if (c === COLON) this.sawColon = true;
    else if (c === OPEN_BRACKET) {
      this.depth++;
      const wanted = this.key === null ? this.depth === 1 : this.depth === 2 && this.sawColon && this.lastKey === this.key;
      if (wanted) {
        this.mode = 'array';
        this.arrayDepth = this.depth;
      }
    } else if (c === OPEN_BRACE) this.depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) this.depth--;
    else if (c === COMMA) this.lastKey = null;
  }

  private keep(text: string): void {
    this.elementChars += text.length;
    if (this.oversized) return;
    if (this.elementChars > this.maxElementChars) {
      this.oversized = true;
      this.pieces = [];
      return;
    }
    this.pieces.push(text);
  }

  private emit(chunk: string, start: number, end: number): void {
    this.keep(chunk.slice(Math.max(start, 0), end));
    const index = this.index++;
    this.inElement = false;
    if (this.oversized) this.onOversize(this.elementLine, index, this.elementChars);
    else this.onElement(this.pieces.length === 1 ? (this.pieces[0] ?? '') : this.pieces.join(''), this.elementLine, index);
    this.pieces = [];
  }
}
