import { z } from 'zod';
import { serverMap, normaliseServer } from '../server';
import { parseJsonc, parseToml, parseYamlDocuments } from '../syntax';
import type { ApprovalSetting, DiscoveredServer, DiscoveredSource, Fingerprinter } from '../types';
import { projectOf } from './mcp-clients';
import { clientAgent, isObject, runParser } from './source';

const Policy = z.looseObject({
  approval_policy: z.string().max(60).optional(),
  sandbox_mode: z.string().max(60).optional(),
});
const CodexConfig = Policy.extend({
  mcp_servers: z.unknown().optional(),
  profiles: z.record(z.string(), z.unknown()).optional(),
});

/** Codex CLI `config.toml`: `[mcp_servers.NAME]`, and `approval_policy` + `sandbox_mode` at the top and per profile. */
export function parseCodex(fileName: string, text: string, fp: Fingerprinter): DiscoveredSource {
  return runParser('codex', fileName, text, fp, (ctx, body) => {
    const file = ctx.check(CodexConfig, parseToml(body), []);
    if (!file) return {};
    const approvals: ApprovalSetting[] = [];
    const policyOf = (p: z.output<typeof Policy>, prefix: string) => {
      if (p.approval_policy !== undefined)
        approvals.push({ setting: 'approval_policy', value: p.approval_policy, tools: [], where: `${prefix}approval_policy` });
      if (p.sandbox_mode !== undefined)
        approvals.push({ setting: 'sandbox_mode', value: p.sandbox_mode, tools: [], where: `${prefix}sandbox_mode` });
    };
    policyOf(file, '');
    for (const name of Object.keys(file.profiles ?? {}).sort()) {
      const profile = ctx.check(Policy, file.profiles![name], ['profiles', name]);
      if (profile) policyOf(profile, `profiles.${name}.`);
    }
    const servers =
      file.mcp_servers === undefined ? [] : serverMap(file.mcp_servers, ['mcp_servers'], ctx, { project: projectOf(fileName) });
    return { agents: [clientAgent('Codex CLI', 'codex', servers, { approvals })] };
  });
}

const ContinueFile = z.looseObject({ name: z.string().optional(), mcpServers: z.unknown().optional() });
const NamedEntry = z.looseObject({ name: z.string().min(1).max(200) });

/**
 * Continue `config.yaml` (a list `mcpServers: [{name, type, command, args, env, url}]`), and the
 * `.continue/mcpServers/*.yaml` blocks, which may also hold Claude-style JSON.
 */
export function parseContinue(fileName: string, text: string, fp: Fingerprinter): DiscoveredSource {
  return runParser('continue', fileName, text, fp, (ctx, body) => {
    const trimmed = body.trimStart();
    const docs = trimmed.startsWith('{') ? [parseJsonc(body)] : parseYamlDocuments(body);
    const servers: DiscoveredServer[] = [];
    const project = projectOf(fileName);
    docs.forEach((doc, d) => {
      const prefix = docs.length > 1 ? [`document ${d + 1}`] : [];
      const file = ctx.check(ContinueFile, doc, prefix);
      if (!file || file.mcpServers === undefined) return;
      if (isObject(file.mcpServers)) {
        servers.push(...serverMap(file.mcpServers, [...prefix, 'mcpServers'], ctx, { project }));
        return;
      }
      const list = ctx.check(z.array(z.unknown()).max(1000), file.mcpServers, [...prefix, 'mcpServers']);
      (list ?? []).forEach((entry, i) => {
        const path = [...prefix, 'mcpServers', i];
        const named = ctx.check(NamedEntry, entry, path);
        if (!named) return;
        const server = normaliseServer(named.name, entry, path, ctx, { project });
        if (server) servers.push(server);
      });
    });
    return { agents: [clientAgent('Continue', 'continue', servers)] };
  });
}
