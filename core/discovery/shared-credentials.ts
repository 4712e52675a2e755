import type { EnvironmentTier } from '../inventory/model';
import type { Proposal } from './mapping/proposal';

export type SharedCredential = { fingerprint: string; labels: string[]; tiers: EnvironmentTier[]; grantKeys: string[] };

/**
 * "The same credential in Staging and Production", found by fingerprint alone: the secret itself was
 * never kept. Sorted by fingerprint.
 */
export function sharedCredentials(proposal: Proposal): SharedCredential[] {
  const seen = new Map<string, { labels: Set<string>; tiers: Set<EnvironmentTier>; grants: Set<string> }>();
  for (const g of proposal.grants)
    for (const c of g.credentials) {
      const s = seen.get(c.fingerprint) ?? { labels: new Set(), tiers: new Set(), grants: new Set() };
      s.labels.add(c.label);
      s.tiers.add(g.environmentTier);
      s.grants.add(g.key);
      seen.set(c.fingerprint, s);
    }
  return [...seen]
    .filter(([, s]) => s.tiers.size > 1)
    .map(([fingerprint, s]) => ({ fingerprint, labels: [...s.labels].sort(), tiers: [...s.tiers].sort(), grantKeys: [...s.grants].sort() }))
    .sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1));
}
