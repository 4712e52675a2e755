import { describe, expect, it } from 'vitest';
import { Grant, GrantInput } from '../../../core/inventory/model';
import { buildMatrixCells, grantRisk } from '../../../core/inventory/risk';

const grant = (over: Partial<Grant>): Grant =>
  // Parsed, so fields with a default need not be listed here (a new registry field adds none).
  Grant.parse({
    id: over.id ?? 'g1',
    agentId: 'a1',
    systemId: 's1',
    environmentId: 'e1',
    actions: ['read'],
    scope: '*',
    credentialIdentity: '',
    approvalGate: 'none',
    expiresAt: null,
    justification: '',
    createdAt: '',
    updatedAt: '',
    ...over,
  });

describe('grant risk', () => {
  it('flags destructive production access without a gate as critical', () => {
    for (const action of ['delete', 'deploy', 'payment', 'permission-change', 'admin'] as const) {
      expect(grantRisk(grant({ actions: ['read', action] }), 'production').level).toBe('critical');
    }
  });
  it('lowers the level as the gate gets stronger', () => {
    const g = { actions: ['delete' as const] };
    expect(grantRisk(grant({ ...g, approvalGate: 'single' }), 'production').level).toBe('high');
    expect(grantRisk(grant({ ...g, approvalGate: 'two-person' }), 'production').level).toBe('medium');
  });
  it('treats the same action outside production as lower risk', () => {
    expect(grantRisk(grant({ actions: ['delete'] }), 'staging').level).toBe('medium');
    expect(grantRisk(grant({ actions: ['delete'] }), 'sandbox').level).toBe('low');
    expect(grantRisk(grant({ actions: ['read'] }), 'production').level).toBe('low');
    expect(grantRisk(grant({ actions: ['write'] }), 'production').level).toBe('high');
  });
  it('explains the finding in words', () => {
    expect(grantRisk(grant({ actions: ['read', 'delete'] }), 'production').reason).toBe('delete in production with no approval gate');
  });
});

describe('matrix cells', () => {
  it('folds several grants into one cell with the riskiest level and the weakest gate', () => {
    const cells = buildMatrixCells(
      [
        grant({ id: 'a', actions: ['read'], approvalGate: 'two-person' }),
        grant({ id: 'b', actions: ['delete'], approvalGate: 'none' }),
        grant({ id: 'c', systemId: 's2', actions: ['write'], approvalGate: 'single' }),
      ],
      'production',
    );
    expect(cells).toHaveLength(2);
    const first = cells.find((c) => c.systemId === 's1');
    expect(first).toMatchObject({ level: 'critical', weakestGate: 'none', actions: ['delete', 'read'], grantIds: ['a', 'b'] });
    expect(cells.find((c) => c.systemId === 's2')?.level).toBe('medium');
  });
});

describe('grant input schema', () => {
  it('requires at least one action, each only once, and a real date', () => {
    const base = { agentId: 'a', systemId: 's', environmentId: 'e' };
    expect(GrantInput.safeParse({ ...base, actions: [] }).success).toBe(false);
    expect(GrantInput.safeParse({ ...base, actions: ['read', 'read'] }).success).toBe(false);
    expect(GrantInput.safeParse({ ...base, actions: ['fly'] }).success).toBe(false);
    expect(GrantInput.safeParse({ ...base, actions: ['read'], expiresAt: '2027-02-30' }).success).toBe(false);
    expect(GrantInput.safeParse({ ...base, actions: ['read'], expiresAt: '2027-02-28' }).success).toBe(true);
    expect(GrantInput.parse({ ...base, actions: ['read'] })).toMatchObject({ approvalGate: 'none', scope: '*', expiresAt: null });
  });
});
