import type { ActivityEvent, Approval, ApprovalBy, Outcome, ParsedBatch } from '../model';
import { eventBatch } from './common';

/** A tool call waits this many at most for its result; past it the oldest is emitted with outcome unknown. */
const MAX_WAITING = 50_000;

/**
 * Agent clients log a call, its approval decision and its result as separate records joined by a
 * call id (Claude Code tool_use_id, Codex call_id). The joiner holds each call until its result
 * arrives, so one event carries the decision and the outcome together.
 */
export class ToolCallJoiner {
  private readonly waiting = new Map<string, ActivityEvent>();

  /** A call or an accepted decision: hold it for its result. A rejection is final at once. */
  hold(callId: string, event: ActivityEvent): ParsedBatch {
    if (event.approval?.decision === 'rejected') {
      this.waiting.delete(callId);
      return eventBatch({ ...event, outcome: 'denied', outcomeWhy: `rejected by ${event.approval.by} (${event.approval.source})` });
    }
    const earlier = this.waiting.get(callId);
    this.waiting.set(callId, earlier ? { ...earlier, ...event, approval: event.approval ?? earlier.approval, id: earlier.id } : event);
    if (this.waiting.size <= MAX_WAITING) return eventBatch();
    const oldest = this.waiting.keys().next();
    if (oldest.done === true) return eventBatch();
    const evicted = this.waiting.get(oldest.value);
    this.waiting.delete(oldest.value);
    return evicted ? eventBatch(evicted) : eventBatch();
  }

  /** The result of a call: merge it with what waited, or stand alone when the call was not seen. */
  result(callId: string, outcome: Outcome, outcomeWhy: string, standalone: ActivityEvent, approval: Approval | null = null): ParsedBatch {
    const held = this.waiting.get(callId);
    this.waiting.delete(callId);
    if (!held) return eventBatch({ ...standalone, outcome, outcomeWhy, approval: standalone.approval ?? approval });
    return eventBatch({
      ...held,
      target: held.target ?? standalone.target,
      outcome,
      outcomeWhy,
      approval: held.approval ?? approval,
      // a decision without the details flag has no command; the result may have it
      ...(held.classWhy.startsWith('no rule matched tool') && !standalone.classWhy.startsWith('no rule matched tool')
        ? { actionClass: standalone.actionClass, classWhy: standalone.classWhy, action: standalone.action }
        : {}),
    });
  }

  flush(): ParsedBatch {
    const events = [...this.waiting.values()];
    this.waiting.clear();
    return { events, issues: [] };
  }
}

/** Claude Code's decision sources (reference section 5) and Codex's (section 6) to who decided. */
export function decidedBy(source: string | undefined): ApprovalBy {
  if (source === undefined) return 'policy';
  if (/^user/.test(source)) return 'human';
  if (source === 'hook') return 'hook';
  return 'policy';
}

/** Parses a JSON-string attribute (tool_parameters, arguments) without ever keeping it. */
export function jsonAttribute(text: string | undefined): Record<string, unknown> | null {
  if (text === undefined) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The shell command a tool call ran, from the usual argument shapes: a string, or argv like ["bash","-lc","..."]. */
export function commandOf(args: Record<string, unknown> | null): string | null {
  if (!args) return null;
  const value = args['full_command'] ?? args['command'] ?? args['cmd'];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    const argv = value as string[];
    const shell = argv.findIndex((v) => v === '-c' || v === '-lc');
    return shell >= 0 && argv[shell + 1] !== undefined ? argv.slice(shell + 1).join(' ') : argv.join(' ');
  }
  return null;
}

/** The first words of a command: enough for a reviewer to see what ran, redacted later like any kept text. */
export const commandHead = (command: string): string => command.trim().split(/\s+/).slice(0, 12).join(' ');

/** The SQL a database tool ran ({sql} or {query} arguments), read only to classify it. */
export function sqlOf(args: Record<string, unknown> | null): string | null {
  const value = args?.['sql'] ?? args?.['query'] ?? args?.['statement'];
  return typeof value === 'string' ? value : null;
}
