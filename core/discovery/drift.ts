import { isDestructive } from '../inventory/vocabulary';
import type { DiscoveryDiff } from './diff';
import type { Proposal } from './mapping/proposal';
import { sharedCredentials } from './shared-credentials';

/**
 * Drift as findings (issue 12, section 5): what reality holds that the declared inventory does not.
 * Pure: the doors pass the latest run's proposal and its diff against the inventory as it is now.
 */
export const DRIFT_KINDS = [
  'undeclared-destructive',
  'undeclared-permission',
  'weaker-gate',
  'shared-credential',
  'stale-source',
  'stale-approval',
] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];
/** The kinds `drift --fail-on` accepts. */
export const FAIL_ON_KINDS = ['undeclared-destructive', 'weaker-gate', 'shared-credential'] as const;

export type DriftFinding = { kind: DriftKind; severity: 'critical' | 'high' | 'medium'; subject: string; reason: string };

/** Days a declared agent may go without a discovered source before it is a finding. */
export const STALE_SOURCE_DAYS = 30;
const DAY_MS = 86_400_000;

export type DriftInput = {
  proposal: Proposal;
  diff: DiscoveryDiff;
  /** When the first discovery run of the workspace was made, and now (ISO). */
  firstRunAt: string | null;
  now: string;
  /** Accepted grants whose approved hash differs from what the latest run found. */
  staleApprovals: { subject: string; reason: string }[];
};

export function driftFindings(input: DriftInput): DriftFinding[] {
  const out: DriftFinding[] = [];
  const { diff } = input;
  const undeclared = [
    ...diff.newGrants.map((g) => ({ g, actions: g.actions, why: 'not declared at all' })),
    ...diff.wider
      .filter((w) => w.kinds.includes('more-actions') || w.kinds.includes('another-environment'))
      .map((w) => ({
        g: w.proposed,
        actions: w.moreActions,
        why: w.declaredGrantId ? `declared without ${w.moreActions.join(', ')}` : `declared only in ${w.declaredEnvironments.join(', ')}`,
      })),
  ];
  for (const { g, actions, why } of undeclared) {
    const destructive = actions.filter(isDestructive);
    const subject = `${g.agentName} → ${g.systemName} in ${g.environmentName}`;
    if (destructive.length > 0)
      out.push({
        kind: 'undeclared-destructive',
        severity: g.environmentTier === 'production' ? 'critical' : 'high',
        subject,
        reason: `Discovered ${destructive.join(', ')} (${why}). ${g.environmentReason}`,
      });
    else
      out.push({
        kind: 'undeclared-permission',
        severity: 'medium',
        subject,
        reason: `Discovered ${actions.join(', ')} (${why}). ${g.environmentReason}`,
      });
  }
  for (const w of diff.wider)
    if (w.weakerGate)
      out.push({
        kind: 'weaker-gate',
        severity: w.proposed.environmentTier === 'production' ? 'critical' : 'high',
        subject: `${w.proposed.agentName} → ${w.proposed.systemName} in ${w.proposed.environmentName}`,
        reason: `Declared gate ${w.weakerGate.declared}, but the client gives ${w.weakerGate.discovered}: ${w.weakerGate.reason}`,
      });
  for (const c of sharedCredentials(input.proposal))
    out.push({
      kind: 'shared-credential',
      severity: c.tiers.includes('production') ? 'critical' : 'high',
      subject: c.labels.join(', '),
      reason: `The same credential (fingerprint ${c.fingerprint.slice(0, 20)}…) is used in ${c.tiers.join(' and ')}.`,
    });
  if (input.firstRunAt && Date.parse(input.now) - Date.parse(input.firstRunAt) >= STALE_SOURCE_DAYS * DAY_MS)
    for (const a of diff.notFound.agents)
      out.push({
        kind: 'stale-source',
        severity: 'medium',
        subject: a.name,
        reason: `Declared, but no discovery run has found a source for it in ${STALE_SOURCE_DAYS} days of runs.`,
      });
  for (const s of input.staleApprovals) out.push({ kind: 'stale-approval', severity: 'high', subject: s.subject, reason: s.reason });
  return out;
}
