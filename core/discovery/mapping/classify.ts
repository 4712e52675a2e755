import { ACTION_CLASSES, DEFAULT_ENVIRONMENTS, type ActionClass, type EnvironmentTier } from '../../inventory/model';
import type { DiscoveredServer, DiscoveredTool } from '../types';
import { ACTION_RULES, type ActionSource } from './action-rules';
import { ENVIRONMENT_RULES, SYSTEM_KIND_RULES, type EnvironmentHint, type SystemKindRule } from './system-rules';

/** What a server is, from its name, command, arguments and URL (secrets are already gone from all four). */
export function systemKindOf(server: Pick<DiscoveredServer, 'name' | 'command' | 'args' | 'url'>): SystemKindRule {
  const haystack = [server.name, server.command ?? '', ...server.args, server.url ?? ''].join(' ').toLowerCase();
  return SYSTEM_KIND_RULES.find((r) => r.match.test(haystack)) ?? SYSTEM_KIND_RULES[SYSTEM_KIND_RULES.length - 1]!;
}

export type Classified = { classes: ActionClass[]; rule: string; reason: string };

/** `dropTable` -> `drop_table`, `delete-file` -> `delete_file`: the form the tool rows match. */
export const toolWords = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase();

export function classify(source: ActionSource, action: string): Classified | null {
  const subject = source === 'tool' ? toolWords(action) : source === 'rbac' ? action.toLowerCase() : action;
  const rule = ACTION_RULES.find((r) => r.source === source && r.match.test(subject));
  if (!rule) return null;
  return {
    classes: rule.classes === 'all' ? [...ACTION_CLASSES] : rule.classes,
    rule: rule.id,
    reason: `${action.slice(0, 80)} ${rule.label}`,
  };
}

/** A tool's classes: from its name, plus whatever its annotations and scanner labels add. readOnlyHint never removes any. */
export function classifyTool(tool: DiscoveredTool): Classified[] {
  const out: Classified[] = [];
  const byName = classify('tool', tool.name);
  if (byName) out.push({ ...byName, reason: `tool ${byName.reason}` });
  const marks = [...(tool.annotations.destructiveHint === true ? ['destructiveHint=true'] : []), ...tool.labels.map((l) => `label=${l}`)];
  for (const m of marks) {
    const c = classify('annotation', m);
    if (c) out.push({ ...c, reason: `tool ${tool.name.slice(0, 80)} is ${c.reason.slice(m.length + 1)} (${m}, an untrusted hint)` });
  }
  return out;
}

/** Where a server points: hosts, connection strings, variable names and values that may be shown, profiles, namespaces, key prefixes, its name. */
export function hintsOfServer(server: DiscoveredServer): EnvironmentHint[] {
  const hints: EnvironmentHint[] = [{ kind: 'name', value: server.name }];
  const fromUrl = (text: string, kind: 'host' | 'connection string') => {
    const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#\s]*@)?([^/?#\s]*)/i.exec(text);
    if (m?.[1]) hints.push({ kind, value: m[1] });
    const kv = /\bhost=([^\s;]+)/i.exec(text);
    if (kv?.[1]) hints.push({ kind, value: kv[1] });
  };
  if (server.url) fromUrl(server.url, 'host');
  server.args.forEach((arg, i) => {
    fromUrl(arg.replace(/^--?[\w-]+=/, ''), 'connection string');
    const prev = server.args[i - 1] ?? '';
    if (/^--?(profile|env|environment|stage)$/.test(prev)) hints.push({ kind: 'profile', value: arg });
    if (/^--?(namespace|context|cluster|project|account)$/.test(prev) || /^-n$/.test(prev)) hints.push({ kind: 'namespace', value: arg });
    const flag = /^--?(profile|env|environment|stage|namespace|context|cluster|project)=(.+)$/.exec(arg);
    if (flag?.[2]) hints.push({ kind: flag[1] === 'profile' || flag[1]!.startsWith('env') ? 'profile' : 'namespace', value: flag[2] });
    const bare = arg.replace(/^--?[\w-]+=/, '');
    if (/^(sk|rk|pk)_(live|test)_\*\*\*$/.test(bare)) hints.push({ kind: 'key prefix', value: bare });
  });
  for (const v of [...server.env, ...server.headers]) {
    hints.push({ kind: 'variable', value: v.name });
    if (v.redacted) {
      if (/^(sk|rk|pk)_(live|test)_/.test(v.redacted)) hints.push({ kind: 'key prefix', value: v.redacted });
      else if (/:\/\//.test(v.redacted)) fromUrl(v.redacted, 'connection string');
      else
        hints.push({
          kind: /PROFILE/i.test(v.name) ? 'profile' : /NAMESPACE|CONTEXT/i.test(v.name) ? 'namespace' : 'variable',
          value: v.redacted,
        });
    }
  }
  return hints;
}

const TIER_RISK: Record<EnvironmentTier, number> = { 'read-only': 0, sandbox: 1, staging: 2, production: 3 };
export const environmentNameOf = (tier: EnvironmentTier): string =>
  DEFAULT_ENVIRONMENTS.find((e) => e.tier === tier)?.name ?? (tier === 'read-only' ? 'Read-only / sandbox' : tier);

/** `.dev` and `.live` are public top-level domains: mcp.sentry.dev is not a development host. */
export const withoutWordTld = (host: string): string => host.replace(/^([^/]*\.[^./:]+)\.(dev|live|app|test)(:\d+)?$/i, '$1$3');

export type EnvironmentChoice = { tier: EnvironmentTier; name: string; reason: string; rule: string };

/**
 * The riskiest environment any hint names, with the hint that decided it ("Production: host
 * db.prod.internal"). With no hint at all the grant is assumed to be Production and says so: reality
 * must not look safer than it is because a file is terse.
 */
export function environmentOf(hints: readonly EnvironmentHint[]): EnvironmentChoice {
  let best: EnvironmentChoice | null = null;
  for (const hint of hints) {
    const subject = hint.kind === 'host' || hint.kind === 'connection string' ? withoutWordTld(hint.value) : hint.value;
    for (const rule of ENVIRONMENT_RULES) {
      if (!rule.match.test(subject)) continue;
      if (best === null || TIER_RISK[rule.tier] > TIER_RISK[best.tier]) {
        const name = environmentNameOf(rule.tier);
        best = { tier: rule.tier, name, reason: `${name}: ${hint.kind} ${hint.value.slice(0, 120)}`, rule: rule.id };
      }
      break;
    }
  }
  return (
    best ?? {
      tier: 'production',
      name: environmentNameOf('production'),
      reason: 'Production (assumed): nothing in the file names an environment',
      rule: 'env-assumed-production',
    }
  );
}
