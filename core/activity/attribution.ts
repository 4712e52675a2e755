import type { Agent, Grant, InventorySnapshot } from '../inventory/model';
import type { ActivityEvent, Fingerprint } from './model';

export type AttributionVia = 'credential' | 'role-arn' | 'service-account' | 'db-role' | 'username' | 'agent-name';

export type Attribution = {
  agentId: string | null;
  agentName: string | null;
  /** The grant whose credential identity matched, when the match went through a grant. */
  grantId: string | null;
  via: AttributionVia | null;
  why: string;
};

/** Lower-case, non-alphanumerics to '-', so "Claude Code", "claude-code" and "claude_code" compare equal. */
export const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** "…/cleanup-agent" and ".../cleanup-agent" in a declared identity mean "ends with". */
const suffixOf = (identity: string): string | null => /^(?:…|\.\.\.)\/?(.+)$/.exec(identity)?.[1] ?? null;

function arnMatches(identity: string, arn: string | undefined): boolean {
  if (arn === undefined) return false;
  if (identity === arn) return true;
  const suffix = suffixOf(identity);
  if (suffix !== null) return arn.endsWith(`/${suffix}`) || arn.endsWith(`:${suffix}`);
  // a bare role name names the role in role/<name> and assumed-role/<name>/<session>
  return !identity.includes(':') && (arn.endsWith(`:role/${identity}`) || arn.includes(`:assumed-role/${identity}/`));
}

function serviceAccountMatches(identity: string, account: string | undefined): boolean {
  if (account === undefined) return false;
  const short = account.replace(/^system:serviceaccount:/, '');
  return identity === account || identity === short || identity === short.replace(':', '/');
}

/**
 * `test` decides and gives the reason. `keys` (a grant's identity) and `probes` (an event) are what the index
 * looks up: every identity `test` accepts shares a key with the event's probes, so a lookup never misses a match.
 */
type Rule = {
  via: AttributionVia;
  test: (identity: string, e: ActivityEvent, fp: Fingerprint | null) => string | null;
  keys: (identity: string, fp: Fingerprint | null) => string[];
  probes: (e: ActivityEvent) => string[];
};

/** Every identity `arnMatches` can accept for this arn: itself, each "…/suffix", each bare role name. */
function arnProbes(arn: string | undefined): string[] {
  if (arn === undefined) return [];
  const out = [`x:${arn}`];
  for (let i = 0; i < arn.length - 1; i++) if (arn[i] === '/' || arn[i] === ':') out.push(`s:${arn.slice(i + 1)}`);
  for (let p = arn.indexOf(':role/'); p !== -1; p = arn.indexOf(':role/', p + 1)) out.push(`b:${arn.slice(p + 6)}`);
  for (let p = arn.indexOf(':assumed-role/'); p !== -1; p = arn.indexOf(':assumed-role/', p + 1))
    for (let j = arn.indexOf('/', p + 15); j !== -1; j = arn.indexOf('/', j + 1)) out.push(`b:${arn.slice(p + 14, j)}`);
  return out;
}
const arnKeys = (id: string): string[] => {
  const suffix = suffixOf(id);
  return [`x:${id}`, ...(suffix !== null ? [`s:${suffix}`] : []), ...(id.includes(':') ? [] : [`b:${id}`])];
};
const lower = (value: string | undefined): string[] => (value === undefined ? [] : [value.toLowerCase()]);

