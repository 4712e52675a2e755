import { z } from 'zod';
import { classifyTool } from '../classify';
import type { ActivityEvent, ParseContext, ParsedBatch, RecordParser, SourcePosition } from '../model';
import { keptTarget } from '../redact';
import { asStrings, compact, DENIED_TEXT, eventBatch, isoTime, mergeBatches, positionId, readRecord } from './common';
import { flatLogRecords, LogsData } from './otlp-attributes';
import { commandHead, commandOf, decidedBy, jsonAttribute, ToolCallJoiner } from './tool-calls';

/** A flat event (console exporter or a JSON export of log records): string attributes, loosely. */
const FlatEvent = z.record(z.string(), z.unknown());
const Line = z.union([LogsData, FlatEvent]);

/**
 * Claude Code telemetry (reference section 5): tool_decision and tool_result events joined by
 * tool_use_id. Reads flat JSON lines and the collector's OTLP logs lines alike.
 */
export function createClaudeCodeTelemetryParser(ctx: ParseContext): RecordParser {
  const joiner = new ToolCallJoiner();

  function base(a: Record<string, string>, pos: SourcePosition): ActivityEvent {
    const params = jsonAttribute(a['tool_parameters'] ?? a['tool_input']);
    const command = commandOf(params);
    const mcpServer = typeof params?.['mcp_server_name'] === 'string' ? params['mcp_server_name'] : undefined;
    const mcpTool = typeof params?.['mcp_tool_name'] === 'string' ? params['mcp_tool_name'] : undefined;
    const tool = a['tool_name'] ?? 'unknown';
    const classified = classifyTool(mcpTool ?? tool, command);
    return {
      id: a['tool_use_id'] !== undefined ? `claude-code-telemetry:${a['tool_use_id']}` : positionId(pos),
      correlation: a['tool_use_id'] !== undefined ? `tool:${a['tool_use_id']}` : null,
      format: 'claude-code-telemetry',
      time: isoTime(a['event.timestamp']),
      actor: compact({
        agentName: ctx.sourceAgentName ?? a['service.name'] ?? 'claude-code',
        username: a['user.email'] ?? a['user.account_uuid'] ?? a['user.id'],
        sessionId: a['session.id'],
      }),
      env: compact({ environmentName: a['deployment.environment'] ?? a['environment'], host: a['host.name'] }),
      action: mcpServer !== undefined ? `mcp ${mcpServer}/${mcpTool ?? tool}` : tool,
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
    const name = (a['event.name'] ?? '').replace(/^claude_code\./, '');
    const callId = a['tool_use_id'] ?? positionId(pos);
    if (name === 'tool_decision') {
      const decision = a['decision'] === 'accept' ? 'approved' : 'rejected';
      const source = a['source'] ?? 'unspecified';
      return joiner.hold(callId, {
        ...base(a, pos),
        approval: { decision, by: decidedBy(source), source: `tool_decision ${a['decision'] ?? '?'} (${source})` },
      });
    }
    if (name === 'tool_result') {
      const ok = a['success'] === 'true';
      const errorText = a['error_type'] ?? a['error'] ?? '';
      const outcome = ok ? 'success' : DENIED_TEXT.test(errorText) ? 'denied' : 'error';
      const source = a['decision_source'];
      const approval =
        source !== undefined
          ? { decision: 'approved' as const, by: decidedBy(source), source: `tool_result decision_source ${source}` }
          : null;
      return joiner.result(callId, outcome, `tool_result success=${a['success'] ?? '?'}`, base(a, pos), approval);
    }
    return eventBatch(); // other events (api_request, user_prompt, ...) are not actions on systems
  }

  return {
    format: 'claude-code-telemetry',
    record(text, pos): ParsedBatch {
      const read = readRecord(text, pos, Line, 'Claude Code telemetry line');
      if (!read.ok) return read.batch;
      const value = read.value;
      if ('resourceLogs' in value && Array.isArray(value.resourceLogs)) {
        const records = flatLogRecords(value as z.infer<typeof LogsData>);
        return mergeBatches(records.map((r, i) => one(r, { ...pos, record: i })));
      }
      const flat = asStrings(value);
      // the console exporter nests attributes; a flat export has them at the top
      const nested = value['attributes'];
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
