import { ACTION_CLASSES, type ActionClass, type ApprovalGate } from '../../inventory/model';
import { canonicalJson, sha256Hex } from '../sha256';
import type {
  ApprovalSetting,
  CredentialRef,
  DiscoveredAgent,
  DiscoveredPermission,
  DiscoveredServer,
  DiscoveredSource,
  DiscoveredTool,
} from '../types';
import type { ActionSource } from './action-rules';
import { classify, classifyTool, environmentOf, hintsOfServer, systemKindOf, type Classified } from './classify';
import { gateFor, PLATFORM_GATE, ruleCovers } from './gate-rules';
import { keyOf, safeName, type ActionReason, type Proposal, type ProposedAgent, type ProposedGrant, type ProposedSystem } from './proposal';
import type { EnvironmentHint } from './system-rules';

const GATE_RISK: Record<ApprovalGate, number> = { none: 2, single: 1, 'two-person': 0 };
export const weakerGate = (a: ApprovalGate, b: ApprovalGate): ApprovalGate => (GATE_RISK[a] >= GATE_RISK[b] ? a : b);
const byActionOrder = (a: ActionClass, b: ActionClass) => ACTION_CLASSES.indexOf(a) - ACTION_CLASSES.indexOf(b);
const uniqueSorted = (xs: string[]) => [...new Set(xs)].sort();

export function hashOfApproved(tools: readonly DiscoveredTool[], scope: string): string {
  const t = [...tools]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((x) => ({ name: x.name, annotations: x.annotations, labels: x.labels }));
  return sha256Hex(canonicalJson({ tools: t, scope }));
}

type Draft = Omit<ProposedGrant, 'actions' | 'actionReasons' | 'hashOfApproved' | 'credentialIdentity'> & {
  reasons: Map<ActionClass, string>;
};

/** Collects grants as they are found; the same agent, system and environment from two files merge into one. */
class GrantBook {
  readonly agents = new Map<string, ProposedAgent>();
  readonly systems = new Map<string, ProposedSystem>();
  private readonly grants = new Map<string, Draft>();

  agent(rawName: string, client: string, reason: string, source: string): string {
    const name = safeName(rawName);
    const key = keyOf('agent', name);
    const a = this.agents.get(key) ?? { key, name, client, reason, sources: [] };
    a.sources = uniqueSorted([...a.sources, source]);
    this.agents.set(key, a);
    return key;
  }

  system(rawName: string, kind: ProposedSystem['kind'], kindReason: string, source: string): string {
    const name = safeName(rawName);
    const key = keyOf('system', name);
    const s = this.systems.get(key) ?? { key, name, kind, kindReason, sources: [] };
    s.sources = uniqueSorted([...s.sources, source]);
    this.systems.set(key, s);
    return key;
  }

  add(g: Omit<Draft, 'key' | 'reasons'>, classified: Classified[]): void {
    const key = `${g.agentKey}|${g.systemKey}|${g.environmentTier}`;
    const d = this.grants.get(key) ?? { ...g, key, reasons: new Map(), tools: [], credentials: [], sources: [] };
    for (const c of classified) for (const a of c.classes) if (!d.reasons.has(a)) d.reasons.set(a, c.reason);
    if (GATE_RISK[g.approvalGate] > GATE_RISK[d.approvalGate] || !this.grants.has(key)) {
      d.approvalGate = g.approvalGate;
      d.gateReason = g.gateReason;
    }
    d.tools = [...d.tools, ...g.tools.filter((t) => !d.tools.some((x) => x.name === t.name))];
    d.credentials = [
      ...d.credentials,
      ...g.credentials.filter((c) => !d.credentials.some((x) => x.fingerprint === c.fingerprint && x.where === c.where)),
    ];
    d.scope = uniqueSorted([...d.scope.split(', '), ...g.scope.split(', ')])
      .join(', ')
      .slice(0, 200);
    d.sources = uniqueSorted([...d.sources, ...g.sources]);
    this.grants.set(key, d);
  }

