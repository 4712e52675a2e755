import { sharedCredentials, type DiscoveryDiff, type Proposal } from '../../core/discovery/index';
import { evaluatePolicy, parsePolicy, type PolicyInput } from '../../core/policy/index';
import type { policyChannels } from '../../core/policy/contract';
import { listRuns } from '../store/discovery/runs';
import { readInventory } from '../store/inventory/snapshot';
import type { OpenWorkspace } from '../store/workspaces';
import type { Handlers } from './handler-types';
import { computeWorkspaceScores } from './scoring-queries';

/** Everything a policy is judged against, read from one workspace. */
export function policyInputFor(ws: OpenWorkspace, now: Date): PolicyInput {
  const inv = readInventory(ws.db);
  const run = listRuns<Proposal, DiscoveryDiff>(ws.db, 1)[0] ?? null;
  const discoveredShared = run
    ? sharedCredentials(run.proposal).map((c) => ({
        subject: c.labels.join(', '),
        reason: `Discovery found the same credential (fingerprint ${c.fingerprint.slice(0, 20)}…) in ${c.tiers.join(' and ')}.`,
      }))
    : [];
  // Each agent's client settings as the newest run that read them says: a later run of other files
  // does not forget an auto-approving client it did not look at.
  const autoApproving: PolicyInput['autoApproving'] = [];
  const judged = new Set<string>();
  for (const r of listRuns<Proposal, DiscoveryDiff>(ws.db, 50)) {
    const inThisRun = new Set(r.proposal.agents.map((a) => a.key));
    for (const g of r.proposal.grants)
      if (!judged.has(g.agentKey) && g.approvalGate === 'none') autoApproving.push({ agentName: g.agentName, reason: g.gateReason });
    for (const k of inThisRun) judged.add(k);
  }
  const scores = computeWorkspaceScores(ws, now);
  const checklistFindings = scores.agents.flatMap((a) =>
    a.controls.flatMap((c) =>
      c.findings.filter((f) => f.status === 'open').map((f) => ({ ruleId: f.ruleId, agentName: a.agentName, message: f.message })),
    ),
  );
  return { ...inv, discoveredShared, autoApproving, checklistFindings };
}

export const policyHandlers: Handlers<typeof policyChannels> = {
  'policy:evaluate': (ctx, { workspaceId, text }) => {
    const parsed = parsePolicy(text);
    if (!parsed.policy) return { errors: parsed.errors, result: null };
    const result = evaluatePolicy(parsed.policy, policyInputFor(ctx.workspace(workspaceId), ctx.now()));
    return { errors: [], result: { ...result, rules: parsed.policy.rules.length } };
  },
};