/** Ordered strongest first: a credential beats a role, a role beats a name. Each returns the reason or null. */
const RULES: readonly Rule[] = [
  {
    via: 'credential',
    test: (id, e, fp) => {
      const have = e.actor.credentialFingerprint;
      if (have === undefined) return null;
      return id === have || (fp !== null && fp(id) === have)
        ? `its access key (fingerprint ${have.slice(0, 8)}…) is the grant's credential`
        : null;
    },
    keys: (id, fp) => (fp === null ? [id] : [id, fp(id)]),
    probes: (e) => (e.actor.credentialFingerprint === undefined ? [] : [e.actor.credentialFingerprint]),
  },
  {
    via: 'role-arn',
    test: (id, e) =>
      arnMatches(id, e.actor.roleArn)
        ? `role arn ${e.actor.roleArn ?? ''} is its credential`
        : arnMatches(id, e.actor.principalArn)
          ? `arn ${e.actor.principalArn ?? ''} is its credential`
          : null,
    keys: arnKeys,
    probes: (e) => [...arnProbes(e.actor.roleArn), ...arnProbes(e.actor.principalArn)],
  },
  {
    via: 'service-account',
    test: (id, e) =>
      serviceAccountMatches(id, e.actor.serviceAccount) ? `service account ${e.actor.serviceAccount ?? ''} is its credential` : null,
    keys: (id) => [id],
    probes: (e) => {
      const account = e.actor.serviceAccount;
      if (account === undefined) return [];
      const short = account.replace(/^system:serviceaccount:/, '');
      return [account, short, short.replace(':', '/')];
    },
  },
  {
    via: 'db-role',
    test: (id, e) =>
      e.actor.dbRole !== undefined && id.toLowerCase() === e.actor.dbRole.toLowerCase()
        ? `database role ${e.actor.dbRole} is its credential`
        : null,
    keys: (id) => [id.toLowerCase()],
    probes: (e) => lower(e.actor.dbRole),
  },
  {
    via: 'username',
    test: (id, e) =>
      e.actor.username !== undefined && id.toLowerCase() === e.actor.username.toLowerCase()
        ? `user ${e.actor.username} is its credential`
        : null,
    keys: (id) => [id.toLowerCase()],
    probes: (e) => lower(e.actor.username),
  },
  {
    via: 'agent-name',
    test: (id, e) => {
      const name = e.actor.agentName ?? e.actor.application;
      return name !== undefined && slug(id) === slug(name) ? `agent name ${name} is its credential` : null;
    },
    keys: (id) => [slug(id)],
    probes: (e) => {
      const name = e.actor.agentName ?? e.actor.application;
      return name === undefined ? [] : [slug(name)];
    },
  },
];

const ROLE_ARN_RULE = RULES.findIndex((r) => r.via === 'role-arn');
const CREDENTIAL_RULE = RULES.findIndex((r) => r.via === 'credential');

/** Whether some grant's credential has this fingerprint (an event with another one cannot match by credential). */
export const knownCredential = (index: AttributionIndex, fingerprint: string): boolean =>
  index.byRule[CREDENTIAL_RULE]?.has(fingerprint) ?? false;

/**
 * The grants with a credential identity, looked up per rule by key (a map per rule, built once per
 * inventory), and the agents by name slug: an event costs a few map lookups, not a pass over every grant.
 */
export type AttributionIndex = {
  agents: Map<string, Agent>;
  grants: Grant[];
  fingerprint: Fingerprint | null;
  byRule: Map<string, number[]>[];
  agentsBySlug: Map<string, Agent[]>;
  /** The last segment (after the last `/` or `:`) of every exact and suffix ARN key: the session names a grant could match. */
  arnTails: Set<string>;
};

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (list.at(-1) !== value) list.push(value);
}

export function buildAttributionIndex(inventory: InventorySnapshot, fingerprint: Fingerprint | null = null): AttributionIndex {
  const grants = inventory.grants.filter((g) => g.credentialIdentity.trim() !== '');
  const byRule = RULES.map((rule) => {
    const map = new Map<string, number[]>();
    grants.forEach((g, i) => {
      for (const key of rule.keys(g.credentialIdentity.trim(), fingerprint)) push(map, key, i);
    });
    return map;
  });
  const agentsBySlug = new Map<string, Agent[]>();
  for (const a of inventory.agents) push(agentsBySlug, slug(a.name), a);
  const arnTails = new Set<string>();
  for (const key of byRule[ROLE_ARN_RULE]?.keys() ?? [])
    if (key.startsWith('x:') || key.startsWith('s:')) arnTails.add(key.slice(Math.max(key.lastIndexOf('/'), key.lastIndexOf(':')) + 1));
  return { agents: new Map(inventory.agents.map((a) => [a.id, a])), grants, fingerprint, byRule, agentsBySlug, arnTails };
}

