import type { ParsedBatch, RecordParser, SourcePosition } from '../model';
import { eventBatch, isoTime, issueBatch } from './common';
import { type PgFacts, PendingStatements, pgErrorOutcome, pgEvent, splitCsv, sqlHead } from './postgres-common';

const MAX_RECORD_CHARS = 1_000_000;
const quoteCount = (text: string): number => text.split('"').length - 1;

/**
 * PostgreSQL csvlog (reference section 3: 26 columns in PG14+, no header; older versions have fewer).
 * A quoted field may hold newlines, so a record can span lines: lines are joined until the quotes balance.
 */
export function createPostgresCsvlogParser(): RecordParser {
  const pending = new PendingStatements();
  let buffer: { text: string; pos: SourcePosition } | null = null;

  function row(text: string, pos: SourcePosition): ParsedBatch {
    const c = splitCsv(text);
    if (c.length < 14) return issueBatch(pos, `csvlog row: ${c.length} columns, expected at least 14`);
    const time = isoTime(c[0]);
    if (time === null) return issueBatch(pos, 'csvlog row: log_time is not a time');
    const facts: PgFacts = { time, user: c[1], database: c[2], application: c[22] };
    const session = c[5] || c[3] || '?';
    const severity = c[11] ?? '';
    const message = c[13] ?? '';
    if (severity === 'LOG' && message.startsWith('AUDIT: ')) {
      const fields = splitCsv(message.slice('AUDIT: '.length));
      const command = fields[4] ?? '';
      return pending.start(session, pgEvent('postgres-csvlog', facts, command, fields[6] || null, pos, 'pgAudit; no ERROR followed'));
    }
    const statement = /^(?:duration: [\d.]+ ms\s+)?(?:statement|execute [^:]*): ([\s\S]*)$/.exec(message);
    if (severity === 'LOG' && statement) {
      const head = sqlHead(statement[1] ?? '');
      return pending.start(session, pgEvent('postgres-csvlog', facts, head.command, head.object, pos, 'log_statement; no ERROR followed'));
    }
    if (severity === 'ERROR' || severity === 'FATAL') {
      const outcome = pgErrorOutcome(c[12], message);
      const why = `${severity} SQLSTATE ${c[12] ?? '?'} in session ${session}`;
      const failed = pending.fail(session, outcome, why);
      if (failed) return failed;
      const query = c[19] ?? '';
      if (query === '') return eventBatch();
      const head = sqlHead(query);
      return eventBatch({ ...pgEvent('postgres-csvlog', facts, head.command, head.object, pos, why), outcome });
    }
    return eventBatch();
  }

  return {
    format: 'postgres-csvlog',
    record(text, pos): ParsedBatch {
      if (buffer === null && text.trim() === '') return eventBatch();
      const joined: { text: string; pos: SourcePosition } = buffer ? { text: `${buffer.text}\n${text}`, pos: buffer.pos } : { text, pos };
      if (quoteCount(joined.text) % 2 === 1) {
        if (joined.text.length > MAX_RECORD_CHARS) {
          buffer = null;
          return issueBatch(joined.pos, `csvlog row: an unclosed quote runs past ${MAX_RECORD_CHARS} characters`);
        }
        buffer = joined;
        return eventBatch();
      }
      buffer = null;
      return row(joined.text, joined.pos);
    },
    finish(): ParsedBatch {
      const open = buffer;
      buffer = null;
      const flushed = pending.flush();
      if (open)
        flushed.issues.push({ file: open.pos.file, line: open.pos.line, message: 'csvlog row: the file ends inside a quoted field' });
      return flushed;
    },
  };
}
