import { describe, expect, it } from 'vitest';
import { scoreWorkspace } from '../../../core/scoring/engine';
import { approvalSubject, type GrantApprovalRecords } from '../../../core/approvals/model';
import type { Grant } from '../../../core/inventory/model';
import { agent, checklistOf, control, grant, input, inventory } from './fixtures';

const RULE = { id: 'destructive-approval-invalid' };
const req = { requestedBy: 'Rita', requestedByEmail: null, requestedAt: '2026-05-01T00:00:00.000Z' };
const ok = (g: Grant, name: string, over: Record<string, unknown> = {}) => ({
  id: `${g.id}-${name}`,
  grantId: g.id,
  approverName: name,
  approverEmail: null,
  approvedAt: '2026-05-02T00:00:00.000Z',
  expiresAt: '2026-08-01T00:00:00.000Z',
  subjectHash: 'h',
  subject: approvalSubject(g),
  ...over,
});

function run(grants: Grant[], grantApprovals?: GrantApprovalRecords, rule: Record<string, unknown> = RULE) {
  const checklist = checklistOf([control({ id: 'APR-9', rule: rule as never })]);
  const res = scoreWorkspace(
    input({ checklist, inventory: inventory({ agents: [agent('a')], grants }), ...(grantApprovals ? { grantApprovals } : {}) }),
  );
  return res.agents[0]!.controls[0]!;
}

describe('destructive-approval-invalid', () => {
  const g = grant('a', { id: 'g-del', actions: ['read', 'delete'], approvalGate: 'single' });

  it('flags a destructive production grant nobody approved, naming where', () => {
    const c = run([g]);
    expect(c.findings.map((f) => [f.grantId, f.message])).toEqual([['g-del', expect.stringContaining('no named person has approved it')]]);
    expect(c.findings[0]!.message).toContain('System db in Prod');
    expect(c.effective).toBe('no');
  });
  it('passes once another person approved it', () => {
    expect(run([g], { 'g-del': { request: req, approvals: [ok(g, 'Alex')] } }).findings).toEqual([]);
  });
  it('flags self-made, expired and stale approvals, each with its own reason', () => {
    const self = run([g], { 'g-del': { request: req, approvals: [ok(g, 'Rita')] } }).findings[0]!;
    expect(self.message).toMatch(/approved only by Rita, who requested it/);
    const expired = run([g], { 'g-del': { request: req, approvals: [ok(g, 'Alex', { expiresAt: '2026-05-15T00:00:00.000Z' })] } });
    expect(expired.findings[0]!.message).toMatch(/approval expired/);
    const widened = { ...g, actions: ['read', 'delete', 'admin'] } as Grant;
    const stale = run([widened], { 'g-del': { request: req, approvals: [ok(g, 'Alex')] } });
    expect(stale.findings[0]!.message).toMatch(/changed materially after it was approved/);
    expect(new Set([self.key, expired.findings[0]!.key, stale.findings[0]!.key]).size).toBe(3);
  });
  it('a two-person gate with one approver is flagged', () => {
    const two = { ...g, approvalGate: 'two-person' } as Grant;
    const c = run([two], { 'g-del': { request: req, approvals: [ok(two, 'Alex')] } });
    expect(c.findings[0]!.message).toMatch(/only one person has approved it/);
  });
  it('is n/a without destructive production access; staging is out of scope by default', () => {
    expect(run([grant('a', { actions: ['read', 'write'] })]).effective).toBe('na');
    expect(run([grant('a', { actions: ['delete'], environmentId: 'staging' })]).effective).toBe('na');
    expect(
      run([grant('a', { actions: ['delete'], environmentId: 'staging' })], undefined, { ...RULE, params: { tiers: ['staging'] } }).findings,
    ).toHaveLength(1);
  });
});