  finish(): Proposal {
    const grants = [...this.grants.values()].map(({ reasons, ...d }): ProposedGrant => {
      const actions = [...reasons.keys()].sort(byActionOrder);
      const actionReasons: ActionReason[] = actions.map((action) => ({ action, reason: reasons.get(action)! }));
      const credentials = [...d.credentials].sort((a, b) => (a.where < b.where ? -1 : a.where > b.where ? 1 : 0));
      const credentialIdentity = uniqueSorted(credentials.map((c) => `${c.label.split(' (')[0]} #${c.fingerprint.slice(-8)}`))
        .join(', ')
        .slice(0, 120);
      const tools = [...d.tools].sort((a, b) => (a.name < b.name ? -1 : 1));
      const scope = d.scope.replace(/^, |, $/g, '') || '*';
      return { ...d, scope, tools, credentials, credentialIdentity, actions, actionReasons, hashOfApproved: hashOfApproved(tools, scope) };
    });
    const byKey = <T extends { key: string }>(xs: Iterable<T>) => [...xs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return { agents: byKey(this.agents.values()), systems: byKey(this.systems.values()), grants: byKey(grants) };
  }
}

/** The tools a config lets the agent call: the listed ones (or the include list) minus excluded and denied ones. */
function reachableTools(server: DiscoveredServer, settings: readonly ApprovalSetting[]): DiscoveredTool[] | null {
  const denied = (tool: string) =>
    server.excludeTools.includes(tool) ||
    settings.some((s) => s.setting === 'permissions.deny' && s.tools.some((r) => ruleCovers(r, server.name, tool)));
  const listed = server.tools.length ? server.tools : (server.includeTools ?? []).map((name) => ({ name, annotations: {}, labels: [] }));
  if (listed.length === 0) return null;
  return listed.filter((t) => (server.includeTools === null || server.includeTools.includes(t.name)) && !denied(t.name));
}

function mapServer(book: GrantBook, agent: DiscoveredAgent, agentKey: string, server: DiscoveredServer, file: string): void {
  const settings = [...agent.approvals, ...server.approvals];
  const serverDenied = settings.some((s) => s.setting === 'permissions.deny' && s.tools.some((r) => ruleCovers(r, server.name, null)));
  if (!server.enabled || serverDenied) return;
  const kind = systemKindOf(server);
  const systemKey = book.system(server.name, kind.kind, `${kind.label}: ${kind.id} matched the server's command or URL`, file);
  const env = environmentOf(hintsOfServer(server));
  const tools = reachableTools(server, settings);
  let classified: Classified[];
  let gate: { gate: ApprovalGate; reason: string };
  if (tools === null) {
    const classes = kind.assumedActions === 'all' ? [...ACTION_CLASSES] : kind.assumedActions;
    classified = [{ classes, rule: kind.id, reason: `assumed for ${kind.label}: the file lists no tools` }];
    gate = gateFor({ client: agent.name, server: server.name, tool: null, settings });
  } else {
    if (tools.length === 0) return; // every listed tool is excluded or denied: the agent cannot reach this server
    const perTool = tools.map((t) => ({
      tool: t,
      classes: classifyTool(t),
      gate: gateFor({ client: agent.name, server: server.name, tool: t.name, settings }),
    }));
    classified = perTool.flatMap((p) => p.classes);
    // The gate that matters is the weakest one on a tool that can do damage; read-only tools count only when nothing else is there.
    const risky = perTool.filter((p) => p.classes.some((c) => c.classes.some((a) => a !== 'read')));
    const relevant = risky.length ? risky : perTool;
    gate = relevant.reduce<{ gate: ApprovalGate; reason: string }>(
      (w, p) => (GATE_RISK[p.gate.gate] > GATE_RISK[w.gate] ? p.gate : w),
      relevant[0]!.gate,
    );
  }
  const paths = kind.kind === 'file-share' ? server.args.filter((a) => /^(\/|~|[A-Za-z]:[\\/]|\.\.?[\\/]?)/.test(a)) : [];
  book.add(
    {
      agentKey,
      systemKey,
      agentName: book.agents.get(agentKey)!.name,
      systemName: book.systems.get(systemKey)!.name,
      environmentTier: env.tier,
      environmentName: env.name,
      environmentReason: env.reason,
      approvalGate: gate.gate,
      gateReason: gate.reason,
      scope: paths.length ? paths.join(', ') : '*',
      credentials: [...server.credentials],
      tools: tools ?? [],
      sources: [`${file}: ${server.where}`],
    },
    classified,
  );
}

const SOURCE_OF: Record<DiscoveredPermission['principalKind'], ActionSource> = {
  'iam-role': 'iam',
  'iam-user': 'iam',
  'service-account': 'rbac',
  'database-role': 'postgres',
  'github-token': 'github',
  'github-app': 'github',
};

function mapPermission(book: GrantBook, p: DiscoveredPermission, file: string, credentials: CredentialRef[]): void {
  if (p.effect === 'deny') return; // A Deny only narrows; not subtracting it can only make a grant look wider, never safer.
  const source = SOURCE_OF[p.principalKind];
  const classified: Classified[] = p.notAction
    ? [
        {
          classes: [...ACTION_CLASSES],
          rule: 'iam-not-action',
          reason: `NotAction allows everything except ${p.actions.join(', ').slice(0, 80)}`,
        },
      ]
    : p.actions.flatMap((a) => classify(source, a) ?? []);
  const agentKey = book.agent(p.principal, p.principalKind, `${p.principalKind.replace('-', ' ')} ${p.principal} in ${file}`, file);
  const systemKey = book.system(p.system, p.systemKindHint, `${p.systemKindHint} from the ${source} export`, file);
  const hints: EnvironmentHint[] = [
    ...p.environmentHints.map((value) => ({ kind: source === 'rbac' ? ('namespace' as const) : ('name' as const), value })),
    { kind: 'name', value: p.system },
  ];
  const env = environmentOf(hints);
  book.add(
    {
      agentKey,
      systemKey,
      agentName: book.agents.get(agentKey)!.name,
      systemName: book.systems.get(systemKey)!.name,
      environmentTier: env.tier,
      environmentName: env.name,
      environmentReason: env.reason,
      approvalGate: PLATFORM_GATE.gate,
      gateReason: PLATFORM_GATE.reason(p.principalKind),
      scope: p.scope.slice(0, 200),
      credentials,
      tools: [],
      sources: [`${file}: ${p.where}`],
    },
    classified,
  );
}

/**
 * Discovered sources -> proposed agents, systems and grants in the inventory's own vocabulary, each
 * value with its reason. Agents with the same name merge across files, so Claude Code's servers
 * (~/.claude.json, .mcp.json) meet its permission settings (.claude/settings.json).
 */
export function mapToInventory(sources: readonly DiscoveredSource[]): Proposal {
  const book = new GrantBook();
  const ordered = [...sources].sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));
  const settingsByAgent = new Map<string, ApprovalSetting[]>();
  for (const s of ordered)
    for (const a of s.agents) {
      const key = keyOf('agent', safeName(a.name));
      settingsByAgent.set(key, [...(settingsByAgent.get(key) ?? []), ...a.approvals]);
    }
  for (const s of ordered) {
    for (const a of s.agents) {
      const agentKey = book.agent(a.name, a.client, `${a.client} configuration ${s.fileName}`, s.fileName);
      const merged = { ...a, approvals: settingsByAgent.get(agentKey) ?? [] };
      for (const server of a.servers) mapServer(book, merged, agentKey, server, s.fileName);
    }
    for (const p of s.permissions) mapPermission(book, p, s.fileName, p.principalKind.startsWith('github') ? s.credentials : []);
  }
  return book.finish();
}
