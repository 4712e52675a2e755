/**
 * The edits the incremental-scoring property test makes (issue 16): one per mutation channel that
 * reaches a score, through dispatch, including activity imports and approvals and discovery runs and
 * acceptances (which follow the declared inventory: drift and behaviour findings).
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { ACTION_CLASSES, APPROVAL_GATES, CRITICALITIES, ENVIRONMENT_TIERS } from '../../../core/inventory/vocabulary';
import { scoringInputFor } from '../../../electron/services/scoring-queries';
import { readEvidence } from '../../../electron/store/scoring/answers';
import { makeHarness, type Harness } from '../helpers';
import { applyEvidenceEdit, EVIDENCE_KINDS, evidenceOps, type EvidenceOp } from './incremental-evidence-edits';
const CREDENTIALS = ['svc-shared', 'SVC-Shared ', 'svc-other', 'dbmaint', 'svc-triage-prod', ''];
export const NOW = new Date('2026-06-01T12:00:00Z');

export type Op =
  | { kind: 'grant-update'; pick: number; cred: number; env: number; agent: number | null; actions: number; gate: number }
  | { kind: 'grant-create'; agent: number; system: number; env: number; cred: number; actions: number }
  | { kind: 'grant-delete'; pick: number }
  | { kind: 'answer-set'; agent: number; control: number; value: number }
  | { kind: 'answer-clear'; agent: number; control: number }
  | { kind: 'evidence-add'; agent: number; control: number; daysAgo: number }
  | { kind: 'evidence-remove'; pick: number }
  | { kind: 'risk-accept'; agent: number; pick: number }
  | { kind: 'risk-revoke'; pick: number }
  | { kind: 'system'; pick: number; criticality: number }
  | { kind: 'environment'; pick: number; tier: number; rename: boolean }
  | { kind: 'agent'; pick: number }
  | { kind: 'grant-approve'; pick: number; elsewhere: boolean }
  | EvidenceOp;

export const KINDS: Op['kind'][] = [
  'grant-update',
  'grant-create',
  'grant-delete',
  'answer-set',
  'answer-clear',
  'evidence-add',
  'evidence-remove',
  'risk-accept',
  'risk-revoke',
  'system',
  'environment',
  'agent',
  'grant-approve',
  ...EVIDENCE_KINDS,
];
const n = fc.nat({ max: 1000 });
export const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('grant-update' as const),
      pick: n,
      cred: n,
      env: n,
      agent: fc.option(n),
      actions: n,
      gate: n,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('grant-create' as const), agent: n, system: n, env: n, cred: n, actions: n }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('grant-delete' as const), pick: n }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('answer-set' as const), agent: n, control: n, value: n }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('answer-clear' as const), agent: n, control: n }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('evidence-add' as const), agent: n, control: n, daysAgo: fc.nat({ max: 400 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('evidence-remove' as const), pick: n }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('risk-accept' as const), agent: n, pick: n }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('risk-revoke' as const), pick: n }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('system' as const), pick: n, criticality: n }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('environment' as const), pick: n, tier: n, rename: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('agent' as const), pick: n }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('grant-approve' as const), pick: n, elsewhere: fc.boolean() }) },
  ...evidenceOps(n),
);

const at = <T>(xs: readonly T[], i: number): T => xs[i % xs.length]!;
const actionsOf = (i: number) => ACTION_CLASSES.filter((_, k) => ((i + 1) >> k) & 1 || k === i % ACTION_CLASSES.length);

/** One edit through dispatch; edits the app refuses (a duplicate grant, nothing to remove) are simply not made. */
export async function apply(h: Harness, workspaceId: string, o: Op, step: number): Promise<unknown> {
  const ws = h.ctx.workspace(workspaceId);
  const input = scoringInputFor(ws, NOW);
  const { agents, grants, systems, environments } = input.inventory;
  const controls = input.checklist.controls;
  const ref = { checklistId: input.checklist.id, checklistVersion: input.checklist.version };
  const tryCall = (p: Promise<unknown>) =>
    p.then(
      () => void made.add(o.kind),
      (e: unknown) => void expect(String(e)).toMatch(/CONFLICT|NOT_FOUND|VALIDATION|REFUSED/),
    );
  switch (o.kind) {
    case 'grant-update': {
      if (!grants.length) return;
      const g = at(grants, o.pick);
      const { id, createdAt: _c, updatedAt: _u, version, ...rest } = g;
      const grant = {
        ...rest,
        credentialIdentity: at(CREDENTIALS, o.cred),
        environmentId: at(environments, o.env).id,
        agentId: o.agent === null ? g.agentId : at(agents, o.agent).id,
        actions: actionsOf(o.actions),
        approvalGate: at(APPROVAL_GATES, o.gate),
      };
      return tryCall(h.call('grant:update', { workspaceId, id, grant, expectedVersion: version }));
    }
    case 'grant-create': {
      const grant = {
        agentId: at(agents, o.agent).id,
        systemId: at(systems, o.system).id,
        environmentId: at(environments, o.env).id,
        actions: actionsOf(o.actions),
        scope: `scope-${step}`,
        credentialIdentity: at(CREDENTIALS, o.cred),
        approvalGate: 'none' as const,
        expiresAt: null,
        justification: '',
      };
      return tryCall(h.call('grant:create', { workspaceId, grant }));
    }
    case 'grant-delete':
      if (!grants.length) return;
      return tryCall(h.call('grant:delete', { workspaceId, id: at(grants, o.pick).id }));
    case 'answer-set': {
      const value = at(['yes', 'partial', 'no', 'na'] as const, o.value);
      const answer = { controlId: at(controls, o.control).id, value, naReason: value === 'na' ? 'Not used here' : '' };
      return tryCall(h.call('answer:set', { workspaceId, agentId: at(agents, o.agent).id, ...ref, answers: [answer] }));
    }
    case 'answer-clear':
      return tryCall(h.call('answer:clear', { workspaceId, agentId: at(agents, o.agent).id, controlId: at(controls, o.control).id }));
    case 'evidence-add': {
      const evidenceDate = new Date(NOW.getTime() - o.daysAgo * 86_400_000).toISOString().slice(0, 10);
      const evidence = { kind: 'note' as const, label: `Evidence ${step}`, evidenceDate, recordedBy: 'Tester' };
      const body = { workspaceId, agentId: at(agents, o.agent).id, controlId: at(controls, o.control).id, ...ref, evidence };
      return tryCall(h.call('evidence:add', body));
    }
    case 'evidence-remove': {
      const ids = readEvidence(ws.db).map((e) => e.id);
      if (!ids.length) return;
      return tryCall(h.call('evidence:remove', { workspaceId, id: at(ids, o.pick) }));
    }
    case 'risk-accept': {
      const agent = at(agents, o.agent);
      const score = await h.call('score:agent', { workspaceId, agentId: agent.id });
      const open = score.score.controls.flatMap((c) => c.findings).filter((f) => f.status === 'open');
      if (!open.length) return;
      const risk = {
        owner: 'Owner',
        reason: 'Accepted for the test',
        expiresOn: '2026-12-01',
        acceptedBy: 'Tester',
        approvedBy: 'Approver',
      };
      return tryCall(h.call('risk:accept', { workspaceId, agentId: agent.id, findingKey: at(open, o.pick).key, ...risk }));
    }
    case 'risk-revoke':
      if (!input.acceptedRisks.length) return;
      return tryCall(h.call('risk:revoke', { workspaceId, findingKey: at(input.acceptedRisks, o.pick).findingKey }));
    case 'system': {
      const { id, createdAt: _c, updatedAt: _u, version, ...system } = at(systems, o.pick);
      const next = { ...system, criticality: at(CRITICALITIES, o.criticality) };
      return tryCall(h.call('system:update', { workspaceId, id, system: next, expectedVersion: version }));
    }
    case 'environment': {
      const { id, createdAt: _c, updatedAt: _u, version, builtin: _b, ...env } = at(environments, o.pick);
      const next = { ...env, tier: at(ENVIRONMENT_TIERS, o.tier), name: o.rename ? `${env.name.replace(/ \d+$/, '')} ${step}` : env.name };
      return tryCall(h.call('environment:update', { workspaceId, id, environment: next, expectedVersion: version }));
    }
    case 'grant-approve': {
      if (!grants.length) return;
      const id = at(grants, o.pick).id;
      const approver = { name: `Approver ${step % 3}`, source: 'cli-flag' as const };
      if (o.elsewhere) {
        // Another connection (a second app or the CLI on the same file): the journal cannot vouch for it.
        const other = makeHarness({ dataDir: h.dataDir, now: () => NOW, actor: approver });
        try {
          return await tryCall(other.call('grant:approve', { workspaceId, id, validDays: 90 }));
        } finally {
          other.close();
        }
      }
      const actor = h.ctx.actor;
      h.ctx.actor = approver;
      try {
        return await tryCall(h.call('grant:approve', { workspaceId, id, validDays: 90 }));
      } finally {
        h.ctx.actor = actor;
      }
    }
    case 'activity-import':
    case 'activity-approval':
    case 'log-answer':
    case 'discovery':
    case 'discovered-grant':
      return applyEvidenceEdit(h, workspaceId, o, step, input, tryCall);
    case 'agent': {
      const { id, createdAt: _c, updatedAt: _u, version, ...agent } = at(agents, o.pick);
      return tryCall(
        h.call('agent:update', { workspaceId, id, agent: { ...agent, purpose: `${agent.purpose} (${step})` }, expectedVersion: version }),
      );
    }
  }
}

