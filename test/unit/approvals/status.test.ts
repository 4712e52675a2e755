import { describe, expect, it } from 'vitest';
import { approvalSubject, type GrantApproval, type GrantRequest } from '../../../core/approvals/model';
import { approvalRefusal, grantApprovalSummary, needsApproval } from '../../../core/approvals/status';
import type { Grant } from '../../../core/inventory/model';
import { grant } from '../scoring/fixtures';

const NOW = '2026-06-01T12:00:00.000Z';
const request: GrantRequest = { requestedBy: 'Rita Requester', requestedByEmail: null, requestedAt: '2026-05-01T09:00:00.000Z' };
const approval = (g: Grant, name: string, over: Partial<GrantApproval> = {}): GrantApproval => ({
  id: `ap-${name}`,
  grantId: g.id,
  approverName: name,
  approverEmail: null,
  approvedAt: '2026-05-02T09:00:00.000Z',
  expiresAt: '2026-08-01T09:00:00.000Z',
  subjectHash: 'h',
  subject: approvalSubject(g),
  ...over,
});
const state = (g: Grant, approvals: GrantApproval[], req: GrantRequest | null = request) =>
  grantApprovalSummary(g, true, req, approvals, NOW).state;

describe('grant approval state', () => {
  const single = grant('a', { id: 'g1', actions: ['delete'], approvalGate: 'single' });
  const twoPerson = grant('a', { id: 'g2', actions: ['delete'], approvalGate: 'two-person' });

  it('needs approval only for destructive actions in production', () => {
    expect(needsApproval(single, 'production')).toBe(true);
    expect(needsApproval(single, 'staging')).toBe(false);
    expect(needsApproval(grant('a', { actions: ['read', 'write'] }), 'production')).toBe(false);
  });
  it('missing without any approval; approved by another person', () => {
    expect(state(single, [])).toBe('missing');
    expect(state(single, [approval(single, 'Alex Approver')])).toBe('approved');
  });
  it('self-approval does not count', () => {
    expect(state(single, [approval(single, 'rita  requester')])).toBe('self-approved');
  });
  it('expired approvals do not count', () => {
    expect(state(single, [approval(single, 'Alex', { expiresAt: '2026-05-31T00:00:00.000Z' })])).toBe('expired');
  });
  it('an approval of wider-than-approved terms is stale; a narrowing keeps it', () => {
    const widened = { ...single, actions: ['delete', 'admin'] } as Grant;
    expect(state(widened, [approval(single, 'Alex')])).toBe('stale');
    const narrowed = { ...single, scope: 'items/2026/*' } as Grant;
    expect(state(narrowed, [approval(single, 'Alex')])).toBe('approved');
  });
  it('an approval given before the latest material change is stale', () => {
    const later = { ...request, requestedAt: '2026-05-20T00:00:00.000Z' };
    expect(state(single, [approval(single, 'Alex')], later)).toBe('stale');
  });
  it('a two-person gate needs two distinct approvers', () => {
    expect(state(twoPerson, [approval(twoPerson, 'Alex')])).toBe('incomplete');
    expect(state(twoPerson, [approval(twoPerson, 'Alex'), approval(twoPerson, 'ALEX', { id: 'x' })])).toBe('incomplete');
    expect(state(twoPerson, [approval(twoPerson, 'Alex'), approval(twoPerson, 'Bea')])).toBe('approved');
  });
  it('refuses self-approval and approving twice, naming the person', () => {
    expect(approvalRefusal(single, request, [], { name: 'Rita Requester' }, NOW)).toMatch(/Rita Requester requested this grant/);
    expect(approvalRefusal(twoPerson, request, [approval(twoPerson, 'Alex')], { name: 'Alex' }, NOW)).toMatch(/second, different approver/);
    expect(approvalRefusal(twoPerson, request, [approval(twoPerson, 'Alex')], { name: 'Bea' }, NOW)).toBeNull();
    // An expired approval by the same person does not block a renewal.
    const old = approval(single, 'Alex', { expiresAt: '2026-05-01T00:00:00.000Z' });
    expect(approvalRefusal(single, request, [old], { name: 'Alex' }, NOW)).toBeNull();
  });
});
