import { z } from 'zod';
import { classifyTool } from '../classify';
import type { ActivityEvent, ParseContext, ParsedBatch, RecordParser, SourcePosition } from '../model';
import { keptTarget } from '../redact';
import { asStrings, compact, DENIED_TEXT, eventBatch, isoTime, mergeBatches, positionId, readRecord } from './common';
import { flatLogRecords, LogsData } from './otlp-attributes';
import { commandHead, commandOf, decidedBy, jsonAttribute, ToolCallJoiner } from './tool-calls';

const Line = z.union([LogsData, z.record(z.string(), z.unknown())]);

/**
 * Codex CLI telemetry (reference section 6): codex.tool_decision (approved, approved_for_session,
 * denied, abort; source config or user) and codex.tool_result joined by call_id. `output` is never read.
 */
export function createCodexTelemetryParser(ctx: ParseContext): RecordParser {
  const joiner = new ToolCallJoiner();

  function base(a: Record<string, string>, pos: SourcePosition): ActivityEvent {
    const command = commandOf(jsonAttribute(a['arguments']));
    const tool = a['tool_name'] ?? 'unknown';
    const classified = classifyTool(tool, command);
    return {
      id: a['call_id'] !== undefined ? `codex-telemetry:${a['call_id']}` : positionId(pos),
      correlation: a['call_id'] !== undefined ? `tool:${a['call_id']}` : null,
      format: 'codex-telemetry',
      time: isoTime(a['event.timestamp']),
      actor: compact({
        agentName: ctx.sourceAgentName ?? a['service.name'] ?? 'codex',
        username: a['user.email'] ?? a['user.account_id'],
        sessionId: a['conversation.id'],
      }),
      env: compact({ environmentName: a['environment'] ?? a['env'] ?? a['deployment.environment'] }),
      action: a['mcp_server'] !== undefined ? `mcp ${a['mcp_server']}/${tool}` : tool,
      target: command !== null ? keptTarget(commandHead(command)) : null,
      actionClass: classified.actionClass,
      classWhy: classified.why,
      outcome: 'unknown',
      outcomeWhy: 'a decision without a tool_result',
      approval: null,
      source: pos,
    };
  }

  function one(a: Record<string, string>, pos: SourcePosition): ParsedBatch {
    const name = a['event.name'] ?? '';
    const callId = a['call_id'] ?? positionId(pos);
    if (name === 'codex.tool_decision') {
      const approved = a['decision'] === 'approved' || a['decision'] === 'approved_for_session';
      const source = a['source'] ?? 'unspecified';
      return joiner.hold(callId, {
        ...base(a, pos),
        approval: {
          decision: approved ? 'approved' : 'rejected',
          by: decidedBy(source),
          source: `tool_decision ${a['decision'] ?? '?'} (${source})`,
        },
      });
    }
    if (name === 'codex.tool_result') {
      const ok = a['success'] === 'true';
      return joiner.result(
        callId,
        ok ? 'success' : DENIED_TEXT.test(a['error'] ?? '') ? 'denied' : 'error',
        `tool_result success=${a['success'] ?? '?'}`,
        base(a, pos),
      );
    }
    return eventBatch();
  }

  return {
    format: 'codex-telemetry',
    record(text, pos): ParsedBatch {
      const read = readRecord(text, pos, Line, 'Codex telemetry line');
      if (!read.ok) return read.batch;
      const value = read.value;
      if ('resourceLogs' in value && Array.isArray(value.resourceLogs)) {
        return mergeBatches(flatLogRecords(value as z.infer<typeof LogsData>).map((r, i) => one(r, { ...pos, record: i })));
      }
      const nested = value['attributes'];
      const flat = asStrings(value);
      return one(
        typeof nested === 'object' && nested !== null && !Array.isArray(nested)
          ? { ...flat, ...asStrings(nested as Record<string, unknown>) }
          : flat,
        pos,
      );
    },
    finish: () => joiner.flush(),
  };
}
