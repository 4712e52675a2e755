import { describe, expect, it } from 'vitest';
import { scoreWorkspace } from '../../../core/scoring/engine';
import type { Agent, Grant, InventorySnapshot } from '../../../core/inventory/model';
import type { DrillEvidence } from '../../../core/evidence/drill-evidence';
import { agent, checklistOf, control, grant, input, inventory, workflow } from './fixtures';

/** Score agent "a" against one control carrying `rule` and return that control's result. */
function run(
  rule: Record<string, unknown>,
  agents: Agent[],
  grants: Grant[],
  extra: Partial<InventorySnapshot> = {},
  drills?: DrillEvidence,
  reviewPeriodDays = 90,
) {
  const checklist = checklistOf([control({ id: 'PRM-1', rule: rule as never, reviewPeriodDays })]);
  const res = scoreWorkspace(
    input({ checklist, inventory: inventory({ agents, grants, ...extra }), ...(drills ? { drillEvidence: drills } : {}) }),
  );
  const a = res.agents.find((x) => x.agentId === 'a')!;
  return a.controls[0]!;
}
const messages = (c: ReturnType<typeof run>) => c.findings.map((f) => f.message);

describe('destructive-without-gate', () => {
  const rule = { id: 'destructive-without-gate' };
  it('flags a production delete with no gate, naming system and environment', () => {
    const c = run(rule, [agent('a')], [grant('a', { id: 'g-del', actions: ['read', 'delete'] })]);
    expect(c.findings).toHaveLength(1);
    expect(c.findings[0]!.grantId).toBe('g-del');
    expect(c.findings[0]!.message).toContain('System db in Prod');
    expect(c.findings[0]!.message).toContain('delete with no approval gate');
    expect(c.effective).toBe('no');
  });
  it('passes when the destructive grant is gated, and ignores staging and read grants', () => {
    const c = run(
      rule,
      [agent('a')],
      [
        grant('a', { actions: ['delete'], approvalGate: 'single' }),
        grant('a', { actions: ['delete'], environmentId: 'staging' }),
        grant('a', { actions: ['read'] }),
      ],
    );
    expect(c.findings).toEqual([]);
    expect(c.effective).toBe('yes');
  });
  it('is n/a when the agent cannot destroy anything in production', () => {
    const c = run(rule, [agent('a')], [grant('a', { actions: ['read', 'write'] })]);
    expect(c.effective).toBe('na');
  });
  it('honours tier params', () => {
    const c = run(
      { id: 'destructive-without-gate', params: { tiers: ['staging'] } },
      [agent('a')],
      [grant('a', { actions: ['deploy'], environmentId: 'staging' })],
    );
    expect(c.findings).toHaveLength(1);
  });
});

describe('two-person-missing', () => {
  const rule = { id: 'two-person-missing' };
  it('flags single-approver production deletes', () => {
    const c = run(rule, [agent('a')], [grant('a', { actions: ['delete'], approvalGate: 'single' })]);
    expect(messages(c)[0]).toContain('a single approver; two approvers are required');
  });
  it('passes with two-person approval, and ignores deploy (not in the default list)', () => {
    const c = run(
      rule,
      [agent('a')],
      [grant('a', { actions: ['payment'], approvalGate: 'two-person' }), grant('a', { actions: ['deploy'], approvalGate: 'single' })],
    );
    expect(c.findings).toEqual([]);
  });
});

describe('shared-credential-across-environments', () => {
  const rule = { id: 'shared-credential-across-environments' };
  it('flags a credential used in production and staging (case-insensitive)', () => {
    const c = run(
      rule,
      [agent('a')],
      [grant('a', { credentialIdentity: 'svc-x' }), grant('a', { credentialIdentity: 'SVC-X ', environmentId: 'staging' })],
    );
    expect(c.findings).toHaveLength(2);
    expect(messages(c)[0]).toContain('also used in Staging');
  });
  it('also catches reuse by another agent in another environment', () => {
    const c = run(
      rule,
      [agent('a'), agent('b')],
      [grant('a', { credentialIdentity: 'svc-x' }), grant('b', { credentialIdentity: 'svc-x', environmentId: 'sandbox' })],
    );
    expect(c.findings).toHaveLength(1);
  });
  it('passes with one credential per environment, and ignores empty identities', () => {
    const c = run(
      rule,
      [agent('a')],
      [
        grant('a', { credentialIdentity: 'svc-p' }),
        grant('a', { credentialIdentity: 'svc-s', environmentId: 'staging' }),
        grant('a', { credentialIdentity: '' }),
        grant('a', { credentialIdentity: '', environmentId: 'staging' }),
      ],
    );
    expect(c.findings).toEqual([]);
  });
});

