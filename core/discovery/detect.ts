// The ESM build by path: the package's `main` is a UMD file whose inner requires break once esbuild bundles it
// for Node (electron/build.mjs resolves `main` first), while the ESM files bundle and run everywhere.
import { parse as parseJsonc } from 'jsonc-parser/lib/esm/main.js';
import type { SourceFormat } from './types';

export type Detection = { format: SourceFormat; reason: string } | { format: null; reason: string };

const baseOf = (fileName: string): string => (fileName.split(/[\\/]/).pop() ?? fileName).toLowerCase();
const dirsOf = (fileName: string): string[] =>
  fileName
    .split(/[\\/]/)
    .slice(0, -1)
    .map((d) => d.toLowerCase());

/** Names that decide on their own (the clients' documented locations). */
function byName(base: string, dirs: string[]): Detection | null {
  const parent = dirs[dirs.length - 1] ?? '';
  const inDir = (d: string) => dirs.includes(d);
  if (base === 'claude_desktop_config.json') return { format: 'claude-desktop', reason: 'the file is named claude_desktop_config.json' };
  if (base === '.claude.json') return { format: 'claude-code-user', reason: 'the file is named .claude.json (Claude Code user settings)' };
  if (base === '.mcp.json') return { format: 'claude-code-project', reason: 'the file is named .mcp.json (Claude Code project servers)' };
  if (base === 'managed-mcp.json')
    return { format: 'claude-code-project', reason: 'the file is named managed-mcp.json (Claude Code managed servers)' };
  if (/^(settings(\.local)?|managed-settings)\.json$/.test(base) && parent === '.claude')
    return { format: 'claude-code-settings', reason: `the file is ${base} in a .claude folder` };
  if (base === 'settings.json' && parent === '.gemini')
    return { format: 'gemini', reason: 'the file is settings.json in a .gemini folder' };
  if (base === 'mcp.json' && parent === '.cursor') return { format: 'cursor', reason: 'the file is mcp.json in a .cursor folder' };
  if (base === 'mcp.json' && parent === '.vscode') return { format: 'vscode', reason: 'the file is mcp.json in a .vscode folder' };
  if (base === 'mcp.json' && parent === 'user' && dirs.some((d) => /^code( - insiders)?$|^vscodium$/.test(d)))
    return { format: 'vscode', reason: "the file is mcp.json in VS Code's User folder" };
  if (base === 'mcp_config.json' && (inDir('windsurf') || inDir('.codeium') || inDir('.windsurf')))
    return { format: 'windsurf', reason: 'the file is mcp_config.json in a Windsurf folder' };
  if (base === 'config.toml' && (parent === '.codex' || parent === 'codex'))
    return { format: 'codex', reason: 'the file is config.toml in a .codex folder' };
  if (/\.ya?ml$/.test(base) && (inDir('.continue') || parent === 'mcpservers'))
    return { format: 'continue', reason: `the file is ${base} in a .continue folder` };
  return null;
}

const has = (o: unknown, key: string): boolean => typeof o === 'object' && o !== null && !Array.isArray(o) && key in o;

