import type { ParsedBatch, RecordParser } from '../model';
import { eventBatch, isoTime, issueBatch } from './common';
import { type PgFacts, PendingStatements, pgErrorOutcome, pgEvent, splitCsv, sqlHead } from './postgres-common';

/**
 * PostgreSQL text logs with pgAudit `AUDIT:` lines and `log_statement` `statement:` lines (reference
 * section 3). The prefix is configurable, so it is read loosely: a timestamp first, `[pid]`, and the
 * user and database from `user=`/`db=`, `user@db`, or the README's '%m %u %d [%p]: ' order.
 */
const LINE =
  /^(\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?(?:\s?(?:[A-Z]{2,5}|[+-]\d\d(?::?\d\d)?))?)\s*(.*?)\[(\d+)\][:\s]*(.*?)(LOG|ERROR|STATEMENT|FATAL|WARNING|DETAIL|HINT|NOTICE|INFO|PANIC|CONTEXT|DEBUG\d?):\s+(.*)$/;

function factsOf(time: string, around: string): PgFacts {
  const text = around.replace(/[,:]+\s*$/, '').trim();
  const user = /\buser=([^,\s]+)/.exec(text)?.[1];
  const db = /\bdb=([^,\s]+)/.exec(text)?.[1];
  const app = /\bapp=([^,\s]+)/.exec(text)?.[1];
  if (user !== undefined || db !== undefined) return { time: isoTime(time), user, database: db, application: app };
  const at = /(\S+)@(\S+)/.exec(text);
  if (at) return { time: isoTime(time), user: at[1], database: at[2] };
  const [first, second] = text.split(/\s+/).filter((t) => t !== '' && t !== '-');
  return { time: isoTime(time), user: first, database: second };
}

export function createPostgresLogParser(): RecordParser {
  const pending = new PendingStatements();
  const lastError = new Map<string, { outcome: 'denied' | 'error'; why: string }>();
  return {
    format: 'postgres-log',
    record(text, pos): ParsedBatch {
      if (text.trim() === '' || /^\s/.test(text)) return eventBatch(); // a statement's continuation line
      const m = LINE.exec(text);
      if (!m) return issueBatch(pos, 'not a PostgreSQL log line (expected a timestamp, [pid] and a level)');
      const [, time = '', before = '', pid = '', after = '', level = '', message = ''] = m;
      const facts = factsOf(time, `${before} ${after}`);
      if (level === 'LOG' && message.startsWith('AUDIT: ')) {
        const fields = splitCsv(message.slice('AUDIT: '.length));
        if (fields.length < 8) return issueBatch(pos, 'pgAudit line: fewer than 8 fields after AUDIT:');
        const [auditType = '', , , auditClass = '', command = '', , objectName = ''] = fields;
        const event = pgEvent(
          'postgres-log',
          facts,
          command,
          objectName || sqlHead(fields[7] ?? '').object,
          pos,
          `pgAudit ${auditType} ${auditClass}; no ERROR followed`,
        );
        return pending.start(pid, event);
      }
      const statement = /^(?:duration: [\d.]+ ms\s+)?(?:statement|execute [^:]*): (.*)$/.exec(message);
      if (level === 'LOG' && statement) {
        const head = sqlHead(statement[1] ?? '');
        return pending.start(pid, pgEvent('postgres-log', facts, head.command, head.object, pos, 'log_statement; no ERROR followed'));
      }
      if (level === 'ERROR' || level === 'FATAL') {
        const sqlState = /\b([0-9A-Z]{5})\b/.exec(after)?.[1];
        const outcome = pgErrorOutcome(sqlState, message);
        const why = `${level} ${outcome === 'denied' ? 'permission denied' : 'reported'} on ${pos.file} line ${pos.line}`;
        const failed = pending.fail(pid, outcome, why);
        if (failed) return failed;
        lastError.set(pid, { outcome, why });
        return eventBatch();
      }
      if (level === 'STATEMENT') {
        // With log_statement off, the failed statement is known only from the STATEMENT line after its ERROR.
        const error = lastError.get(pid);
        if (!error) return eventBatch();
        lastError.delete(pid);
        const head = sqlHead(message);
        return eventBatch({ ...pgEvent('postgres-log', facts, head.command, head.object, pos, error.why), outcome: error.outcome });
      }
      return eventBatch();
    },
    finish: () => pending.flush(),
  };
}
