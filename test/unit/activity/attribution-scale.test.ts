import { describe, expect, it } from 'vitest';
import { activityFindings, analyseActivity, type ActivityEvent } from '../../../core/activity/index';
import type { InventorySnapshot } from '../../../core/inventory/model';
import { agent, fingerprint, fixtureInventory, grant } from './helpers';

const base: ActivityEvent = {
  id: 'e',
  correlation: null,
  format: 'cloudtrail',
  time: '2026-05-04T10:00:00.000Z',
  actor: {},
  env: { account: '111122223333' },
  action: 'DeleteDBSnapshot',
  target: null,
  actionClass: 'delete',
  classWhy: '',
  outcome: 'success',
  outcomeWhy: '',
  approval: null,
  source: { file: 'f', line: 1 },
};

/** The fixture inventory plus 10k agents with 10 grants each (the bench workspace's size), every grant with a credential. */
function largeInventory(): InventorySnapshot {
  const inv = fixtureInventory();
  const agents = [...inv.agents];
  const grants = [...inv.grants];
  for (let i = 0; i < 10_000; i++) {
    agents.push(agent(`ag-${i}`, `Agent ${i}`));
    for (let k = 0; k < 10; k++)
      grants.push(
        grant(`gr-${i}-${k}`, {
          agentId: `ag-${i}`,
          systemId: 'sys-aws',
          environmentId: k % 2 === 0 ? 'env-prod' : 'env-stg',
          actions: ['read', 'delete'],
          credentialIdentity: `svc-${i}-${k}`,
        }),
      );
  }
  return { ...inv, agents, grants };
}

describe('attribution against a 10k-agent, 100k-grant inventory', () => {
  const inventory = largeInventory();
  const events: ActivityEvent[] = Array.from({ length: 20_000 }, (_, i) => ({
    ...base,
    id: `e-${i}`,
    actor:
      i % 4 === 0
        ? { roleArn: 'arn:aws:iam::111122223333:role/nobody-holds-this', credentialFingerprint: fingerprint(`ASIAUNKNOWN${i % 7}`) }
        : i % 4 === 1
          ? { principalArn: `arn:aws:sts::111122223333:assumed-role/svc-${i % 10_000}-${i % 10}/run-1` }
          : i % 4 === 2
            ? { roleArn: 'arn:aws:iam::111122223333:role/cleanup-agent' }
            : { dbRole: 'AGENT_RW' },
  }));

  it('attributes 20k events by lookup, not a pass over every grant per event (the 1 M-event import stalled on this)', () => {
    const t0 = performance.now();
    const analysed = analyseActivity(events, inventory, { fingerprint });
    const ms = performance.now() - t0;
    // a pass over 100k grants per event took ~0.3 s each (hours for this batch); by lookup it is milliseconds in all
    expect(ms).toBeLessThan(20_000);
    expect(analysed[0]?.attribution).toMatchObject({ agentId: null });
    expect(analysed[0]?.attribution.why).toContain('matches no agent');
    expect(analysed[1]?.attribution).toMatchObject({ agentId: 'ag-1', grantId: 'gr-1-1', via: 'role-arn' });
    expect(analysed[2]?.attribution).toMatchObject({ agentId: 'ag-cleanup', via: 'role-arn' });
    expect(analysed[3]?.attribution).toMatchObject({ agentId: 'ag-db', via: 'db-role' });
    // the grant check reads the attributed agent's own grants: gr-1-1 is in Staging, and allows delete there
    expect(analysed[1]?.grants).toMatchObject({ allowed: true, grantId: 'gr-1-1' });
    expect(analysed.filter((a) => a.attribution.agentId === null)).toHaveLength(5_000);
  });

  it('findings over 100k production deletes by one unknown actor, against the same inventory, in one pass (grouping copied a list per event)', () => {
    const deletes = analyseActivity(
      Array.from({ length: 100_000 }, (_, i) => ({ ...base, id: `d-${i}`, env: { namespace: 'prod' }, actor: { username: 'intern' } })),
      inventory,
      { fingerprint },
    );
    const t0 = performance.now();
    const findings = activityFindings(deletes, inventory);
    expect(performance.now() - t0).toBeLessThan(10_000);
    const unknown = findings.filter((f) => f.rule === 'unknown-actor-production-delete');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]?.eventIds).toHaveLength(100_000);
    // every generated agent has delete in Production and no event: each is a no-log-source finding
    expect(findings.filter((f) => f.rule === 'no-log-source').length).toBeGreaterThanOrEqual(10_000);
  });

  it('an access key declared as a credential among 100k others is still found by its fingerprint', () => {
    const withKey = {
      ...inventory,
      grants: [
        ...inventory.grants,
        grant('gr-key', {
          agentId: 'ag-billing',
          systemId: 'sys-aws',
          environmentId: 'env-prod',
          actions: ['read'],
          credentialIdentity: 'AKIAPLANTEDBILLING01',
        }),
      ],
    };
    const [a] = analyseActivity([{ ...base, actor: { credentialFingerprint: fingerprint('AKIAPLANTEDBILLING01') } }], withKey, {
      fingerprint,
    });
    expect(a?.attribution).toMatchObject({ agentId: 'ag-billing', grantId: 'gr-key', via: 'credential' });
  });
});

describe('role arn forms resolve the same through the index', () => {
  const inv = fixtureInventory();
  const ids: [string, string][] = [
    ['gr-path', 'team/path-agent'],
    ['gr-suffix', '…/ops/suffix-agent'],
    ['gr-colon', '...suffix-colon'],
    ['gr-exact', 'arn:aws:iam::999:role/exact-agent'],
  ];
  const withForms = {
    ...inv,
    agents: [...inv.agents, ...ids.map(([id]) => agent(`ag-${id}`, `Agent ${id}`))],
    grants: [
      ...inv.grants,
      ...ids.map(([id, identity]) =>
        grant(id, { agentId: `ag-${id}`, systemId: 'sys-aws', environmentId: 'env-prod', actions: ['read'], credentialIdentity: identity }),
      ),
    ],
  };
  const who = (actor: ActivityEvent['actor']) => analyseActivity([{ ...base, actor }], withForms, { fingerprint })[0]?.attribution.grantId;
  it('a bare name with a path, a "…/" suffix with a path, a ":" suffix, an exact arn; near misses stay unknown', () => {
    expect(who({ roleArn: 'arn:aws:iam::1:role/team/path-agent' })).toBe('gr-path');
    expect(who({ principalArn: 'arn:aws:sts::1:assumed-role/team/path-agent/session-9' })).toBe('gr-path');
    expect(who({ roleArn: 'arn:aws:iam::1:role/x/ops/suffix-agent' })).toBe('gr-suffix');
    expect(who({ roleArn: 'arn:aws:iam::1:suffix-colon' })).toBe('gr-colon');
    expect(who({ roleArn: 'arn:aws:iam::999:role/exact-agent' })).toBe('gr-exact');
    expect(who({ roleArn: 'arn:aws:iam::999:role/exact-agent-2' })).toBeNull();
    expect(who({ roleArn: 'arn:aws:iam::1:role/team/path-agent-old' })).toBeNull();
  });
});