/** Content for everything else: a quick, forgiving look (comments stripped) that never throws. */
function byContent(base: string, text: string): Detection | null {
  const head = text.slice(0, 65_536);
  if (/\.toml$/.test(base) || /^\s*\[mcp_servers\./m.test(head) || /^\s*approval_policy\s*=/m.test(head))
    return { format: 'codex', reason: 'TOML with [mcp_servers.*] or approval_policy (Codex CLI config.toml)' };
  if (/\.csv$/.test(base) || (/^\s*"?grantor"?\s*,/i.test(head) && /privilege_type/i.test(head))) {
    if (/grantee/i.test(head.split(/\r?\n/)[0] ?? '') && /privilege_type/i.test(head.split(/\r?\n/)[0] ?? ''))
      return { format: 'postgres-grants-csv', reason: 'a CSV whose header names grantee and privilege_type (role_table_grants)' };
    return null;
  }
  if (/\bSchema\s*\|\s*Name\s*\|/.test(head) && /Access privileges/.test(head))
    return { format: 'postgres-dp', reason: 'a psql table with "Access privileges" (\\dp output)' };
  if (/^\s*apiVersion:\s*rbac\.authorization\.k8s\.io/m.test(head) || /^\s*kind:\s*(ClusterRole|Role)(Binding)?\s*$/m.test(head))
    return { format: 'kubernetes-rbac', reason: 'YAML with rbac.authorization.k8s.io objects (Kubernetes RBAC)' };
  if (/^\s*mcpServers:\s*$/m.test(head) && /^\s*-\s+name:/m.test(head))
    return { format: 'continue', reason: 'YAML with an mcpServers list (Continue config.yaml)' };
  if (!/^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*[{[]/.test(head)) return null;
  // jsonc-parser never throws: comments and trailing commas (VS Code) are read, a broken file gives what it could.
  const doc: unknown = parseJsonc(text, [], { allowTrailingComma: true });
  if (has(doc, 'document_type') && (doc as { document_type: unknown }).document_type === 'AI-BOM')
    return { format: 'agent-bom', reason: 'JSON with document_type "AI-BOM" (agent-bom)' };
  if (has(doc, 'RoleDetailList') || has(doc, 'UserDetailList'))
    return { format: 'aws-iam', reason: 'JSON with RoleDetailList / UserDetailList (aws iam get-account-authorization-details)' };
  if (has(doc, 'scan_path_responses')) return { format: 'snyk-agent-scan', reason: 'JSON with scan_path_responses (Snyk agent-scan 0.6+)' };
  if (has(doc, 'projects') && has(doc, 'mcpServers'))
    return { format: 'claude-code-user', reason: 'JSON with projects and mcpServers (~/.claude.json)' };
  if (has(doc, 'permissions') && has((doc as { permissions: unknown }).permissions, 'defaultMode'))
    return { format: 'claude-code-settings', reason: 'JSON with permissions.defaultMode (Claude Code settings)' };
  if (has(doc, 'permissions') && !has(doc, 'mcpServers'))
    return { format: 'github-permissions', reason: 'JSON with a permissions map (GitHub token or app permissions)' };
  if (has(doc, 'servers') && !has(doc, 'mcpServers')) return { format: 'vscode', reason: 'JSON with a servers map (VS Code mcp.json)' };
  if (has(doc, 'mcp') && has((doc as { mcp: unknown }).mcp, 'servers'))
    return { format: 'vscode', reason: 'JSON with mcp.servers (VS Code settings.json)' };
  if (has(doc, 'mcpServers')) {
    const servers = (doc as { mcpServers: unknown }).mcpServers;
    const entries = typeof servers === 'object' && servers !== null ? Object.values(servers) : [];
    if (entries.some((s) => has(s, 'trust') || has(s, 'httpUrl') || has(s, 'includeTools')))
      return { format: 'gemini', reason: 'mcpServers entries with trust / httpUrl / includeTools (Gemini CLI)' };
    if (entries.some((s) => has(s, 'serverUrl'))) return { format: 'windsurf', reason: 'mcpServers entries with serverUrl (Windsurf)' };
    return { format: 'mcp-json', reason: 'JSON with an mcpServers map (read as a Claude Desktop-style client config)' };
  }
  const values = typeof doc === 'object' && doc !== null ? Object.values(doc) : [];
  if (values.length > 0 && values.every((v) => has(v, 'servers') || has(v, 'client')))
    return { format: 'snyk-agent-scan', reason: 'JSON keyed by config path with servers (Snyk agent-scan / mcp-scan --json)' };
  return null;
}

/** Picks the parser for a file, by its name first and then by its content, and says why. */
export function detectFormat(fileName: string, text: string): Detection {
  const base = baseOf(fileName);
  const named = byName(base, dirsOf(fileName));
  if (named) return named;
  const found = byContent(base, text);
  if (found) return found;
  return {
    format: null,
    reason: `${base.slice(0, 120)}: not a format discovery reads (no mcpServers, servers, permissions, IAM, RBAC or privilege table found)`,
  };
}
