import { describe, expect, it } from 'vitest';
import {
  analyseActivity,
  attributeEvent,
  buildAttributionIndex,
  defaultEnvironmentOf,
  parseAll,
  type ActivityEvent,
  type EnvironmentOf,
} from '../../../core/activity/index';
import { arrayRecords, ctx, fingerprint, fixtureInventory, grant, parseLines } from './helpers';

const base: ActivityEvent = {
  id: 'e1',
  correlation: null,
  format: 'cloudtrail',
  time: '2026-05-04T10:00:00.000Z',
  actor: {},
  env: {},
  action: 'x',
  target: null,
  actionClass: 'delete',
  classWhy: '',
  outcome: 'success',
  outcomeWhy: '',
  approval: null,
  source: { file: 'f', line: 1 },
};
const inventory = fixtureInventory();
const index = buildAttributionIndex(inventory, fingerprint);
const who = (actor: ActivityEvent['actor']) => attributeEvent({ ...base, actor }, index);

describe('attribution: each rule, with its reason', () => {
  it('a role arn matches a declared "…/cleanup-agent" identity', () => {
    expect(who({ roleArn: 'arn:aws:iam::111122223333:role/cleanup-agent' })).toEqual({
      agentId: 'ag-cleanup',
      agentName: 'Account Cleanup Agent',
      grantId: 'gr-cleanup',
      via: 'role-arn',
      why: 'agent = Account Cleanup Agent: role arn arn:aws:iam::111122223333:role/cleanup-agent is its credential',
    });
  });

  it('a credential fingerprint matches a grant whose identity is the access key id, without echoing the key', () => {
    const inv = {
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
    const result = attributeEvent(
      { ...base, actor: { credentialFingerprint: fingerprint('AKIAPLANTEDBILLING01') } },
      buildAttributionIndex(inv, fingerprint),
    );
    expect(result).toMatchObject({ agentId: 'ag-billing', via: 'credential' });
    expect(result.why).not.toContain('AKIAPLANTEDBILLING01');
  });

  it('service account, database role, user and agent name', () => {
    expect(who({ serviceAccount: 'system:serviceaccount:agents:ops-agent' })).toMatchObject({ agentId: 'ag-ops', via: 'service-account' });
    expect(who({ dbRole: 'AGENT_RW' })).toMatchObject({ agentId: 'ag-db', via: 'db-role' });
    expect(who({ username: 'release-bot[bot]' })).toMatchObject({ agentId: 'ag-release', via: 'username' });
    expect(who({ agentName: 'ops agent' })).toMatchObject({
      agentId: 'ag-ops',
      via: 'agent-name',
      why: 'agent = Ops Agent: the record names agent ops agent',
    });
  });

  it('a stronger rule wins over a weaker one', () => {
    expect(who({ roleArn: 'arn:aws:iam::111122223333:role/cleanup-agent', agentName: 'Ops Agent' })).toMatchObject({
      agentId: 'ag-cleanup',
      via: 'role-arn',
    });
  });

  it('unknown actors are kept with a reason; a credential shared by two agents is not guessed', () => {
    expect(who({ username: 'intern' })).toMatchObject({
      agentId: null,
      why: "unknown actor: intern matches no agent's credential or name",
    });
    const shared = {
      ...inventory,
      grants: [
        ...inventory.grants,
        grant('gr-dup', {
          agentId: 'ag-billing',
          systemId: 'sys-orders',
          environmentId: 'env-prod',
          actions: ['read'],
          credentialIdentity: 'agent_rw',
        }),
      ],
    };
    expect(attributeEvent({ ...base, actor: { dbRole: 'agent_rw' } }, buildAttributionIndex(shared))).toMatchObject({
      agentId: null,
      why: 'unknown actor: agent_rw is the credential of several agents (DB Maintenance Agent, Billing Bot)',
    });
  });
});

describe('environment', () => {
  const env = (e: Partial<ActivityEvent>) => defaultEnvironmentOf({ ...base, ...e }, inventory, who(e.actor ?? {}));
  it('from a tier word in a hint, the record naming it', () => {
    expect(env({ env: { namespace: 'prod' } })).toMatchObject({
      environmentId: 'env-prod',
      basis: 'hint',
      why: 'Production: namespace prod (rule env-prod-word)',
    });
    expect(env({ env: { host: 'db.staging.internal' } })).toMatchObject({
      environmentId: 'env-stg',
      why: 'Staging: host db.staging.internal (rule env-staging-word)',
    });
    expect(env({ env: { environmentName: 'Staging' } })).toMatchObject({ environmentId: 'env-stg' });
  });
  it('from a system the record names, when the inventory has it in one environment', () => {
    expect(env({ env: { database: 'orders' } })).toMatchObject({ environmentId: 'env-prod', systemId: 'sys-orders', basis: 'hint' });
  });
  it('from the matched grant when the record names nothing', () => {
    expect(env({ actor: { serviceAccount: 'system:serviceaccount:agents:ops-agent' } })).toMatchObject({
      environmentId: 'env-prod',
      basis: 'grant',
    });
    expect(env({})).toMatchObject({ environmentId: null, basis: 'none' });
  });
  it('is pluggable: a discovery mapping can replace the default', () => {
    const everythingStaging: EnvironmentOf = () => ({ environmentId: 'env-stg', systemId: null, basis: 'hint', why: 'rule: all staging' });
    const [a] = analyseActivity([{ ...base, env: { namespace: 'prod' } }], inventory, { environmentOf: everythingStaging });
    expect(a?.environment).toMatchObject({ name: 'Staging', tier: 'staging', why: 'rule: all staging' });
  });
});

describe('analyse the fixtures', () => {
  const events = [
    ...parseAll('cloudtrail', arrayRecords('111122223333_CloudTrail_eu-west-1_20260504T1015Z_fake.json', 'Records'), ctx).events,
    ...parseLines('k8s-audit', 'k8s-audit.log').events,
    ...parseLines('postgres-log', 'postgresql-2026-05-04.log').events,
  ];
  const analysed = analyseActivity(events, inventory, { fingerprint });
  const of = (id: string) => analysed.find((a) => a.event.id === id);

  it('attributes, places and checks each event against the grants', () => {
    expect(of('cloudtrail:ev-0002')).toMatchObject({
      attribution: { agentName: 'Account Cleanup Agent' },
      environment: { tier: 'production' },
      grants: { allowed: true, gate: 'single' },
    });
    expect(of('cloudtrail:ev-0005')?.grants).toMatchObject({
      allowed: false,
      why: 'no declared grant of Account Cleanup Agent allows permission-change in Production on AWS 111122223333',
    });
    expect(of('cloudtrail:ev-0004')).toMatchObject({
      attribution: { agentId: null },
      environment: { tier: 'production' },
      grants: { allowed: null },
    });
    expect(of('postgresql-2026-05-04.log:1')).toMatchObject({
      attribution: { agentName: 'DB Maintenance Agent', via: 'db-role' },
      environment: { name: 'Production' },
    });
  });

  it('never drops an event: unknown actors stay', () => {
    expect(analysed).toHaveLength(events.length);
  });

  it('an expired grant no longer allows the action', () => {
    const inv = { ...inventory, grants: inventory.grants.map((g) => (g.id === 'gr-cleanup' ? { ...g, expiresAt: '2026-05-01' } : g)) };
    const [a] = analyseActivity([events[1] as ActivityEvent], inv, { fingerprint });
    expect(a?.grants).toMatchObject({ allowed: false, why: 'the grant for delete in Production on AWS 111122223333 had expired' });
  });
});
