import type { ApprovalGate } from '../../inventory/model';
import type { ApprovalSetting } from '../types';

/**
 * Client settings -> the grant's approval gate, for one tool of one server. Rows are tried in order
 * and the first that applies decides, so bypass rows come before ask rows: a bypass anywhere wins.
 * No client setting gives "two-person": only a declared process can.
 */
export type GateContext = { client: string; server: string; tool: string | null; settings: readonly ApprovalSetting[] };
export type GateRule = {
  id: string;
  gate: ApprovalGate;
  /** The setting that decides, or null when the row does not apply. */
  decides: (c: GateContext) => ApprovalSetting | null;
  reason: (s: ApprovalSetting, c: GateContext) => string;
  example: GateContext;
};

const find = (c: GateContext, setting: string, value?: (v: string) => boolean) =>
  c.settings.find((s) => s.setting === setting && (value === undefined || value(s.value))) ?? null;

/** Claude Code rule strings: `mcp__server`, `mcp__server__*`, `mcp__server__tool`; `*` in the autoApprove lists. */
export function ruleCovers(rule: string, server: string, tool: string | null): boolean {
  const r = rule.trim();
  if (r === '*' || r === 'mcp__*') return true;
  if (r === `mcp__${server}` || r === `mcp__${server}__*`) return true;
  if (tool !== null && (r === tool || r === `mcp__${server}__${tool}`)) return true;
  return false;
}
const listCovering = (c: GateContext, settings: string[]) =>
  c.settings.find((s) => settings.includes(s.setting) && s.tools.some((t) => ruleCovers(t, c.server, c.tool))) ?? null;

const ctx = (client: string, settings: ApprovalSetting[], tool: string | null = 'query'): GateContext => ({
  client,
  server: 'db',
  tool,
  settings,
});
const set = (setting: string, value: string, tools: string[] = []): ApprovalSetting => ({ setting, value, tools, where: setting });

// A rules table reads best one row per line, so Prettier leaves it as written.
// prettier-ignore
export const GATE_RULES: readonly GateRule[] = [
  { id: 'gate-claude-bypass', gate: 'none', decides: (c) => find(c, 'permissions.defaultMode', (v) => v === 'bypassPermissions'),
    reason: (s) => `No approval: ${s.where} is "bypassPermissions" (Claude Code runs every tool without asking)`, example: ctx('claude-code', [set('permissions.defaultMode', 'bypassPermissions')]) },
  { id: 'gate-codex-never', gate: 'none', decides: (c) => find(c, 'approval_policy', (v) => v === 'never'),
    reason: (s, c) => `No approval: ${s.where} = "never"${(() => { const sb = find(c, 'sandbox_mode'); return sb ? ` with sandbox_mode = "${sb.value}"` : ''; })()} (Codex never asks)`, example: ctx('codex', [set('approval_policy', 'never'), set('sandbox_mode', 'danger-full-access')]) },
  { id: 'gate-gemini-trust', gate: 'none', decides: (c) => find(c, 'trust', (v) => v === 'true'),
    reason: (s) => `No approval: ${s.where} is true (Gemini CLI skips every confirmation for this server)`, example: ctx('gemini', [set('trust', 'true')]) },
  { id: 'gate-auto-approve', gate: 'none', decides: (c) => listCovering(c, ['autoApprove', 'alwaysAllow']),
    reason: (s, c) => `No approval: ${s.where} lists ${c.tool === null ? 'every tool' : `"${c.tool}"`} (the client runs it without asking)`, example: ctx('cursor', [set('autoApprove', 'query', ['query'])]) },
  { id: 'gate-claude-allow', gate: 'none', decides: (c) => listCovering(c, ['permissions.allow', 'allowedTools']),
    reason: (s, c) => `No approval: ${s.where} allows ${c.tool === null ? `mcp__${c.server}` : `mcp__${c.server}__${c.tool}`} without asking`, example: ctx('claude-code', [set('permissions.allow', '1 rules', ['mcp__db'])]) },
  { id: 'gate-claude-ask-list', gate: 'single', decides: (c) => listCovering(c, ['permissions.ask']),
    reason: (s) => `Single approval: ${s.where} asks before this tool runs`, example: ctx('claude-code', [set('permissions.ask', '1 rules', ['mcp__db__query'])]) },
  { id: 'gate-claude-mode', gate: 'single', decides: (c) => find(c, 'permissions.defaultMode'),
    reason: (s) => `Single approval: ${s.where} is "${s.value}" (Claude Code asks before MCP tools run)`, example: ctx('claude-code', [set('permissions.defaultMode', 'acceptEdits')]) },
  { id: 'gate-codex-asks', gate: 'single', decides: (c) => find(c, 'approval_policy'),
    reason: (s) => `Single approval: ${s.where} = "${s.value}" (Codex asks before acting)`, example: ctx('codex', [set('approval_policy', 'on-request')]) },
  { id: 'gate-gemini-confirm', gate: 'single', decides: (c) => find(c, 'trust', (v) => v === 'false'),
    reason: (s) => `Single approval: ${s.where} is false (Gemini CLI confirms each call)`, example: ctx('gemini', [set('trust', 'false')]) },
  { id: 'gate-client-default', gate: 'single', decides: (c) => ({ setting: 'client default', value: c.client, tools: [], where: `${c.client} default` }),
    reason: (_s, c) => `Single approval: no setting in the file turns confirmation off, and ${c.client} asks before each tool call by default ("always allow" choices made in the app are not in the file)`, example: ctx('claude-desktop', []) },
];

/** Platform identities (IAM, RBAC, database roles, tokens) carry no approval step of their own. */
export const PLATFORM_GATE = {
  id: 'gate-platform-identity',
  gate: 'none' as ApprovalGate,
  reason: (principalKind: string) =>
    `No approval: a ${principalKind.replace('-', ' ')} acts as soon as it is used; the platform asks no one`,
};

export function gateFor(c: GateContext): { gate: ApprovalGate; reason: string; rule: string } {
  for (const rule of GATE_RULES) {
    const s = rule.decides(c);
    if (s) return { gate: rule.gate, reason: rule.reason(s, c), rule: rule.id };
  }
  /* c8 ignore next -- gate-client-default always applies */
  return { gate: 'single', reason: 'Single approval', rule: 'gate-client-default' };
}
