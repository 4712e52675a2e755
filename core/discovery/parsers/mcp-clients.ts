import { z } from 'zod';
import { serverMap } from '../server';
import { parseJsonc } from '../syntax';
import type { DiscoveredSource, Fingerprinter, SourceFormat } from '../types';
import { clientAgent, runParser } from './source';

/** Clients that keep `{ "mcpServers": { NAME: {...} } }` and nothing else that matters to us. */
const MCP_SERVERS_CLIENTS = {
  'claude-desktop': { name: 'Claude Desktop', client: 'claude-desktop' },
  cursor: { name: 'Cursor', client: 'cursor' },
  windsurf: { name: 'Windsurf', client: 'windsurf' },
  'claude-code-project': { name: 'Claude Code', client: 'claude-code' },
  'mcp-json': { name: 'MCP client', client: 'mcp-json' },
} as const satisfies Partial<Record<SourceFormat, { name: string; client: string }>>;
export type McpServersFormat = keyof typeof MCP_SERVERS_CLIENTS;

const McpServersFile = z.looseObject({ mcpServers: z.unknown().optional() });

const PROJECT_DIRS = new Set(['.cursor', '.vscode', '.gemini', '.codex', '.continue', '.claude', '.windsurf']);

/**
 * A project config (.cursor/mcp.json, .mcp.json, .vscode/mcp.json) is scoped to the folder that holds
 * it; the same file name in a home folder (~/.cursor/mcp.json, C:\Users\ana\.cursor) is user-wide.
 */
export function projectOf(fileName: string): string | null {
  const sep = fileName.includes('\\') && !fileName.includes('/') ? '\\' : '/';
  const parts = fileName.split(/[\\/]/);
  const end = parts[parts.length - 1] === '.mcp.json' ? parts.length - 1 : parts.findIndex((p) => PROJECT_DIRS.has(p));
  if (end <= 0) return null;
  const folder = parts.slice(0, end);
  const isHome = (folder.length === 1 && folder[0] === '~') || /^(home|Users)$/i.test(folder[folder.length - 2] ?? '');
  return isHome ? null : folder.join(sep);
}

export function parseMcpServersFile(format: McpServersFormat, fileName: string, text: string, fp: Fingerprinter): DiscoveredSource {
  const who = MCP_SERVERS_CLIENTS[format];
  return runParser(format, fileName, text, fp, (ctx, body) => {
    const file = ctx.check(McpServersFile, parseJsonc(body), []);
    if (!file) return {};
    if (file.mcpServers === undefined) ctx.problem([], 'no "mcpServers" section: no servers to read');
    const servers = file.mcpServers === undefined ? [] : serverMap(file.mcpServers, ['mcpServers'], ctx, { project: projectOf(fileName) });
    return { agents: [clientAgent(who.name, who.client, servers)] };
  });
}

const VsCodeFile = z.looseObject({
  servers: z.unknown().optional(),
  /** settings.json keeps the same shape under "mcp". */
  mcp: z.looseObject({ servers: z.unknown().optional() }).optional(),
  inputs: z.array(z.looseObject({ id: z.string(), type: z.string().optional(), password: z.boolean().optional() })).optional(),
});

/** VS Code `.vscode/mcp.json` or user `mcp.json`: JSONC, `servers`, and `inputs` that the editor prompts for. */
export function parseVsCode(fileName: string, text: string, fp: Fingerprinter): DiscoveredSource {
  return runParser('vscode', fileName, text, fp, (ctx, body) => {
    const file = ctx.check(VsCodeFile, parseJsonc(body), []);
    if (!file) return {};
    const at = file.servers !== undefined ? ['servers'] : ['mcp', 'servers'];
    const value = file.servers ?? file.mcp?.servers;
    if (value === undefined) ctx.problem([], 'no "servers" section: no servers to read');
    const servers = value === undefined ? [] : serverMap(value, at, ctx, { project: projectOf(fileName) });
    return { agents: [clientAgent('VS Code', 'vscode', servers)] };
  });
}

const GeminiFile = z.looseObject({ mcpServers: z.unknown().optional() });

/** Gemini CLI settings.json: `mcpServers` with `trust`, `includeTools`, `excludeTools`, `httpUrl`. */
export function parseGemini(fileName: string, text: string, fp: Fingerprinter): DiscoveredSource {
  return runParser('gemini', fileName, text, fp, (ctx, body) => {
    const file = ctx.check(GeminiFile, parseJsonc(body), []);
    if (!file) return {};
    const servers = file.mcpServers === undefined ? [] : serverMap(file.mcpServers, ['mcpServers'], ctx, { project: projectOf(fileName) });
    return { agents: [clientAgent('Gemini CLI', 'gemini', servers)] };
  });
}
