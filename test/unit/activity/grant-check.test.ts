import { describe, expect, it } from 'vitest';
import { activityFindings, analyseActivity, type ActivityEvent } from '../../../core/activity/index';
import { scopeCovers } from '../../../core/activity/grant-scope';
import type { InventorySnapshot } from '../../../core/inventory/model';
import { fingerprint, fixtureInventory, grant } from './helpers';

/** Billing Bot: delete on invoices/* of the orders database in production only, its role `billing-bot`. */
function inventory(): InventorySnapshot {
  const inv = fixtureInventory();
  return {
    ...inv,
    grants: [
      ...inv.grants.filter((g) => g.agentId !== 'ag-billing'),
      grant('gr-bill-prod', {
        agentId: 'ag-billing',
        systemId: 'sys-orders',
        environmentId: 'env-prod',
        actions: ['read', 'delete'],
        scope: 'invoices/*',
        credentialIdentity: 'billing-bot',
        approvalGate: 'single',
      }),
    ],
  };
}

const event = (over: Partial<ActivityEvent>): ActivityEvent => ({
  id: `e-${Math.random()}`,
  correlation: null,
  format: 'postgres-log',
  time: '2026-05-04T10:00:00.000Z',
  actor: { dbRole: 'billing-bot' },
  env: { database: 'orders', environmentName: 'Production' },
  action: 'DELETE',
  target: 'invoices/2026-04',
  actionClass: 'delete',
  classWhy: '',
  outcome: 'success',
  outcomeWhy: '',
  approval: null,
  source: { file: 'f', line: 1 },
  ...over,
});

const check = (e: ActivityEvent, inv = inventory()) => analyseActivity([e], inv, { fingerprint })[0]?.grants;

describe('grant check: system, environment, action class and scope', () => {
  it('allows an action of a granted class on a target inside the scope, in the granted system and environment', () => {
    expect(check(event({}))).toMatchObject({ allowed: true, grantId: 'gr-bill-prod', gate: 'single' });
    expect(check(event({}))?.why).toBe('a grant allows delete in Production on Orders DB within invoices/* (gate single)');
  });

  it('a target outside the scope is outside the grants, and says which scope', () => {
    const out = check(event({ target: 'customers/42' }));
    expect(out).toMatchObject({ allowed: false, grantId: null });
    expect(out?.why).toBe('target customers/42 is outside the scope invoices/* of the grant for delete in Production on Orders DB');
  });

  it('the class alone is not enough: another environment or another system is outside the grants', () => {
    expect(check(event({ env: { database: 'orders', environmentName: 'Staging' } }))).toMatchObject({ allowed: false });
    expect(check(event({ env: { repo: 'octo-org/billing-api', environmentName: 'Production' } }))).toMatchObject({ allowed: false });
    expect(check(event({ actionClass: 'write' }))?.why).toBe('no declared grant of Billing Bot allows write in Production on Orders DB');
  });

  it('an out-of-scope delete is an outside-grants finding, not an unapproved one', () => {
    const inv = inventory();
    const analysed = analyseActivity([event({ target: 'customers/42' }), event({ target: 'invoices/7' })], inv, { fingerprint });
    const findings = activityFindings(analysed, inv);
    expect(findings.find((f) => f.rule === 'outside-grants')?.eventIds).toEqual([analysed[0]?.event.id]);
    expect(findings.find((f) => f.rule === 'unapproved-destructive')?.eventIds).toEqual([analysed[1]?.event.id]);
  });

  it('remembered answers never cross targets, days or agents (one batch, many questions)', () => {
    const inv = inventory();
    const events = [
      event({ target: 'invoices/1' }),
      event({ target: 'refunds/1' }),
      event({ target: 'invoices/2' }),
      event({ target: 'refunds/1', actionClass: 'read' }),
    ];
    expect(analyseActivity(events, inv, { fingerprint }).map((a) => a.grants.allowed)).toEqual([true, false, true, false]);
  });
});

describe('scope patterns', () => {
  it('"*" and empty cover everything; a missing target is not held against the agent', () => {
    expect(scopeCovers('*', 'anything')).toBe(true);
    expect(scopeCovers('', 'anything')).toBe(true);
    expect(scopeCovers('invoices/*', null)).toBe(true);
  });

  it('matches the whole target or a part after a separator, ignoring case; a bare name covers what lies under it', () => {
    expect(scopeCovers('invoices/*', 'arn:aws:s3:::billing/invoices/2026.pdf')).toBe(true);
    expect(scopeCovers('invoices/*', 'key=Invoices/2026.pdf')).toBe(true);
    expect(scopeCovers('main', 'refs/heads/main')).toBe(true);
    expect(scopeCovers('orders-prod', 'bucketName=orders-prod')).toBe(true);
    expect(scopeCovers('orders-prod', 'orders-prod/exports/1.csv')).toBe(true);
    expect(scopeCovers('main', 'refs/heads/main-next')).toBe(false);
    expect(scopeCovers('invoices/*', 'archive-invoices/1')).toBe(false);
    expect(scopeCovers('ecs/services/*', 'arn:aws:ecs:eu-west-1:1:cluster/prod')).toBe(false);
  });

  it('a scope of many wildcards is matched as a prefix past the second, so it cannot stall the import', () => {
    const started = performance.now();
    expect(scopeCovers('a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(199))).toBe(true);
    expect(scopeCovers('x*y*z*never', 'x'.repeat(199))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
