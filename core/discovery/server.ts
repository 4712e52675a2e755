import { z } from 'zod';
import { type PathPart, type ReadContext, formatPath } from './read-context';
import { namedValue, redactArgs, redactUrl } from './secrets';
import type { ApprovalSetting, CredentialRef, DiscoveredServer, DiscoveredTool, NamedValue, Transport } from './types';

const Scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const StringMap = z.record(z.string(), Scalar);
const StringList = z.array(z.string().max(4000)).max(500);

/**
 * One MCP server entry as the clients write it. Claude Desktop, Claude Code, Cursor, Windsurf, VS Code,
 * Gemini CLI and Codex share most keys; each adds a few. Unknown keys are kept out of the result but
 * never refused: clients add keys every release.
 */
export const McpServerEntry = z.looseObject({
  command: z.union([z.string(), z.array(z.string())]).optional(),
  args: StringList.optional(),
  env: StringMap.optional(),
  environment: StringMap.optional(),
  url: z.string().optional(),
  serverUrl: z.string().optional(),
  httpUrl: z.string().optional(),
  type: z.string().optional(),
  transport: z.string().optional(),
  headers: StringMap.optional(),
  http_headers: StringMap.optional(),
  bearer_token_env_var: z.string().optional(),
  disabled: z.boolean().optional(),
  enabled: z.boolean().optional(),
  autoApprove: StringList.optional(),
  alwaysAllow: StringList.optional(),
  trust: z.boolean().optional(),
  includeTools: StringList.optional(),
  excludeTools: StringList.optional(),
  enabled_tools: StringList.optional(),
  disabled_tools: StringList.optional(),
});
export type McpServerEntry = z.output<typeof McpServerEntry>;

function transportOf(entry: McpServerEntry, url: string | null): Transport {
  const t = (entry.type ?? entry.transport ?? '').toLowerCase();
  if (t === 'stdio' || t === 'local') return 'stdio';
  if (t === 'sse') return 'sse';
  if (t === 'http' || t === 'streamable-http' || t === 'streamablehttp' || t === 'remote') return 'http';
  if (entry.httpUrl) return 'http';
  if (url) return /\/sse\/?$/.test(url) ? 'sse' : 'http';
  return entry.command ? 'stdio' : 'unknown';
}

export function namedValues(
  map: Record<string, string> | undefined,
  path: readonly PathPart[],
  kind: 'env' | 'header',
  ctx: ReadContext,
): { values: NamedValue[]; credentials: CredentialRef[] } {
  const values: NamedValue[] = [];
  const credentials: CredentialRef[] = [];
  for (const name of Object.keys(map ?? {}).sort()) {
    const r = namedValue(name, map![name]!, formatPath([...path, name]), kind, ctx.fingerprint);
    values.push(r.value);
    credentials.push(...r.credentials);
  }
  return { values, credentials };
}

/** Normalises one server entry; `extra` carries what a format adds (tools from a scanner, project, approvals). */
export function normaliseServer(
  name: string,
  raw: unknown,
  path: readonly PathPart[],
  ctx: ReadContext,
  extra: { project?: string | null; tools?: DiscoveredTool[]; approvals?: ApprovalSetting[] } = {},
): DiscoveredServer | null {
  const entry = ctx.check(McpServerEntry, raw, path);
  if (!entry) return null;
  const where = formatPath(path);
  const commandParts = Array.isArray(entry.command) ? entry.command : entry.command ? [entry.command] : [];
  const args = redactArgs([...commandParts.slice(1), ...(entry.args ?? [])], `${where}.args`, ctx.fingerprint);
  const rawUrl = entry.url ?? entry.serverUrl ?? entry.httpUrl ?? null;
  const url = rawUrl === null ? null : redactUrl(rawUrl);
  const credentials: CredentialRef[] = [...args.credentials];
  for (const s of url?.secrets ?? [])
    credentials.push({ fingerprint: ctx.fingerprint(s.value), label: `${s.label} (url)`, where: `${where}.url` });
  const env = namedValues({ ...entry.environment, ...entry.env }, [...path, 'env'], 'env', ctx);
  const headers = namedValues({ ...entry.http_headers, ...entry.headers }, [...path, 'headers'], 'header', ctx);
  credentials.push(...env.credentials, ...headers.credentials);
  if (entry.bearer_token_env_var)
    env.values.push({ name: entry.bearer_token_env_var, reference: `$${entry.bearer_token_env_var}`, fingerprint: null, redacted: null });

  const approvals: ApprovalSetting[] = [...(extra.approvals ?? [])];
  const autoApprove = entry.autoApprove ?? entry.alwaysAllow;
  if (autoApprove && autoApprove.length > 0)
    approvals.push({
      setting: entry.autoApprove ? 'autoApprove' : 'alwaysAllow',
      value: autoApprove.join(', ').slice(0, 400),
      tools: autoApprove,
      where: `${where}.${entry.autoApprove ? 'autoApprove' : 'alwaysAllow'}`,
    });
  if (entry.trust !== undefined) approvals.push({ setting: 'trust', value: String(entry.trust), tools: [], where: `${where}.trust` });

  return {
    name,
    project: extra.project ?? null,
    transport: transportOf(entry, rawUrl),
    command: commandParts[0] ?? null,
    args: args.args,
    url: url ? url.text : rawUrl === null ? null : '***',
    env: env.values,
    headers: headers.values,
    credentials,
    tools: extra.tools ?? [],
    includeTools: entry.includeTools ?? entry.enabled_tools ?? null,
    excludeTools: entry.excludeTools ?? entry.disabled_tools ?? [],
    approvals,
    enabled: entry.disabled !== true && entry.enabled !== false,
    where,
  };
}

/** A `{ NAME: entry }` map of servers (every client but Continue). Bad entries are reported and skipped. */
export function serverMap(
  value: unknown,
  path: readonly PathPart[],
  ctx: ReadContext,
  extra: { project?: string | null } = {},
): DiscoveredServer[] {
  const map = ctx.check(z.record(z.string(), z.unknown()), value, path);
  if (!map) return [];
  return Object.keys(map)
    .sort()
    .flatMap((name) => normaliseServer(name, map[name], [...path, name], ctx, extra) ?? []);
}

export const ToolAnnotationsSchema = z.looseObject({
  readOnlyHint: z.boolean().optional(),
  destructiveHint: z.boolean().optional(),
  idempotentHint: z.boolean().optional(),
  openWorldHint: z.boolean().optional(),
});