/** One sequence that makes every kind of edit (random runs may miss some, e.g. removing evidence after adding it). */
export const EVERY_KIND: Op[] = [
  { kind: 'grant-update', pick: 0, cred: 0, env: 1, agent: null, actions: 3, gate: 0 },
  { kind: 'grant-create', agent: 1, system: 0, env: 0, cred: 0, actions: 5 },
  { kind: 'grant-delete', pick: 2 },
  { kind: 'answer-set', agent: 0, control: 0, value: 0 },
  { kind: 'evidence-add', agent: 0, control: 0, daysAgo: 3 },
  { kind: 'evidence-remove', pick: 0 },
  { kind: 'answer-clear', agent: 0, control: 0 },
  { kind: 'risk-accept', agent: 0, pick: 0 },
  { kind: 'risk-revoke', pick: 0 },
  { kind: 'system', pick: 0, criticality: 3 },
  { kind: 'environment', pick: 0, tier: 3, rename: true },
  { kind: 'grant-approve', pick: 1, elsewhere: false },
  { kind: 'grant-approve', pick: 1, elsewhere: true },
  { kind: 'agent', pick: 0 },
  // Drift follows the declared grants and environment names; then logs, whose findings follow the grants too.
  { kind: 'discovery', file: 0, accept: true },
  { kind: 'discovery', file: 0, accept: false },
  { kind: 'discovered-grant', pick: 0, actions: 0, gate: 0 },
  { kind: 'environment', pick: 1, tier: 0, rename: true },
  { kind: 'discovered-grant', pick: 0, actions: 5, gate: 2 },
  { kind: 'activity-import', file: 0 },
  { kind: 'log-answer', pick: 0, value: 0 },
  { kind: 'activity-import', file: 1 },
  { kind: 'log-answer', pick: 1, value: 1 },
  { kind: 'activity-approval', pick: 0, anyAgent: false, withdraw: false },
  { kind: 'activity-approval', pick: 0, anyAgent: true, withdraw: false },
  { kind: 'activity-approval', pick: 0, anyAgent: false, withdraw: true },
  { kind: 'grant-update', pick: 1, cred: 3, env: 0, agent: null, actions: 2, gate: 1 },
];

/** The kinds of edit that were made at least once (refused ones are not). */
export const made = new Set<Op['kind']>();
