import { isDestructive } from '../inventory/vocabulary';
import { environmentFor, type DeclaredInventory, type DiscoveryDiff } from './diff';
import type { DriftKind } from './drift';
import { STALE_SOURCE_DAYS } from './drift';
import { keyOf, type Proposal } from './mapping/proposal';
import { sharedCredentials } from './shared-credentials';

/**
 * Drift attributed to the declared records it is about, for the scoring engine (issue 12, section 5):
 * each item names a declared agent, and the declared grant when there is one. Discovered agents that
 * are not declared are not scored (they are not in the inventory yet); the Discover screen shows them.
 */
export type DriftEvidenceItem = { kind: DriftKind; grantId: string | null; key: string; message: string };
export type DriftEvidence = { runAt: string; byAgent: Record<string, DriftEvidenceItem[]> };

const DAY_MS = 86_400_000;

export function driftEvidence(input: {
  declared: DeclaredInventory;
  proposal: Proposal;
  diff: DiscoveryDiff;
  runAt: string;
  firstRunAt: string | null;
  now: string;
  /** Approved hash of each accepted grant (grant id -> hash). */
  approvedHashes: Map<string, string>;
}): DriftEvidence {
  const { declared, proposal, diff } = input;
  const agentId = new Map(declared.agents.map((a) => [keyOf('agent', a.name), a.id]));
  const byAgent: Record<string, DriftEvidenceItem[]> = {};
  const add = (agentKey: string, item: DriftEvidenceItem) => {
    const id = agentId.get(agentKey);
    if (id) (byAgent[id] ??= []).push(item);
  };
  const where = (g: { systemName: string; environmentName: string }) => `${g.systemName} in ${g.environmentName}`;
  for (const g of diff.newGrants) {
    const destructive = g.actions.filter(isDestructive);
    add(g.agentKey, {
      kind: destructive.length ? 'undeclared-destructive' : 'undeclared-permission',
      grantId: null,
      key: g.key,
      message: `${where(g)}: discovery found ${g.actions.join(', ')} that no declared grant covers. ${g.environmentReason}`,
    });
  }
  for (const w of diff.wider) {
    const g = w.proposed;
    if (w.kinds.includes('more-actions') || w.kinds.includes('another-environment'))
      add(g.agentKey, {
        kind: w.moreActions.some(isDestructive) ? 'undeclared-destructive' : 'undeclared-permission',
        grantId: w.declaredGrantId,
        key: g.key,
        message: w.declaredGrantId
          ? `${where(g)}: discovery found ${w.moreActions.join(', ')} beyond the declared grant.`
          : `${where(g)}: discovered, but declared only in ${w.declaredEnvironments.join(', ')}. ${g.environmentReason}`,
      });
    if (w.weakerGate)
      add(g.agentKey, {
        kind: 'weaker-gate',
        grantId: w.declaredGrantId,
        key: g.key,
        message: `${where(g)}: declared gate ${w.weakerGate.declared}, but the client gives ${w.weakerGate.discovered}: ${w.weakerGate.reason}`,
      });
  }
  const grantByKey = new Map(proposal.grants.map((g) => [g.key, g]));
  for (const c of sharedCredentials(proposal)) {
    const agents = new Set(c.grantKeys.map((k) => grantByKey.get(k)?.agentKey).filter((k): k is string => !!k));
    for (const a of agents)
      add(a, {
        kind: 'shared-credential',
        grantId: null,
        key: c.fingerprint,
        message: `The same credential (${c.labels.join(', ')}) is used in ${c.tiers.join(' and ')}: found by its fingerprint.`,
      });
  }
  if (input.firstRunAt && Date.parse(input.now) - Date.parse(input.firstRunAt) >= STALE_SOURCE_DAYS * DAY_MS)
    for (const a of diff.notFound.agents)
      (byAgent[a.id] ??= []).push({
        kind: 'stale-source',
        grantId: null,
        key: 'source',
        message: `Declared, but no discovery run in ${STALE_SOURCE_DAYS} days of runs found a configuration for it.`,
      });
  for (const g of proposal.grants) {
    const agent = declared.agents.find((a) => keyOf('agent', a.name) === g.agentKey);
    const system = declared.systems.find((s) => keyOf('system', s.name) === g.systemKey);
    const env = environmentFor(declared, g.environmentTier, g.environmentName);
    const grant =
      agent && system && env
        ? declared.grants.find((d) => d.agentId === agent.id && d.systemId === system.id && d.environmentId === env.id)
        : undefined;
    const approved = grant ? input.approvedHashes.get(grant.id) : undefined;
    if (grant && approved && approved !== g.hashOfApproved)
      add(g.agentKey, {
        kind: 'stale-approval',
        grantId: grant.id,
        key: g.key,
        message: `${where(g)}: the tools, their annotations or the scope changed since this grant was accepted; its approval is stale.`,
      });
  }
  for (const items of Object.values(byAgent))
    items.sort((a, b) => (a.kind + a.key < b.kind + b.key ? -1 : a.kind + a.key > b.kind + b.key ? 1 : 0));
  return { runAt: input.runAt, byAgent };
}
