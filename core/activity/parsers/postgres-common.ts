import { classifySql } from '../classify';
import type { ActivityEvent, Outcome, ParsedBatch, SourcePosition } from '../model';
import { keptTarget } from '../redact';
import { compact, eventBatch, positionId } from './common';

/** Splits one CSV record (RFC 4180 quoting, "" for a quote). Used for csvlog rows and pgAudit payloads. */
export function splitCsv(text: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

const COMMAND_HEADS =
  /^(DROP|TRUNCATE|DELETE|INSERT|UPDATE|SELECT|GRANT|REVOKE|CREATE|ALTER|COPY|WITH|MERGE|VACUUM|EXPLAIN|SHOW|SET|BEGIN|COMMIT|ROLLBACK)\b(\s+(TABLE|DATABASE|SCHEMA|ROLE|USER|INDEX|VIEW|FUNCTION|SEQUENCE|EXTENSION|MATERIALIZED VIEW|DEFAULT PRIVILEGES))?/i;

/**
 * The command words and the object name of a statement. Only these are kept: the statement itself
 * may carry passwords (ALTER ROLE ... PASSWORD) or customer data, so it never leaves this function.
 */
export function sqlHead(sql: string): { command: string; object: string | null } {
  const text = sql.trim().replace(/\s+/g, ' ');
  const head = COMMAND_HEADS.exec(text);
  const command = head ? head[0].toUpperCase() : (text.split(' ')[0] ?? '').toUpperCase().slice(0, 30);
  const object =
    /^(?:DROP|TRUNCATE|CREATE|ALTER)\s+(?:TABLE|DATABASE|SCHEMA|ROLE|USER|INDEX|VIEW|FUNCTION|SEQUENCE|EXTENSION|MATERIALIZED VIEW)\s+(?:IF (?:NOT )?EXISTS\s+)?([\w."]+)/i.exec(
      text,
    )?.[1] ??
    /^(?:DELETE FROM|INSERT INTO|UPDATE|TRUNCATE|COPY)\s+(?:ONLY\s+)?([\w."]+)/i.exec(text)?.[1] ??
    /^(?:GRANT|REVOKE)\s.*?\s(?:ON\s+(?:TABLE\s+)?([\w."]+)|TO\s+([\w"]+)|FROM\s+([\w"]+))/i
      .exec(text)
      ?.slice(1)
      .find((g) => g !== undefined) ??
    /\bFROM\s+([\w."]+)/i.exec(text)?.[1] ??
    null;
  return { command, object: object === null ? null : object.replace(/"/g, '') };
}

export type PgFacts = { time: string | null; user?: string; database?: string; application?: string; host?: string };

export function pgEvent(
  format: 'postgres-log' | 'postgres-csvlog',
  facts: PgFacts,
  command: string,
  object: string | null,
  pos: SourcePosition,
  why: string,
): ActivityEvent {
  const classified = classifySql(command);
  return {
    id: positionId(pos),
    correlation: null,
    format,
    time: facts.time,
    actor: compact({ dbRole: facts.user, application: facts.application }),
    env: compact({ database: facts.database, host: facts.host }),
    action: command,
    target: keptTarget(object),
    actionClass: classified.actionClass,
    classWhy: classified.why,
    outcome: 'success',
    outcomeWhy: why,
    approval: null,
    source: pos,
  };
}

/**
 * A statement's result comes on a later line (an ERROR with a SQLSTATE), linked by process or
 * session. Each statement waits here until the next line of its session tells what happened.
 */
const MAX_PENDING_SESSIONS = 10_000;

export class PendingStatements {
  private readonly pending = new Map<string, ActivityEvent>();

  /** A new statement in `session`: the previous one there finished without an error. */
  start(session: string, event: ActivityEvent): ParsedBatch {
    const previous = this.pending.get(session);
    this.pending.delete(session);
    this.pending.set(session, event);
    const out = previous ? [previous] : [];
    // a long log has many sessions that simply ended: past the bound the oldest waiting one is taken as done
    if (this.pending.size > MAX_PENDING_SESSIONS) {
      const [oldest] = this.pending.keys();
      const evicted = oldest === undefined ? undefined : this.pending.get(oldest);
      if (oldest !== undefined) this.pending.delete(oldest);
      if (evicted) out.push(evicted);
    }
    return eventBatch(...out);
  }

  /** An ERROR in `session`: the waiting statement failed. Returns null when nothing waited. */
  fail(session: string, outcome: Outcome, why: string): ParsedBatch | null {
    const event = this.pending.get(session);
    if (!event) return null;
    this.pending.delete(session);
    return eventBatch({ ...event, outcome, outcomeWhy: why });
  }

  flush(): ParsedBatch {
    const events = [...this.pending.values()];
    this.pending.clear();
    return { events, issues: [] };
  }
}

/** SQLSTATE 42501 (insufficient_privilege) and "permission denied" are denials; anything else is an error. */
export const pgErrorOutcome = (sqlState: string | undefined, message: string): 'denied' | 'error' =>
  sqlState === '42501' || /permission denied|must be owner|insufficient.privilege/i.test(message) ? 'denied' : 'error';
