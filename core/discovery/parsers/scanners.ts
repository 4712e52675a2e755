import { z } from 'zod';
import type { ReadContext } from '../read-context';
import { normaliseServer, ToolAnnotationsSchema } from '../server';
import { parseJsonc } from '../syntax';
import type { DiscoveredAgent, DiscoveredServer, DiscoveredSource, DiscoveredTool, Fingerprinter } from '../types';
import { clientAgent, isObject, runParser } from './source';

/** What the scanners call each client, in the words our users know. */
export const CLIENT_NAMES: Record<string, string> = {
  claude: 'Claude Desktop',
  'claude-desktop': 'Claude Desktop',
  'claude-code': 'Claude Code',
  cursor: 'Cursor',
  vscode: 'VS Code',
  windsurf: 'Windsurf',
  'gemini-cli': 'Gemini CLI',
  gemini: 'Gemini CLI',
  codex: 'Codex CLI',
  continue: 'Continue',
};
const clientName = (c: string | null | undefined): string => (c ? (CLIENT_NAMES[c] ?? c) : 'Unknown client');

const Tool = z.looseObject({ name: z.string().min(1).max(300), annotations: ToolAnnotationsSchema.nullish() });
const ToolList = z.array(z.unknown()).max(5000);

function tools(value: unknown, path: (string | number)[], ctx: ReadContext, labelled: Map<number, string[]>): DiscoveredTool[] {
  const list = ctx.check(ToolList, value ?? [], path) ?? [];
  return list.flatMap((t, i) => {
    const tool = ctx.check(Tool, t, [...path, i]);
    if (!tool) return [];
    const a = tool.annotations ?? {};
    const annotations = {
      ...(a.readOnlyHint !== undefined && { readOnlyHint: a.readOnlyHint }),
      ...(a.destructiveHint !== undefined && { destructiveHint: a.destructiveHint }),
      ...(a.idempotentHint !== undefined && { idempotentHint: a.idempotentHint }),
      ...(a.openWorldHint !== undefined && { openWorldHint: a.openWorldHint }),
    };
    return [{ name: tool.name, annotations, labels: [...new Set(labelled.get(i) ?? [])].sort() }];
  });
}

const SnykServer = z.looseObject({
  name: z.string().nullish(),
  server: z.unknown().optional(),
  signature: z.looseObject({ tools: z.unknown().optional() }).nullish(),
  entities: z.array(z.looseObject({ name: z.string(), type: z.string().optional() })).optional(),
});
const SnykPath = z.looseObject({
  client: z.string().nullish(),
  path: z.string().nullish(),
  servers: z.array(z.unknown()).nullish(),
  server_risks: z.array(z.unknown()).nullish(),
  issues: z.array(z.looseObject({ code: z.string(), reference: z.array(z.number().nullable()).nullish() })).nullish(),
});
/** Issue codes for destructive capabilities (docs/issue-codes.md): they label the tool they point at. */
const DESTRUCTIVE_CODES = new Set(['W019', 'W020']);

function snykPath(result: unknown, path: (string | number)[], ctx: ReadContext): DiscoveredAgent | null {
  const r = ctx.check(SnykPath, result, path);
  if (!r) return null;
  const labels = new Map<string, string[]>();
  for (const issue of r.issues ?? []) {
    const [s, t] = issue.reference ?? [];
    if (typeof s === 'number' && DESTRUCTIVE_CODES.has(issue.code)) {
      const key = `${s}:${typeof t === 'number' ? t : '*'}`;
      labels.set(key, [...(labels.get(key) ?? []), 'destructive']);
    }
  }
  const servers: DiscoveredServer[] = [];
  const entries = r.servers ?? r.server_risks ?? [];
  const listKey = r.servers ? 'servers' : 'server_risks';
  entries.forEach((entry, s) => {
    const at = [...path, listKey, s];
    const e = ctx.check(SnykServer, entry, at);
    if (!e) return;
    const byTool = new Map<number, string[]>();
    for (const [key, l] of labels) {
      const [si, ti] = key.split(':');
      if (Number(si) === s && ti !== '*') byTool.set(Number(ti), l);
    }
    const found = e.signature
      ? tools(e.signature.tools, [...at, 'signature', 'tools'], ctx, byTool)
      : tools(
          (e.entities ?? []).filter((x) => (x.type ?? 'tool') === 'tool'),
          [...at, 'entities'],
          ctx,
          byTool,
        );
    const server = normaliseServer(e.name ?? `server ${s + 1}`, e.server ?? {}, [...at, 'server'], ctx, { tools: found });
    if (server) servers.push(server);
  });
  return clientAgent(clientName(r.client), r.client ?? 'unknown', servers, { where: r.path ?? '' });
}

/** Snyk agent-scan / mcp-scan `--json`: v0.5 (a map keyed by config path) and v0.6+ (`scan_path_responses`). */
export function parseSnyk(fileName: string, text: string, fp: Fingerprinter): DiscoveredSource {
  return runParser('snyk-agent-scan', fileName, text, fp, (ctx, body) => {
    const doc = parseJsonc(body);
    if (!isObject(doc)) {
      ctx.problem([], 'expected an object keyed by config path');
      return {};
    }
    if (Array.isArray(doc.scan_path_responses))
      return { agents: doc.scan_path_responses.flatMap((r, i) => snykPath(r, ['scan_path_responses', i], ctx) ?? []) };
    return { agents: Object.keys(doc).flatMap((key) => snykPath(doc[key], [key], ctx) ?? []) };
  });
}

const BomServer = z.looseObject({ name: z.string().min(1).max(300), tools: z.unknown().optional() });
const BomAgent = z.looseObject({
  name: z.string().min(1).max(300),
  agent_type: z.string().nullish(),
  type: z.string().nullish(),
  mcp_servers: z.array(z.unknown()).max(2000).default([]),
});
const AiBom = z.looseObject({ document_type: z.literal('AI-BOM'), agents: z.array(z.unknown()).max(10_000) });

/** agent-bom's AI-BOM JSON (contracts/v1/scan-report.schema.json): `agents[].mcp_servers[]`. */
export function parseAgentBom(fileName: string, text: string, fp: Fingerprinter): DiscoveredSource {
  return runParser('agent-bom', fileName, text, fp, (ctx, body) => {
    const doc = ctx.check(AiBom, parseJsonc(body), []);
    if (!doc) return {};
    const agents = doc.agents.flatMap((a, i) => {
      const agent = ctx.check(BomAgent, a, ['agents', i]);
      if (!agent) return [];
      const servers = agent.mcp_servers.flatMap((s, j) => {
        const at = ['agents', i, 'mcp_servers', j];
        const entry = ctx.check(BomServer, s, at);
        if (!entry) return [];
        const found = tools(entry.tools, [...at, 'tools'], ctx, new Map());
        return normaliseServer(entry.name, s, at, ctx, { tools: found }) ?? [];
      });
      return [clientAgent(agent.name, agent.agent_type ?? agent.type ?? 'agent-bom', servers, { where: `agents[${i}]` })];
    });
    return { agents };
  });
}
