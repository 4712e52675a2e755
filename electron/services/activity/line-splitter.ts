/**
 * Cuts a text stream into lines (LF or CRLF). A line longer than `maxLineChars` is dropped and
 * reported, and reading goes on at the next newline, so one huge line cannot exhaust memory.
 */
export class LineSplitter {
  private pieces: string[] = [];
  private chars = 0;
  private oversized = false;
  private line = 1;

  constructor(
    private readonly maxLineChars: number,
    private readonly onLine: (text: string, line: number) => void,
    private readonly onOversize: (line: number, chars: number) => void,
  ) {}

  push(chunk: string): void {
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', from);
      if (nl === -1) break;
      this.take(chunk.slice(from, nl));
      this.finishLine();
      from = nl + 1;
    }
    if (from < chunk.length) this.take(chunk.slice(from));
  }

  end(): void {
    if (this.chars > 0 || this.pieces.length > 0) this.finishLine();
  }

  private take(text: string): void {
    this.chars += text.length;
    if (this.oversized) return;
    if (this.chars > this.maxLineChars) {
      this.oversized = true;
      this.pieces = [];
      return;
    }
    this.pieces.push(text);
  }

  private finishLine(): void {
    const line = this.line++;
    if (this.oversized) this.onOversize(line, this.chars);
    else {
      const text = this.pieces.length === 1 ? (this.pieces[0] ?? '') : this.pieces.join('');
      this.onLine(text.endsWith('\r') ? text.slice(0, -1) : text, line);
    }
    this.pieces = [];
    this.chars = 0;
    this.oversized = false;
  }
}
