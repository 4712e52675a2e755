import { z } from 'zod';
import { classifyTool } from '../classify';
import type { ActivityEvent, ParsedBatch, RecordParser, SourcePosition } from '../model';
import { compact, DENIED_TEXT, eventBatch, isoFromUnixNano, readRecord } from './common';
import { Attributes, flattenAttributes } from './otlp-attributes';

/** One TracesData line from the collector's file exporter (reference section 4), loosely. */
const Span = z.looseObject({
  spanId: z.string().optional(),
  parentSpanId: z.string().optional(),
  name: z.string().optional(),
  startTimeUnixNano: z.union([z.string(), z.number()]).optional(),
  attributes: Attributes,
  status: z.looseObject({ code: z.union([z.number(), z.string()]).optional(), message: z.string().optional() }).optional(),
});
const TracesData = z.looseObject({
  resourceSpans: z.array(
    z.looseObject({
      resource: z.looseObject({ attributes: Attributes }).optional(),
      scopeSpans: z.array(z.looseObject({ spans: z.array(Span).optional() })).optional(),
    }),
  ),
});
type Span = z.infer<typeof Span>;

const isToolSpan = (a: Record<string, string>): boolean =>
  a['gen_ai.operation.name'] === 'execute_tool' || a['mcp.method.name'] === 'tools/call';
const isError = (span: Span, a: Record<string, string>): boolean =>
  span.status?.code === 2 || span.status?.code === 'STATUS_CODE_ERROR' || a['error.type'] !== undefined;

/**
 * GenAI execute_tool and MCP tools/call spans become events. The agent comes from the span's own
 * gen_ai.agent.name or its parent invoke_agent span in the same line, else the resource's service.name.
 * Tool arguments and results (opt-in attributes) are never read: they are where secrets live.
 */
export function createOtlpTracesParser(): RecordParser {
  const agentBySpan = new Map<string, string>();
  return {
    format: 'otlp-traces',
    record(text, pos): ParsedBatch {
      const read = readRecord(text, pos, TracesData, 'OTLP traces line');
      if (!read.ok) return read.batch;
      const events: ActivityEvent[] = [];
      const spans: { span: Span; attrs: Record<string, string>; resource: Record<string, string> }[] = [];
      for (const rs of read.value.resourceSpans) {
        const resource = flattenAttributes(rs.resource?.attributes);
        for (const scope of rs.scopeSpans ?? [])
          for (const span of scope.spans ?? []) {
            const attrs = flattenAttributes(span.attributes);
            const agent = attrs['gen_ai.agent.name'];
            if (agent !== undefined && span.spanId !== undefined) agentBySpan.set(span.spanId, agent);
            spans.push({ span, attrs, resource });
          }
      }
      let n = 0;
      for (const { span, attrs, resource } of spans) {
        if (!isToolSpan(attrs)) continue;
        const tool = attrs['gen_ai.tool.name'] ?? span.name?.replace(/^(execute_tool|tools\/call)\s+/, '') ?? 'unknown';
        const classified = classifyTool(tool, null);
        const failed = isError(span, attrs);
        const errorText = `${attrs['error.type'] ?? ''} ${span.status?.message ?? ''}`;
        const parentAgent = span.parentSpanId !== undefined ? agentBySpan.get(span.parentSpanId) : undefined;
        const at: SourcePosition = { ...pos, record: n };
        events.push({
          id: `otlp-traces:${span.spanId ?? `${pos.file}:${pos.line}.${n}`}`,
          correlation: attrs['gen_ai.tool.call.id'] !== undefined ? `tool:${attrs['gen_ai.tool.call.id']}` : null,
          format: 'otlp-traces',
          time: isoFromUnixNano(span.startTimeUnixNano),
          actor: compact({
            agentName: attrs['gen_ai.agent.name'] ?? parentAgent ?? resource['gen_ai.agent.name'] ?? resource['service.name'],
            sessionId: attrs['gen_ai.conversation.id'] ?? attrs['mcp.session.id'],
          }),
          env: compact({
            host: resource['host.name'],
            namespace: resource['k8s.namespace.name'],
            cluster: resource['k8s.cluster.name'],
            account: resource['cloud.account.id'],
            environmentName: resource['deployment.environment.name'] ?? resource['deployment.environment'],
          }),
          action: attrs['mcp.method.name'] === 'tools/call' ? `mcp tools/call ${tool}` : `execute_tool ${tool}`,
          target: null,
          actionClass: classified.actionClass,
          classWhy: classified.why,
          outcome: failed ? (DENIED_TEXT.test(errorText) ? 'denied' : 'error') : 'success',
          outcomeWhy: failed ? 'span status ERROR or error.type set' : 'span status not ERROR',
          approval: null,
          source: at,
        });
        n++;
      }
      return eventBatch(...events);
    },
    finish: () => eventBatch(),
  };
}