describe('identity-not-own', () => {
  const rule = { id: 'identity-not-own' };
  it('flags a missing identity and one shared with another agent', () => {
    const c = run(
      rule,
      [agent('a'), agent('b')],
      [grant('a', { credentialIdentity: '' }), grant('a', { credentialIdentity: 'shared' }), grant('b', { credentialIdentity: 'shared' })],
    );
    expect(messages(c).join('\n')).toMatch(/no credential identity[\s\S]*shared with Agent b/);
  });
  it('passes when every grant has the agent’s own identity', () => {
    const c = run(
      rule,
      [agent('a'), agent('b')],
      [grant('a', { credentialIdentity: 'mine' }), grant('b', { credentialIdentity: 'theirs' })],
    );
    expect(c.findings).toEqual([]);
  });
});

describe('admin-or-wildcard', () => {
  const rule = { id: 'admin-or-wildcard' };
  it('flags admin rights and wildcard write scopes', () => {
    const c = run(rule, [agent('a')], [grant('a', { actions: ['admin'], scope: 'x' }), grant('a', { actions: ['write'], scope: '*' })]);
    expect(c.findings.map((f) => f.key.split(':').pop())).toEqual(['admin', 'wildcard']);
  });
  it('passes narrow scopes and wildcard reads (unless includeRead)', () => {
    expect(
      run(rule, [agent('a')], [grant('a', { actions: ['write'], scope: 'tickets/*' }), grant('a', { actions: ['read'], scope: '*' })])
        .findings,
    ).toEqual([]);
    expect(
      run({ id: 'admin-or-wildcard', params: { includeRead: true } }, [agent('a')], [grant('a', { actions: ['read'], scope: '*' })])
        .findings,
    ).toHaveLength(1);
  });
});

describe('grant-without-expiry', () => {
  const rule = { id: 'grant-without-expiry' };
  it('flags standing production write access', () => {
    expect(run(rule, [agent('a')], [grant('a', { actions: ['write'], expiresAt: null })]).findings).toHaveLength(1);
  });
  it('passes expiring grants, and ignores read-only and staging grants by default', () => {
    const c = run(
      rule,
      [agent('a')],
      [
        grant('a', { actions: ['write'], expiresAt: '2026-12-31' }),
        grant('a', { actions: ['read'], expiresAt: null }),
        grant('a', { actions: ['write'], environmentId: 'staging', expiresAt: null }),
      ],
    );
    expect(c.findings).toEqual([]);
  });
});

describe('stale-access', () => {
  const rule = { id: 'stale-access' };
  it('flags expired grants and retired agents holding grants', () => {
    expect(run(rule, [agent('a')], [grant('a', { expiresAt: '2026-05-31' })]).findings[0]!.message).toContain('expired on 2026-05-31');
    expect(run(rule, [agent('a', { lifecycle: 'retired' })], [grant('a')]).findings[0]!.message).toContain('retired');
  });
  it('passes a grant expiring today or later', () => {
    expect(run(rule, [agent('a')], [grant('a', { expiresAt: '2026-06-01' })]).findings).toEqual([]);
  });
});

describe('write-in-read-only-environment', () => {
  const rule = { id: 'write-in-read-only-environment' };
  it('flags delete rights in a read-only environment', () => {
    expect(run(rule, [agent('a')], [grant('a', { environmentId: 'ro', actions: ['read', 'delete'] })]).findings[0]!.message).toContain(
      'read-only but the agent can delete',
    );
  });
  it('passes read access there', () => {
    expect(run(rule, [agent('a')], [grant('a', { environmentId: 'ro', actions: ['read'] })]).findings).toEqual([]);
  });
});

