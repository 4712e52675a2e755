import type { ActivityFormat, Framing } from './model';

export type Detected = { format: ActivityFormat; framing: Framing; why: string } | { format: null; why: string };

const has = (text: string, re: RegExp): boolean => re.test(text);

/**
 * Which format a file is, from its name and its first bytes (a few KB are enough), and how the reader
 * must cut it into records. Content wins over the name: a renamed file is still read right.
 */
export function detectActivityFormat(fileName: string, firstBytes: string): Detected {
  const name = fileName.toLowerCase();
  const head = firstBytes.replace(/^\uFEFF/, '').trimStart();
  if (has(head, /^\{\s*"Records"\s*:\s*\[/) || (has(head, /"Records"\s*:\s*\[/) && has(head, /"eventSource"|"eventVersion"/)))
    return { format: 'cloudtrail', framing: { kind: 'array', key: 'Records' }, why: 'a {"Records":[...]} CloudTrail file' };
  if (has(head, /"Events"\s*:\s*\[/) && has(head, /"EventName"|"CloudTrailEvent"|"EventId"/))
    return { format: 'cloudtrail-lookup', framing: { kind: 'array', key: 'Events' }, why: 'aws cloudtrail lookup-events output' };
  if (has(head, /"apiVersion"\s*:\s*"audit\.k8s\.io\//))
    return { format: 'k8s-audit', framing: { kind: 'lines' }, why: 'audit.k8s.io events, one per line' };
  if (has(head, /"resourceSpans"\s*:/))
    return { format: 'otlp-traces', framing: { kind: 'lines' }, why: 'OTLP JSON traces (collector file exporter)' };
  if (has(head, /claude_code\.|"claude-code(-desktop)?"|"event\.name"\s*:\s*"tool_(decision|result)"/))
    return { format: 'claude-code-telemetry', framing: { kind: 'lines' }, why: 'Claude Code telemetry events' };
  if (has(head, /codex\.(tool_decision|tool_result|conversation_starts|api_request|sse_event|user_prompt)/))
    return { format: 'codex-telemetry', framing: { kind: 'lines' }, why: 'Codex CLI telemetry events' };
  if (has(head, /^\{\s*"timestamp"\s*:[^\n]*"type"\s*:\s*"(session_meta|response_item|turn_context|event_msg)"/))
    return { format: 'codex-rollout', framing: { kind: 'lines' }, why: 'a Codex CLI rollout (session file)' };
  if (has(head, /"parentUuid"\s*:/) && has(head, /"sessionId"\s*:/))
    return { format: 'claude-code-transcript', framing: { kind: 'lines' }, why: 'a Claude Code session transcript' };
  if (has(head, /"action"\s*:\s*"[a-z_]+\.[a-z_.]+"/) && has(head, /"_document_id"|"@timestamp"|"actor"\s*:/))
    return head.startsWith('[')
      ? { format: 'github-audit', framing: { kind: 'array', key: null }, why: 'a GitHub audit log JSON export' }
      : { format: 'github-audit', framing: { kind: 'lines' }, why: 'GitHub audit log entries, one per line' };
  const firstLine = head.split('\n', 1)[0] ?? '';
  if (has(firstLine, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?( [A-Z]{2,5}|[+-]\d\d)?,("[^"]*"|[^,]*),/))
    return { format: 'postgres-csvlog', framing: { kind: 'lines' }, why: 'a PostgreSQL csvlog file' };
  if (has(head, /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d.*\[\d+\].*(LOG|ERROR|STATEMENT):\s/m))
    return { format: 'postgres-log', framing: { kind: 'lines' }, why: 'a PostgreSQL text log (pgAudit or log_statement lines)' };
  if (/_cloudtrail_.*\.json(\.gz)?$/.test(name))
    return { format: 'cloudtrail', framing: { kind: 'array', key: 'Records' }, why: 'a CloudTrail file name' };
  return {
    format: null,
    why: `${fileName}: not a known activity-log format (CloudTrail, Kubernetes audit, PostgreSQL, OTLP, Claude Code, Codex, GitHub)`,
  };
}
