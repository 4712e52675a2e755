import { AppError } from '../../core/common/errors';
import { diffAgainstDeclared, environmentFor, type ProposedGrant } from '../../core/discovery/index';
import type { AcceptEdit } from '../../core/discovery/contract';
import { keyOf } from '../../core/discovery/mapping/proposal';
import { reviewItems } from '../../core/discovery/review';
import {
  ACTION_CLASSES,
  AgentInput,
  DEFAULT_ENVIRONMENTS,
  EnvironmentInput,
  GrantInput,
  SystemInput,
  type EnvironmentTier,
} from '../../core/inventory/model';
import { markAccepted } from '../store/discovery/provenance';
import { createAgent } from '../store/inventory/agents';
import { createGrant, updateGrant } from '../store/inventory/grants';
import { environmentsTable, grantsTable, systemsTable } from '../store/inventory/tables';
import type { WriteTx } from '../store/mutate/index';
import { declaredOf, type Run } from './discovery-run';

export type AcceptCounts = { created: { agents: number; systems: number; environments: number; grants: number }; updated: number };

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Accepts items of a run, inside the caller's write transaction, through the inventory's own entity
 * functions (so validation, duplicate checks and the change history see them). The diff is made again
 * here against the inventory as it is now, so an item accepted twice, or from a stale screen, is not
 * written twice. A grant brings its agent, system and environment with it when they are new.
 */
export function acceptItems(tx: WriteTx, run: Run, all: boolean, edits: AcceptEdit[]): AcceptCounts {
  const { db, now } = tx;
  const diff = diffAgainstDeclared(declaredOf(db), run.proposal);
  const acceptable = new Set(
    reviewItems(diff)
      .filter((i) => i.acceptable)
      .map((i) => i.key),
  );
  const unknown = edits.filter((e) => !acceptable.has(e.key));
  if (unknown.length)
    throw new AppError(
      'VALIDATION',
      `Nothing to accept for "${clip(unknown[0]!.key, 120)}": it is not a pending item of this run (already accepted?).`,
      {
        issues: unknown.slice(0, 20).map((e) => ({ path: 'items', message: `Not pending: ${clip(e.key, 120)}` })),
      },
    );
  const wanted = all ? acceptable : new Set(edits.map((e) => e.key));
  const editOf = new Map(edits.map((e) => [e.key, e]));
  const counts: AcceptCounts = { created: { agents: 0, systems: 0, environments: 0, grants: 0 }, updated: 0 };

  const agentId = (key: string): string => {
    const found = declaredOf(db).agents.find((a) => keyOf('agent', a.name) === key);
    if (found) return found.id;
    const a = run.proposal.agents.find((x) => x.key === key)!;
    const id = createAgent(db, AgentInput.parse({ name: a.name, purpose: clip(`Discovered: ${a.reason}`, 2000) }), now);
    markAccepted(tx, 'agent', id, key, 'discovered', null);
    counts.created.agents++;
    return id;
  };
  const systemId = (key: string): string => {
    const found = declaredOf(db).systems.find((s) => keyOf('system', s.name) === key);
    if (found) return found.id;
    const s = run.proposal.systems.find((x) => x.key === key)!;
    const id = systemsTable.insert(db, SystemInput.parse({ name: s.name, kind: s.kind }), now);
    markAccepted(tx, 'system', id, key, 'discovered', null);
    counts.created.systems++;
    return id;
  };
  const environmentId = (tier: EnvironmentTier, name: string): string => {
    const found = environmentFor(declaredOf(db), tier, name);
    if (found) return found.id;
    const dflt = DEFAULT_ENVIRONMENTS.find((e) => e.tier === tier)?.name ?? name;
    counts.created.environments++;
    return environmentsTable.insert(db, EnvironmentInput.parse({ name: dflt, tier }), now);
  };

  for (const a of diff.newAgents) if (wanted.has(a.key)) agentId(a.key);
  for (const s of diff.newSystems) if (wanted.has(s.key)) systemId(s.key);
  for (const e of diff.newEnvironments) if (wanted.has(`environment:${e.tier}`)) environmentId(e.tier, e.name);

  const create = (g: ProposedGrant) => {
    const edit = editOf.get(g.key);
    const tier = edit?.environmentTier ?? g.environmentTier;
    const grant = GrantInput.parse({
      agentId: agentId(g.agentKey),
      systemId: systemId(g.systemKey),
      environmentId: environmentId(tier, tier === g.environmentTier ? g.environmentName : tier),
      actions: g.actions,
      scope: clip(g.scope, 200),
      credentialIdentity: g.credentialIdentity,
      approvalGate: edit?.approvalGate ?? g.approvalGate,
      justification: clip(`Discovered. ${g.environmentReason} Gate: ${g.gateReason}`, 2000),
    });
    const id = createGrant(db, grant, now);
    markAccepted(tx, 'grant', id, g.key, 'discovered', g.hashOfApproved);
    counts.created.grants++;
  };
  for (const g of diff.newGrants) if (wanted.has(g.key)) create(g);
  for (const w of diff.wider) {
    if (!wanted.has(w.proposed.key)) continue;
    if (w.declaredGrantId === null) {
      create(w.proposed);
      continue;
    }
    // Reality is wider than declared: the declared grant is widened to what was found (or the user's gate).
    const current = grantsTable.get(db, w.declaredGrantId);
    const edit = editOf.get(w.proposed.key);
    const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = current;
    updateGrant(
      db,
      current.id,
      GrantInput.parse({
        ...fields,
        actions: ACTION_CLASSES.filter((a) => current.actions.includes(a) || w.moreActions.includes(a)),
        approvalGate: edit?.approvalGate ?? w.weakerGate?.discovered ?? current.approvalGate,
      }),
      now,
    );
    markAccepted(tx, 'grant', current.id, w.proposed.key, 'both', w.proposed.hashOfApproved);
    counts.updated++;
  }
  return counts;
}
