import { z } from 'zod';
import { classifyTool } from '../classify';
import type { Outcome, ParseContext, ParsedBatch, RecordParser } from '../model';
import { keptTarget } from '../redact';
import { compact, eventBatch, isoTime, mergeBatches, readRecord } from './common';
import { commandHead, commandOf, sqlOf, ToolCallJoiner } from './tool-calls';

/** A transcript line (reference section 5, observed shape; the format is internal and version-dependent). */
const Block = z.looseObject({
  type: z.string(),
  id: z.string().optional(),
  name: z.string().optional(),
  input: z.record(z.string(), z.unknown()).optional(),
  tool_use_id: z.string().optional(),
  is_error: z.boolean().optional(),
  content: z.unknown().optional(),
});
const TranscriptLine = z.looseObject({
  type: z.string({ error: 'missing type' }),
  sessionId: z.string().optional(),
  timestamp: z.string().optional(),
  cwd: z.string().optional(),
  gitBranch: z.string().optional(),
  message: z.looseObject({ content: z.union([z.string(), z.array(Block)]).optional() }).optional(),
});

/** The only rejection marker a transcript has: the text Claude Code puts in the tool_result (undocumented). */
const REJECTED = /doesn't want to proceed with this tool use|tool use was rejected|user rejected/i;
const DENIED = /permission denied|not allowed|forbidden|access denied/i;

/** The result's text, read only to test for the rejection marker, never kept. */
const textOf = (content: unknown): string =>
  typeof content === 'string'
    ? content
    : Array.isArray(content)
      ? content.map((c) => (typeof c === 'object' && c !== null && 'text' in c ? String((c as { text: unknown }).text) : '')).join(' ')
      : '';

/**
 * Claude Code session transcripts: assistant tool_use blocks joined with the next user entry's
 * tool_result by id. The transcript carries no actor: the door passes `sourceAgentName`.
 */
export function createClaudeCodeTranscriptParser(ctx: ParseContext): RecordParser {
  const joiner = new ToolCallJoiner();
  return {
    format: 'claude-code-transcript',
    record(text, pos): ParsedBatch {
      if (text.trim() === '') return eventBatch();
      const read = readRecord(text, pos, TranscriptLine, 'transcript line');
      if (!read.ok) return read.batch;
      const line = read.value;
      const blocks = Array.isArray(line.message?.content) ? line.message.content : [];
      const batches: ParsedBatch[] = [];
      blocks.forEach((block, i) => {
        if (block.type === 'tool_use' && block.id !== undefined) {
          const tool = block.name ?? 'unknown';
          const command = commandOf(block.input ?? null);
          const classified = classifyTool(tool, command, sqlOf(block.input ?? null));
          const path = typeof block.input?.['file_path'] === 'string' ? block.input['file_path'] : null;
          batches.push(
            joiner.hold(block.id, {
              id: `claude-code-transcript:${block.id}`,
              correlation: `tool:${block.id}`,
              format: 'claude-code-transcript',
              time: isoTime(line.timestamp),
              actor: compact({ agentName: ctx.sourceAgentName ?? 'claude-code', sessionId: line.sessionId }),
              env: compact({ cwd: line.cwd, repo: line.gitBranch === undefined ? undefined : `branch ${line.gitBranch}` }),
              action: tool,
              target: keptTarget(command !== null ? commandHead(command) : path),
              actionClass: classified.actionClass,
              classWhy: classified.why,
              outcome: 'unknown',
              outcomeWhy: 'no tool_result followed in this transcript',
              approval: null,
              source: { ...pos, record: i },
            }),
          );
        }
        if (block.type === 'tool_result' && block.tool_use_id !== undefined) {
          const resultText = textOf(block.content);
          const rejected = block.is_error === true && REJECTED.test(resultText);
          const outcome: Outcome = block.is_error !== true ? 'success' : rejected || DENIED.test(resultText) ? 'denied' : 'error';
          const approval = rejected
            ? { decision: 'rejected' as const, by: 'human' as const, source: 'transcript: the user rejected the tool use' }
            : null;
          const standalone = {
            id: `claude-code-transcript:${block.tool_use_id}`,
            correlation: `tool:${block.tool_use_id}`,
            format: 'claude-code-transcript' as const,
            time: isoTime(line.timestamp),
            actor: compact({ agentName: ctx.sourceAgentName ?? 'claude-code', sessionId: line.sessionId }),
            env: compact({ cwd: line.cwd }),
            action: 'unknown tool',
            target: null,
            actionClass: 'write' as const,
            classWhy: 'a tool_result whose tool_use was not in this file; treated as a write',
            outcome,
            outcomeWhy: '',
            approval,
            source: { ...pos, record: i },
          };
          batches.push(
            joiner.result(block.tool_use_id, outcome, `tool_result is_error=${String(block.is_error ?? false)}`, standalone, approval),
          );
        }
      });
      return mergeBatches(batches);
    },
    finish: () => joiner.flush(),
  };
}
