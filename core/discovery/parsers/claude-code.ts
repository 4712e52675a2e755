import { z } from 'zod';
import type { ReadContext } from '../read-context';
import { namedValues, serverMap } from '../server';
import { parseJsonc } from '../syntax';
import type { ApprovalSetting, DiscoveredServer, DiscoveredSource, Fingerprinter } from '../types';
import { clientAgent, isObject, runParser } from './source';

const RuleList = z.array(z.string().max(2000)).max(2000);

/** The settings files' `permissions` block (code.claude.com/docs/en/settings). */
const Permissions = z.looseObject({
  allow: RuleList.optional(),
  ask: RuleList.optional(),
  deny: RuleList.optional(),
  defaultMode: z.string().max(60).optional(),
});

export function permissionSettings(value: unknown, path: (string | number)[], ctx: ReadContext): ApprovalSetting[] {
  const p = ctx.check(Permissions, value, path);
  if (!p) return [];
  const at = path.join('.');
  const out: ApprovalSetting[] = [];
  if (p.defaultMode !== undefined)
    out.push({ setting: 'permissions.defaultMode', value: p.defaultMode, tools: [], where: `${at}.defaultMode` });
  for (const list of ['allow', 'ask', 'deny'] as const) {
    const rules = p[list];
    if (rules && rules.length > 0)
      out.push({ setting: `permissions.${list}`, value: `${rules.length} rules`, tools: rules, where: `${at}.${list}` });
  }
  return out;
}

const ClaudeJson = z.looseObject({
  mcpServers: z.unknown().optional(),
  projects: z.record(z.string(), z.unknown()).optional(),
});
const ProjectEntry = z.looseObject({
  mcpServers: z.unknown().optional(),
  /** Older releases kept the tools a user chose "always allow" for, per project. */
  allowedTools: RuleList.optional(),
});

/** `~/.claude.json`: user-wide `mcpServers` and `projects.<absolute path>.mcpServers`. */
export function parseClaudeJson(fileName: string, text: string, fp: Fingerprinter): DiscoveredSource {
  return runParser('claude-code-user', fileName, text, fp, (ctx, body) => {
    const file = ctx.check(ClaudeJson, parseJsonc(body), []);
    if (!file) return {};
    const servers: DiscoveredServer[] = file.mcpServers === undefined ? [] : serverMap(file.mcpServers, ['mcpServers'], ctx);
    const approvals: ApprovalSetting[] = [];
    for (const project of Object.keys(file.projects ?? {}).sort()) {
      const path = ['projects', project];
      const entry = ctx.check(ProjectEntry, file.projects![project], path);
      if (!entry) continue;
      if (entry.mcpServers !== undefined) servers.push(...serverMap(entry.mcpServers, [...path, 'mcpServers'], ctx, { project }));
      if (entry.allowedTools && entry.allowedTools.length > 0)
        approvals.push({
          setting: 'allowedTools',
          value: `${entry.allowedTools.length} tools in ${project}`,
          tools: entry.allowedTools,
          where: `projects[${JSON.stringify(project)}].allowedTools`,
        });
    }
    return { agents: [clientAgent('Claude Code', 'claude-code', servers, { approvals })] };
  });
}

const SettingsFile = z.looseObject({
  permissions: z.unknown().optional(),
  env: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).optional(),
  enableAllProjectMcpServers: z.boolean().optional(),
  mcpServers: z.unknown().optional(),
});

/** `.claude/settings.json`, `settings.local.json`, `~/.claude/settings.json`, `managed-settings.json`. */
export function parseClaudeSettings(fileName: string, text: string, fp: Fingerprinter): DiscoveredSource {
  return runParser('claude-code-settings', fileName, text, fp, (ctx, body) => {
    const raw = parseJsonc(body);
    const file = ctx.check(SettingsFile, raw, []);
    if (!file) return {};
    const approvals = file.permissions === undefined ? [] : permissionSettings(file.permissions, ['permissions'], ctx);
    if (file.enableAllProjectMcpServers)
      approvals.push({ setting: 'enableAllProjectMcpServers', value: 'true', tools: [], where: 'enableAllProjectMcpServers' });
    const env = namedValues(file.env, ['env'], 'env', ctx);
    const servers = isObject(raw) && file.mcpServers !== undefined ? serverMap(file.mcpServers, ['mcpServers'], ctx) : [];
    return { agents: [clientAgent('Claude Code', 'claude-code', servers, { approvals, credentials: env.credentials })] };
  });
}