describe('production-without-rehearsal', () => {
  const rule = { id: 'production-without-rehearsal' };
  it('flags production writes with no staging or sandbox access to the same system', () => {
    expect(
      run(rule, [agent('a')], [grant('a', { actions: ['write'] }), grant('a', { environmentId: 'staging', systemId: 'crm' })]).findings,
    ).toHaveLength(1);
  });
  it('passes when the same system is reachable in staging', () => {
    expect(run(rule, [agent('a')], [grant('a', { actions: ['write'] }), grant('a', { environmentId: 'staging' })]).findings).toEqual([]);
  });
});

describe('agent-fields-missing', () => {
  const rule = { id: 'agent-fields-missing', params: { fields: ['accountableOwner', 'escalationContact'] } };
  it('flags an agent with no accountable owner and no escalation contact', () => {
    const c = run(rule, [agent('a', { accountableOwner: '', escalationContact: '  ' })], []);
    expect(messages(c)).toEqual(['Agent a has no accountable owner recorded.', 'Agent a has no escalation contact recorded.']);
  });
  it('passes when both are named', () => {
    expect(run(rule, [agent('a')], []).findings).toEqual([]);
  });
});

describe('workflow-owner-missing', () => {
  const rule = { id: 'workflow-owner-missing' };
  it('flags a workflow without owner and an agent in no workflow', () => {
    expect(run(rule, [agent('a')], [], { workflows: [workflow('wf1', '')] }).findings[0]!.message).toContain('has no owner');
    expect(run(rule, [agent('a', { workflowIds: [] })], []).findings[0]!.message).toContain('not part of any workflow');
  });
  it('passes when every workflow has an owner', () => {
    expect(run(rule, [agent('a')], []).findings).toEqual([]);
  });
});

describe('rollback-not-exercised', () => {
  const rule = { id: 'rollback-not-exercised' };
  const rec = (exercisedOn: string, ttcMs: number | null = 60_000) => ({
    recoveries: [{ drillId: 'd1', agentId: 'a', scenarioId: 's', exercisedOn, ttrMs: 1000, ttcMs }],
    openCorrectiveActions: [],
  });
  it('flags a production-writing agent never drilled, and one drilled too long ago', () => {
    expect(run(rule, [agent('a')], [grant('a', { actions: ['write'] })]).findings[0]!.message).toContain('never been exercised');
    expect(run(rule, [agent('a')], [grant('a', { actions: ['write'] })], {}, rec('2025-12-01')).findings[0]!.message).toContain(
      'older than the 90-day review period',
    );
  });
  it('passes with a drill inside the review period', () => {
    expect(run(rule, [agent('a')], [grant('a', { actions: ['write'] })], {}, rec('2026-04-01')).findings).toEqual([]);
  });
  it('is n/a for an agent that only reads production', () => {
    expect(run(rule, [agent('a')], [grant('a', { actions: ['read'] })]).effective).toBe('na');
  });
  it('containment-not-drilled needs a measured time to contain', () => {
    const r2 = { id: 'containment-not-drilled' };
    expect(run(r2, [agent('a')], [grant('a', { actions: ['write'] })], {}, rec('2026-04-01', null)).findings).toHaveLength(1);
    expect(run(r2, [agent('a')], [grant('a', { actions: ['write'] })], {}, rec('2026-04-01', 60_000)).findings).toEqual([]);
    const slow = run(
      { id: 'containment-not-drilled', params: { maxMinutes: 1 } },
      [agent('a')],
      [grant('a', { actions: ['write'] })],
      {},
      rec('2026-04-01', 120_000),
    );
    expect(slow.findings[0]!.message).toContain('took 2 min, over the 1 min target');
    expect(
      run(
        { id: 'containment-not-drilled', params: { maxMinutes: 1 } },
        [agent('a')],
        [grant('a', { actions: ['write'] })],
        {},
        rec('2026-04-01', 60_000),
      ).findings,
    ).toEqual([]);
  });
});
