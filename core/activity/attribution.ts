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

type Rule = { via: AttributionVia; test: (identity: string, e: ActivityEvent, fp: Fingerprint | null) => string | null };

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
  },
  {
    via: 'role-arn',
    test: (id, e) =>
      arnMatches(id, e.actor.roleArn)
        ? `role arn ${e.actor.roleArn ?? ''} is its credential`
        : arnMatches(id, e.actor.principalArn)
          ? `arn ${e.actor.principalArn ?? ''} is its credential`
          : null,
  },
  {
    via: 'service-account',
    test: (id, e) =>
      serviceAccountMatches(id, e.actor.serviceAccount) ? `service account ${e.actor.serviceAccount ?? ''} is its credential` : null,
  },
  {
    via: 'db-role',
    test: (id, e) =>
      e.actor.dbRole !== undefined && id.toLowerCase() === e.actor.dbRole.toLowerCase()
        ? `database role ${e.actor.dbRole} is its credential`
        : null,
  },
  {
    via: 'username',
    test: (id, e) =>
      e.actor.username !== undefined && id.toLowerCase() === e.actor.username.toLowerCase()
        ? `user ${e.actor.username} is its credential`
        : null,
  },
  {
    via: 'agent-name',
    test: (id, e) => {
      const name = e.actor.agentName ?? e.actor.application;
      return name !== undefined && slug(id) === slug(name) ? `agent name ${name} is its credential` : null;
    },
  },
];

export type AttributionIndex = { agents: Map<string, Agent>; grants: Grant[]; fingerprint: Fingerprint | null };

export function buildAttributionIndex(inventory: InventorySnapshot, fingerprint: Fingerprint | null = null): AttributionIndex {
  return {
    agents: new Map(inventory.agents.map((a) => [a.id, a])),
    grants: inventory.grants.filter((g) => g.credentialIdentity.trim() !== ''),
    fingerprint,
  };
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
  for (const rule of RULES) {
    const hits = new Map<string, { grant: Grant; reason: string }>();
    for (const grant of index.grants) {
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
    const byName = [...index.agents.values()].filter((a) => slug(a.name) === slug(name));
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