/** The grants a rule may match for this event, in inventory order (so the first grant per agent is the same as a full pass). */
function candidates(index: AttributionIndex, ruleAt: number, event: ActivityEvent): Grant[] {
  const map = index.byRule[ruleAt];
  const rule = RULES[ruleAt];
  if (map === undefined || rule === undefined) return [];
  let only: number[] | null = null;
  let at: Set<number> | null = null;
  for (const key of rule.probes(event)) {
    const hit = map.get(key);
    if (hit === undefined) continue;
    if (only === null) {
      only = hit;
      continue;
    }
    at ??= new Set(only);
    for (const i of hit) at.add(i);
  }
  const positions = at !== null ? [...at].sort((a, b) => a - b) : (only ?? []);
  return positions.flatMap((i) => index.grants[i] ?? []);
}

/** Whether one identity (e.g. a principal a discovery run found) is this actor's, by the same rules, strongest first; with the reason. */
export function matchIdentity(
  identity: string,
  actor: ActivityEvent['actor'],
  fingerprint: Fingerprint | null = null,
): { via: AttributionVia; why: string } | null {
  const event = { actor } as ActivityEvent;
  for (const rule of RULES) {
    const why = rule.test(identity.trim(), event, fingerprint);
    if (why !== null) return { via: rule.via, why };
  }
  return null;
}

const actorLabel = (e: ActivityEvent): string =>
  e.actor.roleArn ??
  e.actor.principalArn ??
  e.actor.serviceAccount ??
  e.actor.dbRole ??
  e.actor.username ??
  e.actor.agentName ??
  e.actor.application ??
  e.actor.sessionId ??
  'no actor in the record';

/**
 * Matches an event's actor to an inventory agent: through a grant's credential identity (strongest
 * rule first), else through the agent's own name. Two agents matching equally is reported, not guessed.
 */
export function attributeEvent(event: ActivityEvent, index: AttributionIndex): Attribution {
  for (const [ruleAt, rule] of RULES.entries()) {
    const hits = new Map<string, { grant: Grant; reason: string }>();
    for (const grant of candidates(index, ruleAt, event)) {
      const reason = rule.test(grant.credentialIdentity.trim(), event, index.fingerprint);
      if (reason !== null && !hits.has(grant.agentId)) hits.set(grant.agentId, { grant, reason });
    }
    if (hits.size === 1) {
      const [agentId, hit] = [...hits.entries()][0] ?? [];
      const agent = agentId === undefined ? undefined : index.agents.get(agentId);
      if (agent && hit)
        return {
          agentId: agent.id,
          agentName: agent.name,
          grantId: hit.grant.id,
          via: rule.via,
          why: `agent = ${agent.name}: ${hit.reason}`,
        };
    }
    if (hits.size > 1) {
      const names = [...hits.keys()].map((id) => index.agents.get(id)?.name ?? id).join(', ');
      return {
        agentId: null,
        agentName: null,
        grantId: null,
        via: null,
        why: `unknown actor: ${actorLabel(event)} is the credential of several agents (${names})`,
      };
    }
  }
  const name = event.actor.agentName ?? event.actor.application;
  if (name !== undefined) {
    const byName = index.agentsBySlug.get(slug(name)) ?? [];
    if (byName.length === 1 && byName[0])
      return {
        agentId: byName[0].id,
        agentName: byName[0].name,
        grantId: null,
        via: 'agent-name',
        why: `agent = ${byName[0].name}: the record names agent ${name}`,
      };
  }
  return {
    agentId: null,
    agentName: null,
    grantId: null,
    via: null,
    why: `unknown actor: ${actorLabel(event)} matches no agent's credential or name`,
  };
}
