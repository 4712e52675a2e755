import { z } from 'zod';
import { classifyTool } from '../classify';
import type { ParseContext, ParsedBatch, RecordParser } from '../model';
import { keptTarget } from '../redact';
import { compact, eventBatch, isoTime, readRecord } from './common';
import { commandHead, commandOf, jsonAttribute, ToolCallJoiner } from './tool-calls';

/** One rollout line (reference section 6): {timestamp, type, payload}. */
const RolloutLine = z.looseObject({
  timestamp: z.string().optional(),
  type: z.string({ error: 'missing type' }),
  payload: z
    .looseObject({
      type: z.string().optional(),
      id: z.string().optional(),
      cwd: z.string().optional(),
      name: z.string().optional(),
      arguments: z.string().optional(),
      call_id: z.string().optional(),
      output: z.unknown().optional(),
      approval_policy: z.string().optional(),
    })
    .optional(),
});

/** The function_call_output's exit code and denial marker; the output text itself is never kept. */
function outcomeOf(output: unknown): { outcome: 'success' | 'denied' | 'error'; why: string } {
  const text = typeof output === 'string' ? output : JSON.stringify(output ?? '');
  const parsed = jsonAttribute(text);
  const exit = (parsed?.['metadata'] as { exit_code?: unknown } | undefined)?.exit_code;
  if (/rejected by user|denied by user|user denied|approval denied|not approved/i.test(text))
    return { outcome: 'denied', why: 'the output says the call was not approved' };
  if (typeof exit === 'number')
    return exit === 0 ? { outcome: 'success', why: 'exit code 0' } : { outcome: 'error', why: `exit code ${exit}` };
  return { outcome: 'success', why: 'an output with no exit code' };
}

/**
 * Codex rollouts: function_call items joined with their function_call_output by call_id. Approval
 * is recorded only as a policy (turn_context.approval_policy), so events carry none per call.
 */
export function createCodexRolloutParser(ctx: ParseContext): RecordParser {
  const joiner = new ToolCallJoiner();
  let session: string | undefined;
  let cwd: string | undefined;
  return {
    format: 'codex-rollout',
    record(text, pos): ParsedBatch {
      if (text.trim() === '') return eventBatch();
      const read = readRecord(text, pos, RolloutLine, 'rollout line');
      if (!read.ok) return read.batch;
      const { type, payload, timestamp } = read.value;
      if (type === 'session_meta') {
        session = payload?.id ?? session;
        cwd = payload?.cwd ?? cwd;
        return eventBatch();
      }
      if (type === 'turn_context') {
        cwd = payload?.cwd ?? cwd;
        return eventBatch();
      }
      if (type !== 'response_item' || payload?.call_id === undefined) return eventBatch();
      if (payload.type === 'function_call' || payload.type === 'custom_tool_call' || payload.type === 'local_shell_call') {
        const tool = payload.name ?? payload.type;
        const command = commandOf(jsonAttribute(payload.arguments));
        const classified = classifyTool(tool, command);
        return joiner.hold(payload.call_id, {
          id: `codex-rollout:${payload.call_id}`,
          correlation: `tool:${payload.call_id}`,
          format: 'codex-rollout',
          time: isoTime(timestamp),
          actor: compact({ agentName: ctx.sourceAgentName ?? 'codex', sessionId: session }),
          env: compact({ cwd }),
          action: tool,
          target: command !== null ? keptTarget(commandHead(command)) : null,
          actionClass: classified.actionClass,
          classWhy: classified.why,
          outcome: 'unknown',
          outcomeWhy: 'no function_call_output followed in this file',
          approval: null,
          source: pos,
        });
      }
      if (payload.type === 'function_call_output' || payload.type === 'custom_tool_call_output') {
        const result = outcomeOf(payload.output);
        return joiner.result(payload.call_id, result.outcome, result.why, {
          id: `codex-rollout:${payload.call_id}`,
          correlation: `tool:${payload.call_id}`,
          format: 'codex-rollout',
          time: isoTime(timestamp),
          actor: compact({ agentName: ctx.sourceAgentName ?? 'codex', sessionId: session }),
          env: compact({ cwd }),
          action: 'unknown tool',
          target: null,
          actionClass: 'write',
          classWhy: 'an output whose call was not in this file; treated as a write',
          outcome: result.outcome,
          outcomeWhy: result.why,
          approval: null,
          source: pos,
        });
      }
      return eventBatch();
    },
    finish: () => joiner.flush(),
  };
}
