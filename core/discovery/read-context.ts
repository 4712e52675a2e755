import type { z } from 'zod';
import { DISCOVERY_LIMITS } from './syntax';
import type { CredentialRef, Fingerprinter, SourceProblem } from './types';

export type PathPart = string | number;

/**
 * `mcpServers.pg.args[2]`, `projects["/home/ana/app"].mcpServers`: how a user finds the spot in the
 * file. Our own labels ("document 2", "row 5", "line 7") print as they are.
 */
export function formatPath(parts: readonly PathPart[]): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(p) || /^(document|row|line) \d+$/.test(p)) out += out === '' ? p : `.${p}`;
    else out += `[${JSON.stringify(p.slice(0, 200))}]`;
  }
  return out;
}

/** What every parser carries: the file's name, the fingerprinter and the problems found so far. */
export class ReadContext {
  readonly problems: SourceProblem[] = [];
  readonly credentials: CredentialRef[] = [];
  private dropped = 0;

  constructor(
    readonly fileName: string,
    readonly fingerprint: Fingerprinter,
  ) {}

  /** The file's own name, without its folders: messages read "claude_desktop_config.json: mcpServers.pg: ...". */
  get baseName(): string {
    return this.fileName.split(/[\\/]/).pop() || this.fileName;
  }

  problem(path: readonly PathPart[], message: string): void {
    if (this.problems.length >= DISCOVERY_LIMITS.maxProblems) {
      this.dropped++;
      return;
    }
    const at = formatPath(path);
    this.problems.push({ where: at === '' ? this.baseName : `${this.baseName}: ${at}`, message });
  }

  /** Validates one part of the file. A failure is recorded with the field's path and yields null, so the rest still reads. */
  check<S extends z.ZodType>(schema: S, value: unknown, path: readonly PathPart[]): z.output<S> | null {
    const r = schema.safeParse(value);
    if (r.success) return r.data as z.output<S>;
    for (const issue of r.error.issues.slice(0, 20)) {
      const message = issue.message.replace(/^Invalid input:\s*/, '');
      this.problem([...path, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))], message);
    }
    return null;
  }

  finishProblems(): SourceProblem[] {
    if (this.dropped > 0) return [...this.problems, { where: this.baseName, message: `${this.dropped} more problems were not listed` }];
    return this.problems;
  }
}
