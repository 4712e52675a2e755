import type { ActionClass, ApprovalGate, EnvironmentTier } from '../inventory/model';
import type { DiscoveryDiff } from './diff';

/**
 * A diff flattened into the rows a person reviews: each with a key to accept it by, a title, and
 * every reason the mapping gave (all of it text from hostile files: doors render it as text only).
 */
export type ReviewItem = {
  key: string;
  kind: 'agent' | 'system' | 'environment' | 'grant';
  change: 'new' | 'wider' | 'not-found';
  title: string;
  reasons: string[];
  acceptable: boolean;
  /** Grants only. */
  grant: {
    agentName: string;
    systemName: string;
    environmentTier: EnvironmentTier;
    environmentName: string;
    actions: ActionClass[];
    approvalGate: ApprovalGate;
    moreActions: ActionClass[];
    widerKinds: string[];
    declaredGrantId: string | null;
  } | null;
};

export function reviewItems(diff: DiscoveryDiff): ReviewItem[] {
  const items: ReviewItem[] = [];
  for (const a of diff.newAgents)
    items.push({ key: a.key, kind: 'agent', change: 'new', title: a.name, reasons: [a.reason], acceptable: true, grant: null });
  for (const s of diff.newSystems)
    items.push({
      key: s.key,
      kind: 'system',
      change: 'new',
      title: `${s.name} (${s.kind})`,
      reasons: [s.kindReason],
      acceptable: true,
      grant: null,
    });
  for (const e of diff.newEnvironments)
    items.push({
      key: `environment:${e.tier}`,
      kind: 'environment',
      change: 'new',
      title: `${e.name} (${e.tier})`,
      reasons: [`A discovered grant is in ${e.tier} and the workspace has no environment of that tier.`],
      acceptable: true,
      grant: null,
    });
  const grantRow = (
    g: DiscoveryDiff['newGrants'][number],
    change: 'new' | 'wider',
    extra: string[],
    w: DiscoveryDiff['wider'][number] | null,
  ) =>
    items.push({
      key: g.key,
      kind: 'grant',
      change,
      title: `${g.agentName} → ${g.systemName} in ${g.environmentName}`,
      reasons: [
        ...extra,
        g.environmentReason,
        `Gate ${g.approvalGate}: ${g.gateReason}`,
        ...g.actionReasons.map((r) => `${r.action}: ${r.reason}`),
      ],
      acceptable: true,
      grant: {
        agentName: g.agentName,
        systemName: g.systemName,
        environmentTier: g.environmentTier,
        environmentName: g.environmentName,
        actions: g.actions,
        approvalGate: g.approvalGate,
        moreActions: w ? w.moreActions : g.actions,
        widerKinds: w ? w.kinds : [],
        declaredGrantId: w ? w.declaredGrantId : null,
      },
    });
  for (const g of diff.newGrants) grantRow(g, 'new', [], null);
  for (const w of diff.wider) {
    const why = w.kinds.map((k) =>
      k === 'more-actions'
        ? `Wider than declared: also ${w.moreActions.join(', ')}`
        : k === 'weaker-gate'
          ? `Weaker gate in reality: declared ${w.weakerGate?.declared ?? '?'}, the client gives ${w.weakerGate?.discovered ?? '?'}`
          : `Another environment: declared only in ${w.declaredEnvironments.join(', ')}`,
    );
    grantRow(w.proposed, 'wider', why, w);
  }
  for (const a of diff.notFound.agents)
    items.push({
      key: `declared:agent:${a.id}`,
      kind: 'agent',
      change: 'not-found',
      title: a.name,
      reasons: ['Declared, but no source read in this run names it.'],
      acceptable: false,
      grant: null,
    });
  for (const s of diff.notFound.systems)
    items.push({
      key: `declared:system:${s.id}`,
      kind: 'system',
      change: 'not-found',
      title: s.name,
      reasons: ['Declared, but no source read in this run names it.'],
      acceptable: false,
      grant: null,
    });
  for (const g of diff.notFound.grants)
    items.push({
      key: `declared:grant:${g.id}`,
      kind: 'grant',
      change: 'not-found',
      title: `${g.agentName} → ${g.systemName} in ${g.environmentName}`,
      reasons: ['Declared, but no source read in this run grants it.'],
      acceptable: false,
      grant: null,
    });
  return items;
}
