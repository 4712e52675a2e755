import type { ActivityFormat, ParseContext, ParsedBatch, SourcePosition } from './model';
import { createParser } from './parsers/index';

/** Feeds in-memory records to a fresh parser and finishes it: for tests and small inputs (the Node reader streams instead). */
export function parseAll(format: ActivityFormat, records: Iterable<{ text: string; pos: SourcePosition }>, ctx: ParseContext): ParsedBatch {
  const parser = createParser(format, ctx);
  const out: ParsedBatch = { events: [], issues: [] };
  const add = (batch: ParsedBatch): void => {
    for (const e of batch.events) out.events.push(e);
    for (const i of batch.issues) out.issues.push(i);
  };
  for (const { text, pos } of records) add(parser.record(text, pos));
  add(parser.finish());
  return out;
}
